//! Server functions of the partner directory.

use crate::domain::profile::{DirectoryPage, PublicProfile};
use crate::error::AppError;
use leptos::prelude::*;

/// Published partners by offering code, country and language (each optional).
#[server(endpoint = "search_partners")]
pub async fn search_partners(
    offering: String,
    country: String,
    language: String,
    page: u32,
) -> Result<DirectoryPage, AppError> {
    use crate::server::{auth, profiles, state::AppState};
    let state = AppState::current()?;
    auth::require(&[]).await?;
    profiles::search(&state, &offering, &country, &language, page).await
}

#[server(endpoint = "get_partner_profile")]
pub async fn get_partner_profile(org_id: String) -> Result<PublicProfile, AppError> {
    use crate::server::{auth, profiles, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(&[]).await?;
    profiles::public_profile(&state, &viewer, &org_id).await
}
