//! Passkeys are made and used in the browser only (`browser.rs`); the server build's
//! components name these functions but never call them.

use crate::domain::second_factor::FactorRefusal;

pub async fn create(_options: &str) -> Result<String, FactorRefusal> {
    Err(FactorRefusal::PasskeysUnsupported)
}

pub async fn get(_options: &str) -> Result<String, FactorRefusal> {
    Err(FactorRefusal::PasskeysUnsupported)
}
