//! The operator keeps the catalogue: offerings, their engagement types, allowed
//! lengths and qualifying competencies. Every change is audited.

use super::auth;
use super::db::{self, audit, catalogue};
use super::state::AppState;
use crate::domain::access::Action;
use crate::domain::catalogue::CatalogueRefusal;
use crate::domain::{
    agreement::parse_license_count,
    catalogue::{parse_offering_code, parse_requirements, CatalogueEntry, CatalogueError, EngagementType, Offering},
    days::EngagementLength,
    entitlement::{parse_tier_days, with_tier, EntitlementTier},
    ids::{EngagementTypeId, OfferingId},
    text::single_line,
    validation::FormErrors,
    viewer::Viewer,
};
use crate::error::AppError;
use serde_json::json;

pub async fn list(state: &AppState) -> Result<Vec<CatalogueEntry>, AppError> {
    let mut connection = state.db.pool.acquire().await?;
    Ok(catalogue::list(&mut connection).await?)
}

pub async fn add_offering(state: &AppState, viewer: &Viewer, code: &str, name: &str) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageCatalogue)?;
    let mut errors = FormErrors::new();
    let code = errors.check("code", parse_offering_code(code));
    let name = errors.check("name", single_line(name, 120));
    let (Some(code), Some(name)) = (code, name) else {
        return Err(errors.into());
    };
    let offering = Offering { id: OfferingId::from_uuid(uuid::Uuid::new_v4()), code, name };
    let position = list(state).await?.len() as i64;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    match catalogue::insert_offering(&mut tx, &offering, position, now).await {
        Err(error) if db::is_unique_violation(&error) => {
            return Err(AppError::field("code", CatalogueRefusal::CodeTaken.to_string()))
        }
        other => other?,
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "offering", &offering.id.to_string(), "created").after(json!(offering)),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn parse_engagement_rules(
    errors: &mut FormErrors,
    lengths: &str,
    competencies: &str,
) -> (Option<Vec<EngagementLength>>, Option<Vec<crate::domain::catalogue::CompetencyRequirement>>) {
    let lengths = match errors.check("lengths", EngagementLength::parse_list(lengths)) {
        Some(lengths) if lengths.is_empty() => {
            errors.push("lengths", CatalogueError::NoLength.to_string());
            None
        }
        other => other,
    };
    let requirements = errors.check("competencies", parse_requirements(competencies));
    (lengths, requirements)
}

pub async fn add_engagement_type(
    state: &AppState,
    viewer: &Viewer,
    offering_id: &str,
    name: &str,
    lengths: &str,
    competencies: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageCatalogue)?;
    let entries = list(state).await?;
    let mut errors = FormErrors::new();
    let entry = errors.check(
        "offering_id",
        OfferingId::parse(offering_id)
            .ok()
            .and_then(|id| entries.iter().find(|entry| entry.offering.id == id))
            .ok_or(CatalogueRefusal::ChooseOffering),
    );
    let name = errors.check("name", single_line(name, 120));
    let (lengths, requirements) = parse_engagement_rules(&mut errors, lengths, competencies);
    let (Some(entry), Some(name), Some(allowed_lengths), Some(qualifying_competencies)) =
        (entry, name, lengths, requirements)
    else {
        return Err(errors.into());
    };
    let engagement = EngagementType {
        id: EngagementTypeId::from_uuid(uuid::Uuid::new_v4()),
        offering_id: entry.offering.id,
        name,
        allowed_lengths,
        qualifying_competencies,
    };
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    match catalogue::insert_engagement_type(&mut tx, &engagement, entry.engagement_types.len() as i64, now).await {
        Err(error) if db::is_unique_violation(&error) => {
            return Err(AppError::field("name", CatalogueRefusal::NameTaken.to_string()))
        }
        other => other?,
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "engagement_type", &engagement.id.to_string(), "created").after(json!(engagement)),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn find_engagement(entries: &[CatalogueEntry], id: &str) -> Result<EngagementType, AppError> {
    let not_found = || AppError::NotFound(CatalogueRefusal::NoSuchEngagementType.to_string());
    let id = EngagementTypeId::parse(id).map_err(|_| not_found())?;
    entries
        .iter()
        .flat_map(|entry| entry.engagement_types.iter())
        .find(|engagement| engagement.id == id)
        .cloned()
        .ok_or_else(not_found)
}

pub async fn update_engagement_type(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    lengths: &str,
    competencies: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageCatalogue)?;
    let before = find_engagement(&list(state).await?, id)?;
    let mut errors = FormErrors::new();
    let (lengths, requirements) = parse_engagement_rules(&mut errors, lengths, competencies);
    let (Some(lengths), Some(requirements)) = (lengths, requirements) else {
        return Err(errors.into());
    };
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    if !catalogue::update_engagement_type(&mut tx, before.id, &lengths, &requirements).await? {
        return Err(AppError::Conflict(CatalogueRefusal::RetiredMeanwhile.to_string()));
    }
    let after = EngagementType { allowed_lengths: lengths, qualifying_competencies: requirements, ..before.clone() };
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "engagement_type", &before.id.to_string(), "updated")
            .before(json!(before))
            .after(json!(after)),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn retire_engagement_type(state: &AppState, viewer: &Viewer, id: &str) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageCatalogue)?;
    let engagement = find_engagement(&list(state).await?, id)?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    if !catalogue::retire_engagement_type(&mut *tx, engagement.id, now).await? {
        return Err(AppError::Conflict(CatalogueRefusal::RetiredAlready.to_string()));
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "engagement_type", &engagement.id.to_string(), "retired").before(json!(engagement)),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the planning days of the tier starting at `min_licenses` (adding it if new).
/// Agreements registered before keep the days they were registered with.
pub async fn set_entitlement_tier(
    state: &AppState,
    viewer: &Viewer,
    min_licenses: &str,
    days: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageCatalogue)?;
    let mut errors = FormErrors::new();
    let min_licenses = errors.check("min_licenses", parse_license_count(min_licenses));
    let days = errors.check("days", parse_tier_days(days));
    let (Some(min_licenses), Some(days)) = (min_licenses, days) else {
        return Err(errors.into());
    };
    let tier = EntitlementTier { min_licenses, days };
    let now = state.clock.now();
    let previous = catalogue::tiers(&state.db.pool)
        .await?
        .into_iter()
        .find(|t| t.min_licenses == min_licenses)
        .map(|t| json!({ "days": t.days.get() }));
    let mut tx = state.db.pool.begin().await?;
    // Write first (SQLite), then check the whole table as it now stands; a refusal rolls back.
    catalogue::set_tier(&mut *tx, tier).await?;
    with_tier(&catalogue::tiers(&mut *tx).await?, tier).map_err(|error| AppError::field("days", error.to_string()))?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "entitlement_tier", &min_licenses.to_string(), "set")
            .before(previous)
            .after(json!({ "days": days.get() })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
