//! Server functions of the operator's catalogue page.

use crate::domain::{catalogue::CatalogueEntry, entitlement::EntitlementTier, partner::AgreementVersion};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueAdmin {
    pub entries: Vec<CatalogueEntry>,
    pub agreement: Option<AgreementVersion>,
    pub tiers: Vec<EntitlementTier>,
}

/// The live catalogue and the agreement in force (operator only).
#[server(endpoint = "get_catalogue_admin")]
pub async fn get_catalogue_admin() -> Result<CatalogueAdmin, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, catalogue, db, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    auth::require(Action::ManageCatalogue).await?;
    reads
        .once("get_catalogue_admin", async move {
            Ok(CatalogueAdmin {
                entries: catalogue::list(&state).await?,
                agreement: db::partners::current_agreement(&state.db.pool).await?,
                tiers: db::catalogue::tiers(&state.db.pool).await?,
            })
        })
        .await
}

/// Sets how many planning days agreements from `min_licenses` qualifying licences earn.
#[server(endpoint = "set_entitlement_tier")]
pub async fn set_entitlement_tier(min_licenses: String, days: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, catalogue, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageCatalogue).await?;
    catalogue::set_entitlement_tier(&state, &viewer, &min_licenses, &days).await
}

#[server(endpoint = "add_offering")]
pub async fn add_offering(code: String, name: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, catalogue, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageCatalogue).await?;
    catalogue::add_offering(&state, &viewer, &code, &name).await
}

/// `lengths` like `1,3,5`; `competencies` like `Messaging:silver; Data Platform:gold`.
#[server(endpoint = "add_engagement_type")]
pub async fn add_engagement_type(
    offering_id: String,
    name: String,
    lengths: String,
    competencies: String,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, catalogue, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageCatalogue).await?;
    catalogue::add_engagement_type(&state, &viewer, &offering_id, &name, &lengths, &competencies).await
}

#[server(endpoint = "update_engagement_type")]
pub async fn update_engagement_type(id: String, lengths: String, competencies: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, catalogue, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageCatalogue).await?;
    catalogue::update_engagement_type(&state, &viewer, &id, &lengths, &competencies).await
}

#[server(endpoint = "retire_engagement_type")]
pub async fn retire_engagement_type(id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, catalogue, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageCatalogue).await?;
    catalogue::retire_engagement_type(&state, &viewer, &id).await
}
