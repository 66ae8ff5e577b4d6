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
    use crate::domain::access::Action;
    use crate::server::{auth, profiles, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    auth::require(Action::FindPartners).await?;
    let key = format!("search_partners {:?}", (&offering, &country, &language, page));
    reads.once(key, async move { profiles::search(&state, &offering, &country, &language, page).await }).await
}

#[server(endpoint = "get_partner_profile")]
pub async fn get_partner_profile(org_id: String) -> Result<PublicProfile, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, profiles, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::UsePortal).await?;
    let key = format!("get_partner_profile {org_id}");
    reads.once(key, async move { profiles::public_profile(&state, &viewer, &org_id).await }).await
}
