//! What every handler and server function can reach.

use super::clock::SharedClock;
use super::config::Config;
use super::db::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub clock: SharedClock,
    pub config: Arc<Config>,
}

impl AppState {
    /// The state the current server function runs with (provided by `leptos_routes`).
    pub fn current() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("AppState missing from the server-function context");
            crate::error::AppError::Internal
        })
    }
}
