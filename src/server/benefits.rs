//! The customer side of step 4, first half: licensing agreements, their entitlement
//! and the activation of the Planning Services benefit.

use super::auth;
use super::db::{self, agreements, audit, catalogue};
use super::state::AppState;
use crate::domain::access::Action;
use crate::domain::agreement::BenefitRefusal;
use crate::domain::{
    agreement::{parse_license_count, parse_licensing_id, LicensingAgreement},
    days::PlanningDays,
    entitlement::entitled_days,
    ids::LicensingAgreementId,
    partner::parse_date,
    validation::FormErrors,
    viewer::Viewer,
};
use crate::error::AppError;
use serde_json::json;

pub async fn list(state: &AppState, viewer: &Viewer) -> Result<Vec<LicensingAgreement>, AppError> {
    auth::permit(viewer, Action::ManageAgreements)?;
    Ok(agreements::list_for_org(&state.db.pool, viewer.org_id).await?)
}

/// Registers an agreement; its planning days come from the entitlement tiers in force.
pub async fn register(
    state: &AppState,
    viewer: &Viewer,
    licensing_id: &str,
    licenses: &str,
    ends_on: &str,
) -> Result<PlanningDays, AppError> {
    auth::permit(viewer, Action::ManageAgreements)?;
    let today = state.clock.now().date_naive();
    let mut errors = FormErrors::new();
    let licensing_id = errors.check("licensing_id", parse_licensing_id(licensing_id));
    let licenses = errors.check("qualifying_licenses", parse_license_count(licenses));
    let ends_on = match errors.check("ends_on", parse_date(ends_on)) {
        Some(date) if date < today => {
            errors.push("ends_on", BenefitRefusal::AlreadyEnded.to_string());
            None
        }
        other => other,
    };
    let (Some(licensing_id), Some(licenses), Some(ends_on)) = (licensing_id, licenses, ends_on) else {
        return Err(errors.into());
    };
    let entitled = entitled_days(licenses, &catalogue::tiers(&state.db.pool).await?);
    let id = LicensingAgreementId::from_uuid(uuid::Uuid::new_v4());
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let inserted = agreements::insert(
        &mut *tx,
        agreements::NewAgreement {
            id,
            org_id: viewer.org_id,
            licensing_id: &licensing_id,
            qualifying_licenses: licenses,
            ends_on,
            entitled,
            created_by: viewer.user_id,
        },
        now,
    )
    .await;
    match inserted {
        Err(error) if db::is_unique_violation(&error) => {
            return Err(AppError::field("licensing_id", BenefitRefusal::AlreadyRegistered.to_string()))
        }
        other => other?,
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "licensing_agreement", &id.to_string(), "registered").after(json!({
            "licensing_id": licensing_id, "qualifying_licenses": licenses, "ends_on": ends_on, "entitled_days": entitled.get()
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(entitled)
}

/// Activates the Planning Services benefit on one of the viewer's agreements.
pub async fn activate(state: &AppState, viewer: &Viewer, agreement_id: &str) -> Result<(), AppError> {
    let not_found = || AppError::NotFound(BenefitRefusal::NoSuchAgreement.to_string());
    let id = LicensingAgreementId::parse(agreement_id).map_err(|_| not_found())?;
    let agreement =
        list(state, viewer).await?.into_iter().find(|agreement| agreement.id == id).ok_or_else(not_found)?;
    let today = state.clock.now().date_naive();
    if !agreement.is_active(today) {
        return Err(AppError::Conflict(
            BenefitRefusal::Ended { licensing_id: agreement.licensing_id, on: agreement.ends_on }.to_string(),
        ));
    }
    if agreement.pool.entitled == PlanningDays::ZERO {
        return Err(AppError::Conflict(
            BenefitRefusal::EarnsNothing {
                licensing_id: agreement.licensing_id,
                licences: agreement.qualifying_licenses,
            }
            .to_string(),
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    if !agreements::activate(&mut *tx, viewer.org_id, id, viewer.user_id, now).await? {
        return Err(AppError::Conflict(
            BenefitRefusal::AlreadyActive { licensing_id: agreement.licensing_id }.to_string(),
        ));
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "licensing_agreement", &id.to_string(), "benefit_activated"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
