//! Everything that only runs on the server: configuration, start-up, storage,
//! authentication and background jobs. Compiled only with the `ssr` feature.

pub mod account_links;
pub mod accounts;
pub mod auth;
pub mod benefits;
pub mod catalogue;
pub mod claims;
pub mod clock;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod document;
pub mod email;
pub mod http;
pub mod integrity;
pub mod jobs;
pub mod mail;
pub mod notifications;
pub mod onboarding;
pub mod own_account;
pub mod passkeys;
pub mod passwords;
pub mod profiles;
pub mod reports;
pub mod request_reads;
pub mod reservations;
pub mod search;
pub mod second_factor;
pub mod secrets;
pub mod seed;
pub mod startup;
pub mod state;
pub mod throttle;
pub mod vouchers;

#[cfg(test)]
mod tests;
