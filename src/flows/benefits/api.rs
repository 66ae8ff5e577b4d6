//! Server functions of the customer's agreements page.

use crate::domain::{agreement::LicensingAgreement, days::PlanningDays};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "list_agreements")]
pub async fn list_agreements() -> Result<Vec<LicensingAgreement>, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, benefits, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ManageAgreements).await?;
    reads.once("list_agreements", async move { benefits::list(&state, &viewer).await }).await
}

/// Registers a licensing agreement; returns the planning days it earns.
#[server(endpoint = "register_agreement")]
pub async fn register_agreement(
    licensing_id: String,
    qualifying_licenses: String,
    ends_on: String,
) -> Result<PlanningDays, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, benefits, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageAgreements).await?;
    benefits::register(&state, &viewer, &licensing_id, &qualifying_licenses, &ends_on).await
}

#[server(endpoint = "activate_benefit")]
pub async fn activate_benefit(agreement_id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, benefits, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageAgreements).await?;
    benefits::activate(&state, &viewer, &agreement_id).await
}
