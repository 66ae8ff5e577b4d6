//! Pure program types and rules, compiled for the server and the WASM client alike.
//!
//! Every value that crosses the server-function boundary is parsed into one of these
//! types on the server; the client parses with the same code so the messages match.

pub mod access;
pub mod account;
pub mod agreement;
pub mod audit;
pub mod catalogue;
pub mod claim;
pub mod country;
pub mod csv;
pub mod dashboard;
pub mod days;
pub mod eligibility;
pub mod email;
pub mod entitlement;
pub mod ids;
pub mod money;
pub mod notification;
pub mod outbox;
pub mod partner;
pub mod password;
pub mod people;
pub mod profile;
pub mod report;
pub mod reservation;
pub mod roles;
pub mod search;
pub mod second_factor;
pub mod text;
pub mod validation;
pub mod viewer;
pub mod voucher;
pub mod voucher_code;
pub mod voucher_status;
