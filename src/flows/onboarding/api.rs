//! Server functions of partner onboarding (steps 1 and 2). Each authorizes through the
//! gate and leaves the rules to `server::onboarding`.

use crate::domain::partner::{ExamsOverview, OnboardingOverview};
use crate::domain::profile::{ProfileDraft, PublicProfile};
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The partner's checklist, records, agreement and enrollments.
#[server(endpoint = "get_onboarding")]
pub async fn get_onboarding() -> Result<OnboardingOverview, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ManageEnrollment).await?;
    reads.once("get_onboarding", async move { onboarding::overview(&state, &viewer).await }).await
}

#[server(endpoint = "record_training")]
pub async fn record_training(completed_on: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageEnrollment).await?;
    onboarding::record_training(&state, &viewer, &completed_on).await
}

#[server(endpoint = "add_competency")]
pub async fn add_competency(name: String, level: String, valid_until: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageEnrollment).await?;
    onboarding::add_competency(&state, &viewer, &name, &level, &valid_until).await
}

#[server(endpoint = "retire_competency")]
pub async fn retire_competency(id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageEnrollment).await?;
    onboarding::retire(&state, &viewer, onboarding::Retire::Competency, &id).await
}

#[server(endpoint = "add_location")]
pub async fn add_location(location_id: String, name: String, country: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageEnrollment).await?;
    onboarding::add_location(&state, &viewer, &location_id, &name, &country).await
}

#[server(endpoint = "retire_location")]
pub async fn retire_location(id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageEnrollment).await?;
    onboarding::retire(&state, &viewer, onboarding::Retire::Location, &id).await
}

/// Signs the program agreement version the partner read (`version`).
#[server(endpoint = "sign_agreement")]
pub async fn sign_agreement(signer_name: String, signer_title: String, version: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageEnrollment).await?;
    onboarding::sign_agreement(&state, &viewer, &signer_name, &signer_title, &version).await
}

/// Enrolls in one offering for a year; returns when the enrollment ends.
#[server(endpoint = "enroll")]
pub async fn enroll(offering_id: String) -> Result<NaiveDate, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageEnrollment).await?;
    onboarding::enroll(&state, &viewer, &offering_id).await
}

/// Renews one offering for another year, signing the current agreement again.
#[server(endpoint = "renew_enrollment")]
pub async fn renew_enrollment(
    offering_id: String,
    signer_name: String,
    signer_title: String,
    version: String,
) -> Result<NaiveDate, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageEnrollment).await?;
    onboarding::renew(&state, &viewer, &offering_id, &signer_name, &signer_title, &version).await
}

/// The operator publishes a new version of the program agreement.
#[server(endpoint = "publish_agreement")]
pub async fn publish_agreement(title: String, body: String) -> Result<u32, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageCatalogue).await?;
    onboarding::publish_agreement(&state, &viewer, &title, &body).await
}

/// Remembers the wizard step the partner is on, so a later visit resumes there.
#[server(endpoint = "save_onboarding_step")]
pub async fn save_onboarding_step(step: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageEnrollment).await?;
    onboarding::save_step(&state, &viewer, &step).await
}

/// The business profile form and its preview as customers will see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileEditor {
    pub draft: Option<ProfileDraft>,
    pub preview: Option<PublicProfile>,
}

#[server(endpoint = "get_profile")]
pub async fn get_profile() -> Result<ProfileEditor, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, profiles, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ManageProfile).await?;
    reads
        .once("get_profile", async move {
            Ok(ProfileEditor {
                draft: profiles::draft(&state, &viewer).await?,
                preview: profiles::preview(&state, &viewer).await?,
            })
        })
        .await
}

/// Saves the business profile; `published` is present when the box is ticked.
#[server(endpoint = "save_profile")]
pub async fn save_profile(
    description: String,
    website: String,
    contact_name: String,
    contact_email: String,
    languages: String,
    industries: String,
    published: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, profiles, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageProfile).await?;
    let form = profiles::ProfileForm {
        description: &description,
        website: &website,
        contact_name: &contact_name,
        contact_email: &contact_email,
        languages: &languages,
        industries: &industries,
        published: published.is_some(),
    };
    profiles::save(&state, &viewer, form).await
}

/// Exams and assessments: all of them for admins, their own for a consultant.
#[server(endpoint = "list_exams")]
pub async fn list_exams() -> Result<ExamsOverview, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::RecordExams).await?;
    reads.once("list_exams", async move { onboarding::exams(&state, &viewer).await }).await
}

/// Records a passed exam for `consultant` (a consultant may only name themself).
#[server(endpoint = "record_exam")]
pub async fn record_exam(
    consultant: String,
    competency: String,
    exam: String,
    passed_on: String,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, onboarding, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::RecordExams).await?;
    onboarding::record_exam(&state, &viewer, &consultant, &competency, &exam, &passed_on).await
}
