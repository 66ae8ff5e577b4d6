//! UI pieces shared by every flow.

pub mod chart;
pub mod copy;
pub mod export;
pub mod feedback;
pub mod focus;
pub mod form;
pub mod gate;
pub mod language;
pub mod layout;
pub mod nav;
pub mod passkey;
pub mod timeline;
