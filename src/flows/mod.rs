//! One folder per flow: its pages and its thin server functions (authorize, call the
//! server module, map errors).

pub mod account;
pub mod audit;
pub mod auth;
pub mod benefits;
pub mod catalogue;
pub mod claims;
pub mod dashboard;
pub mod directory;
pub mod notifications;
pub mod onboarding;
pub mod outbox;
pub mod reports;
pub mod reservations;
pub mod search;
pub mod users;
pub mod vouchers;
