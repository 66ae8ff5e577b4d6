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
    /// The keys that seal secrets at rest.
    pub keys: Arc<super::secrets::DataKeys>,
    /// The WebAuthn relying party for passkeys; `None` when the public address has no
    /// domain name (`passkeys::relying_party`).
    pub passkeys: Option<Arc<webauthn_rs::Webauthn>>,
    /// The built client's files by their content-hashed names.
    pub assets: Arc<super::document::SiteAssets>,
}

impl AppState {
    /// The state for `config`: passkeys are scoped to its public address.
    pub fn new(
        leptos_options: LeptosOptions,
        db: Db,
        clock: SharedClock,
        config: Config,
        keys: super::secrets::DataKeys,
    ) -> Self {
        let passkeys = super::passkeys::relying_party(&config.public_url).map(Arc::new);
        let assets = Arc::new(super::document::SiteAssets::read(&leptos_options));
        Self { leptos_options, db, clock, config: Arc::new(config), keys: Arc::new(keys), passkeys, assets }
    }

    /// The state the current server function runs with (provided by `leptos_routes`).
    ///
    /// Call it before the server function's first `.await`: during server rendering a
    /// resource's fetch can outlive the reactive owner that started it (Leptos re-runs a
    /// suspended view when the session resolves), and a context lookup after an await then
    /// finds nothing. Reading it after an await made pages fail intermittently with an error
    /// inside the page and a hydration mismatch in the browser.
    pub fn current() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("AppState missing from the server-function context");
            crate::error::AppError::Internal
        })
    }
}
