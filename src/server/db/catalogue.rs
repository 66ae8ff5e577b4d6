//! The program catalogue, day rates and entitlement tiers (operator-owned data).

use super::{parse_stored, to_millis};
use crate::domain::{
    catalogue::{CatalogueEntry, CompetencyRequirement, EngagementType, Offering},
    country::CountryCode,
    days::{EngagementLength, PlanningDays},
    entitlement::EntitlementTier,
    ids::{EngagementTypeId, OfferingId},
    money::{Currency, DayRate, Money},
};
use chrono::{DateTime, Utc};
use sqlx::{Any, AnyConnection, Executor};

pub async fn insert_offering(
    db: &mut AnyConnection,
    offering: &Offering,
    position: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO offerings (id, code, name, position, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(offering.id.to_string())
        .bind(&offering.code)
        .bind(&offering.name)
        .bind(position)
        .bind(to_millis(at))
        .execute(db)
        .await?;
    Ok(())
}

pub async fn insert_engagement_type(
    db: &mut AnyConnection,
    engagement: &EngagementType,
    position: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO engagement_types (id, offering_id, name, allowed_lengths, position, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(engagement.id.to_string())
    .bind(engagement.offering_id.to_string())
    .bind(&engagement.name)
    .bind(EngagementLength::format_list(&engagement.allowed_lengths))
    .bind(position)
    .bind(to_millis(at))
    .execute(&mut *db)
    .await?;
    for requirement in &engagement.qualifying_competencies {
        sqlx::query(
            "INSERT INTO engagement_type_competencies (engagement_type_id, competency, min_level) VALUES ($1, $2, $3)",
        )
        .bind(engagement.id.to_string())
        .bind(&requirement.competency)
        .bind(requirement.min_level.as_str())
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

/// The live catalogue in display order: offerings with their engagement types.
pub async fn list(db: &mut AnyConnection) -> Result<Vec<CatalogueEntry>, sqlx::Error> {
    let offerings: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, code, name FROM offerings WHERE retired_at IS NULL ORDER BY position, code")
            .fetch_all(&mut *db)
            .await?;
    let engagements: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, offering_id, name, allowed_lengths FROM engagement_types WHERE retired_at IS NULL ORDER BY position, name",
    )
    .fetch_all(&mut *db)
    .await?;
    let competencies: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT engagement_type_id, competency, min_level FROM engagement_type_competencies ORDER BY competency",
    )
    .fetch_all(&mut *db)
    .await?;

    let mut entries = Vec::with_capacity(offerings.len());
    for (id, code, name) in offerings {
        let offering = Offering { id: parse_stored::<OfferingId>("offerings.id", &id)?, code, name };
        let mut engagement_types = Vec::new();
        for (engagement_id, _, engagement_name, lengths) in engagements.iter().filter(|row| row.1 == id) {
            let qualifying_competencies = competencies
                .iter()
                .filter(|row| &row.0 == engagement_id)
                .map(|(_, competency, level)| {
                    Ok(CompetencyRequirement {
                        competency: competency.clone(),
                        min_level: parse_stored("engagement_type_competencies.min_level", level)?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
            engagement_types.push(EngagementType {
                id: parse_stored::<EngagementTypeId>("engagement_types.id", engagement_id)?,
                offering_id: offering.id,
                name: engagement_name.clone(),
                allowed_lengths: EngagementLength::parse_list(lengths).map_err(|error| sqlx::Error::ColumnDecode {
                    index: "engagement_types.allowed_lengths".into(),
                    source: Box::new(error),
                })?,
                qualifying_competencies,
            });
        }
        entries.push(CatalogueEntry { offering, engagement_types });
    }
    Ok(entries)
}

pub async fn upsert_day_rate<'c>(
    db: impl Executor<'c, Database = Any>,
    rate: &DayRate,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO day_rates (country, amount_minor, currency, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (country) DO UPDATE SET amount_minor = excluded.amount_minor, currency = excluded.currency,
         updated_at = excluded.updated_at",
    )
    .bind(rate.country.as_str())
    .bind(rate.rate.minor_units)
    .bind(rate.rate.currency.code())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn day_rates<'c>(db: impl Executor<'c, Database = Any>) -> Result<Vec<DayRate>, sqlx::Error> {
    let rows: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT country, amount_minor, currency FROM day_rates ORDER BY country").fetch_all(db).await?;
    rows.into_iter()
        .map(|(country, amount, currency)| {
            let decode =
                |index: &str, error: String| sqlx::Error::ColumnDecode { index: index.into(), source: error.into() };
            let country =
                CountryCode::parse(&country).map_err(|error| decode("day_rates.country", error.to_string()))?;
            let currency =
                Currency::parse(&currency).map_err(|error| decode("day_rates.currency", error.to_string()))?;
            let rate =
                Money::new(amount, currency).map_err(|error| decode("day_rates.amount_minor", error.to_string()))?;
            Ok(DayRate { country, rate })
        })
        .collect()
}

pub async fn insert_tier<'c>(db: impl Executor<'c, Database = Any>, tier: EntitlementTier) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO entitlement_tiers (min_licenses, days) VALUES ($1, $2)")
        .bind(i64::from(tier.min_licenses))
        .bind(i64::from(tier.days.get()))
        .execute(db)
        .await?;
    Ok(())
}

/// Adds the tier or changes its days.
pub async fn set_tier<'c>(db: impl Executor<'c, Database = Any>, tier: EntitlementTier) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO entitlement_tiers (min_licenses, days) VALUES ($1, $2)
         ON CONFLICT (min_licenses) DO UPDATE SET days = excluded.days",
    )
    .bind(i64::from(tier.min_licenses))
    .bind(i64::from(tier.days.get()))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn tiers<'c>(db: impl Executor<'c, Database = Any>) -> Result<Vec<EntitlementTier>, sqlx::Error> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT min_licenses, days FROM entitlement_tiers ORDER BY min_licenses").fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(min_licenses, days)| EntitlementTier {
            min_licenses: u32::try_from(min_licenses).unwrap_or(u32::MAX),
            days: PlanningDays::new(u32::try_from(days).unwrap_or(0)),
        })
        .collect())
}

/// Replaces an engagement type's allowed lengths and qualifying competencies; `false`
/// when there is no live engagement type with this id.
pub async fn update_engagement_type(
    db: &mut AnyConnection,
    id: EngagementTypeId,
    lengths: &[EngagementLength],
    requirements: &[CompetencyRequirement],
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE engagement_types SET allowed_lengths = $1 WHERE id = $2 AND retired_at IS NULL")
        .bind(EngagementLength::format_list(lengths))
        .bind(id.to_string())
        .execute(&mut *db)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    // The requirement rows are configuration; their history is the audit entry's before/after.
    sqlx::query("DELETE FROM engagement_type_competencies WHERE engagement_type_id = $1")
        .bind(id.to_string())
        .execute(&mut *db)
        .await?;
    for requirement in requirements {
        sqlx::query(
            "INSERT INTO engagement_type_competencies (engagement_type_id, competency, min_level) VALUES ($1, $2, $3)",
        )
        .bind(id.to_string())
        .bind(&requirement.competency)
        .bind(requirement.min_level.as_str())
        .execute(&mut *db)
        .await?;
    }
    Ok(true)
}

/// Retires an engagement type (it stays for history and existing vouchers).
pub async fn retire_engagement_type<'c>(
    db: impl Executor<'c, Database = Any>,
    id: EngagementTypeId,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE engagement_types SET retired_at = $1 WHERE id = $2 AND retired_at IS NULL")
        .bind(to_millis(at))
        .bind(id.to_string())
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}
