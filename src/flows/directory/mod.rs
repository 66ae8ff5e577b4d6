//! The partner directory: customers find published partners by offering, country and language.

pub mod api;
