//! Partner onboarding: eligibility (step 1) and enrollment (step 2).

pub mod api;
