//! Payment claims (step 8).

pub mod api;
