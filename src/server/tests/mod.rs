//! Integration tests: the real router, a real database (a fresh SQLite file and a fresh
//! PostgreSQL database per test), requests as the browser sends them.
//!
//! Every test is written once and run on both backends by `on_both_backends!`.

mod helpers;
mod smtp_sink;
mod sweep;
mod throttle;

mod accounts;
mod audit;
mod audit_trail;
mod authorization;
mod benefits;
mod caching;
mod catalogue;
mod claims;
mod dashboard;
mod demo;
mod directory;
mod email;
mod hardening;
mod http;
mod language;
mod migrations;
mod notifications;
mod onboarding;
mod outside_findings;
mod passkeys;
mod passwords;
mod people;
mod query_plans;
mod reports;
mod request_context;
mod reservations;
mod search;
mod second_factor;
mod secrets_at_rest;
mod vouchers;
