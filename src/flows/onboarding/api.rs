//! Server functions of partner onboarding (steps 1 and 2). Each authorizes through the
//! gate and leaves the rules to `server::onboarding`.

use crate::domain::partner::OnboardingOverview;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The partner's checklist, records, agreement and enrollments.
#[server(endpoint = "get_onboarding")]
pub async fn get_onboarding() -> Result<OnboardingOverview, AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::overview(&AppState::current()?, &viewer).await
}

#[server(endpoint = "record_training")]
pub async fn record_training(completed_on: String) -> Result<(), AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::record_training(&AppState::current()?, &viewer, &completed_on).await
}

#[server(endpoint = "add_competency")]
pub async fn add_competency(name: String, level: String, valid_until: String) -> Result<(), AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::add_competency(&AppState::current()?, &viewer, &name, &level, &valid_until).await
}

#[server(endpoint = "retire_competency")]
pub async fn retire_competency(id: String) -> Result<(), AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::retire(&AppState::current()?, &viewer, onboarding::Retire::Competency, &id).await
}

#[server(endpoint = "add_location")]
pub async fn add_location(location_id: String, name: String, country: String) -> Result<(), AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::add_location(&AppState::current()?, &viewer, &location_id, &name, &country).await
}

#[server(endpoint = "retire_location")]
pub async fn retire_location(id: String) -> Result<(), AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::retire(&AppState::current()?, &viewer, onboarding::Retire::Location, &id).await
}

/// Signs the program agreement version the partner read (`version`).
#[server(endpoint = "sign_agreement")]
pub async fn sign_agreement(signer_name: String, signer_title: String, version: String) -> Result<(), AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::sign_agreement(&AppState::current()?, &viewer, &signer_name, &signer_title, &version).await
}

/// Enrolls in one offering for a year; returns when the enrollment ends.
#[server(endpoint = "enroll")]
pub async fn enroll(offering_id: String) -> Result<NaiveDate, AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::enroll(&AppState::current()?, &viewer, &offering_id).await
}

/// Renews one offering for another year, signing the current agreement again.
#[server(endpoint = "renew_enrollment")]
pub async fn renew_enrollment(
    offering_id: String,
    signer_name: String,
    signer_title: String,
    version: String,
) -> Result<NaiveDate, AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::renew(&AppState::current()?, &viewer, &offering_id, &signer_name, &signer_title, &version).await
}

/// The operator publishes a new version of the program agreement.
#[server(endpoint = "publish_agreement")]
pub async fn publish_agreement(title: String, body: String) -> Result<u32, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(&[Role::Operator]).await?;
    onboarding::publish_agreement(&AppState::current()?, &viewer, &title, &body).await
}

/// Remembers the wizard step the partner is on, so a later visit resumes there.
#[server(endpoint = "save_onboarding_step")]
pub async fn save_onboarding_step(step: String) -> Result<(), AppError> {
    use crate::server::{auth, onboarding, state::AppState};
    let viewer = auth::require(onboarding::PARTNER_ADMINS).await?;
    onboarding::save_step(&AppState::current()?, &viewer, &step).await
}
