//! Customers' licensing agreements. Every function is scoped to one organisation.

use super::{from_millis, parse_stored, to_millis};
use crate::domain::{
    agreement::{LicensingAgreement, Pool},
    days::PlanningDays,
    ids::{LicensingAgreementId, OrgId, UserId},
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, Executor};

pub struct NewAgreement<'a> {
    pub id: LicensingAgreementId,
    pub org_id: OrgId,
    pub licensing_id: &'a str,
    pub qualifying_licenses: u32,
    pub ends_on: NaiveDate,
    pub entitled: PlanningDays,
    pub created_by: UserId,
}

/// Fails with a unique violation when the organisation registered this licensing ID already.
pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    agreement: NewAgreement<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO licensing_agreements (id, org_id, licensing_id, qualifying_licenses, ends_on, entitled_days, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(agreement.id.to_string())
    .bind(agreement.org_id.to_string())
    .bind(agreement.licensing_id)
    .bind(i64::from(agreement.qualifying_licenses))
    .bind(agreement.ends_on.format("%Y-%m-%d").to_string())
    .bind(i64::from(agreement.entitled.get()))
    .bind(agreement.created_by.to_string())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn list_for_org<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Vec<LicensingAgreement>, sqlx::Error> {
    let rows: Vec<(String, String, i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, licensing_id, qualifying_licenses, ends_on, entitled_days, activated_at
         FROM licensing_agreements WHERE org_id = $1 ORDER BY ends_on DESC, licensing_id",
    )
    .bind(org_id.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, licensing_id, licenses, ends_on, entitled, activated_at)| {
            Ok(LicensingAgreement {
                id: parse_stored("licensing_agreements.id", &id)?,
                licensing_id,
                qualifying_licenses: u32::try_from(licenses).unwrap_or(0),
                ends_on: NaiveDate::parse_from_str(&ends_on, "%Y-%m-%d").map_err(|error| {
                    sqlx::Error::ColumnDecode { index: "licensing_agreements.ends_on".into(), source: Box::new(error) }
                })?,
                activated_at: activated_at.map(from_millis),
                // Vouchers draw on the pool once they exist; until then it is untouched.
                pool: Pool::untouched(PlanningDays::new(u32::try_from(entitled).unwrap_or(0))),
            })
        })
        .collect()
}

/// Activates the benefit once (compare-and-set): `false` when it was active already.
pub async fn activate<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    id: LicensingAgreementId,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE licensing_agreements SET activated_at = $1, activated_by = $2 WHERE id = $3 AND org_id = $4 AND activated_at IS NULL",
    )
    .bind(to_millis(at))
    .bind(by.to_string())
    .bind(id.to_string())
    .bind(org_id.to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
