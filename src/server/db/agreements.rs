//! Customers' licensing agreements. Every function is scoped to one organisation.

use super::{date_text, from_millis, parse_stored, parse_stored_date, to_millis};
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
        "INSERT INTO licensing_agreements (id, org_id, licensing_id, qualifying_licenses, ends_on, entitled_days, days_left, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)",
    )
    .bind(agreement.id.to_string())
    .bind(agreement.org_id.to_string())
    .bind(agreement.licensing_id)
    .bind(i64::from(agreement.qualifying_licenses))
    .bind(date_text(agreement.ends_on))
    .bind(i64::from(agreement.entitled.get()))
    .bind(agreement.created_by.to_string())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Each agreement with its pool as the database keeps it: the figures beside `days_left`
/// are kept equal to the sums over its vouchers by a trigger (migrations), so a pool of
/// 100,000 vouchers reads one row.
pub(crate) const AGREEMENT_WITH_POOL: &str =
    "SELECT a.id, a.licensing_id, a.qualifying_licenses, a.ends_on, a.entitled_days, a.activated_at, a.days_left,
        a.open_days, a.used_days, a.returned_days, a.lost_days
     FROM licensing_agreements a
     WHERE a.org_id = $1";

/// The pool figures summed from the vouchers themselves, for each agreement whose kept
/// figures differ from them: what `server::integrity` checks the trigger against.
pub(crate) const POOL_FIGURES_ADRIFT: &str = "SELECT a.licensing_id, a.open_days, a.used_days, a.returned_days, a.lost_days,
        s.open_days, s.used_days, s.returned_days, s.lost_days
     FROM licensing_agreements a
     JOIN (SELECT x.id,
             CAST(COALESCE(SUM(CASE WHEN v.status IN ('assigned', 'reserved', 'delivered') THEN v.days ELSE 0 END), 0) AS BIGINT) AS open_days,
             CAST(COALESCE(SUM(CASE WHEN v.status IN ('redeemed', 'claimed', 'paid') THEN v.days ELSE 0 END), 0) AS BIGINT) AS used_days,
             CAST(COALESCE(SUM(v.returned_days), 0) AS BIGINT) AS returned_days,
             CAST(COALESCE(SUM(CASE WHEN v.status IN ('cancelled', 'expired') THEN v.days - v.returned_days ELSE 0 END), 0) AS BIGINT) AS lost_days
           FROM licensing_agreements x LEFT JOIN vouchers v ON v.agreement_id = x.id
           GROUP BY x.id) s ON s.id = a.id
     WHERE a.open_days <> s.open_days OR a.used_days <> s.used_days
        OR a.returned_days <> s.returned_days OR a.lost_days <> s.lost_days";

#[derive(sqlx::FromRow)]
struct AgreementRow {
    id: String,
    licensing_id: String,
    qualifying_licenses: i64,
    ends_on: String,
    entitled_days: i64,
    activated_at: Option<i64>,
    days_left: i64,
    open_days: i64,
    used_days: i64,
    returned_days: i64,
    lost_days: i64,
}

impl AgreementRow {
    fn into_agreement(self) -> Result<LicensingAgreement, sqlx::Error> {
        let days = |stored: i64| PlanningDays::new(u32::try_from(stored).unwrap_or(0));
        Ok(LicensingAgreement {
            id: parse_stored("licensing_agreements.id", &self.id)?,
            licensing_id: self.licensing_id,
            qualifying_licenses: u32::try_from(self.qualifying_licenses).unwrap_or(0),
            ends_on: parse_stored_date("licensing_agreements.ends_on", &self.ends_on)?,
            activated_at: self.activated_at.map(from_millis),
            pool: Pool {
                entitled: days(self.entitled_days),
                reserved: days(self.open_days),
                used: days(self.used_days),
                returned: days(self.returned_days),
                lost: days(self.lost_days),
                left: days(self.days_left),
            },
        })
    }
}

pub async fn list_for_org<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Vec<LicensingAgreement>, sqlx::Error> {
    let rows: Vec<AgreementRow> =
        sqlx::query_as(&format!("{AGREEMENT_WITH_POOL} ORDER BY a.ends_on DESC, a.licensing_id"))
            .bind(org_id.to_string())
            .fetch_all(db)
            .await?;
    rows.into_iter().map(AgreementRow::into_agreement).collect()
}

/// One of the organisation's agreements with its pool; `None` for another organisation's.
pub async fn find_for_org<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    id: LicensingAgreementId,
) -> Result<Option<LicensingAgreement>, sqlx::Error> {
    let row: Option<AgreementRow> = sqlx::query_as(&format!("{AGREEMENT_WITH_POOL} AND a.id = $2"))
        .bind(org_id.to_string())
        .bind(id.to_string())
        .fetch_optional(db)
        .await?;
    row.map(AgreementRow::into_agreement).transpose()
}

/// Takes `days` out of the pool if that many are left (compare-and-set): `false` when not.
pub async fn draw_days<'c>(
    db: impl Executor<'c, Database = Any>,
    id: LicensingAgreementId,
    days: PlanningDays,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE licensing_agreements SET days_left = days_left - $1 WHERE id = $2 AND days_left >= $1")
            .bind(i64::from(days.get()))
            .bind(id.to_string())
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts days back in the pool (a cancelled or expired voucher's).
pub async fn return_days<'c>(
    db: impl Executor<'c, Database = Any>,
    id: LicensingAgreementId,
    days: PlanningDays,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE licensing_agreements SET days_left = days_left + $1 WHERE id = $2")
        .bind(i64::from(days.get()))
        .bind(id.to_string())
        .execute(db)
        .await?;
    Ok(())
}

/// `return_days` for several agreements at once (a job's batch), one statement per few
/// hundred agreements.
pub async fn return_days_all(
    db: &mut sqlx::AnyConnection,
    returns: &[(LicensingAgreementId, PlanningDays)],
) -> Result<(), sqlx::Error> {
    for chunk in returns.chunks(super::ROWS_PER_STATEMENT) {
        let added: String = (0..chunk.len()).map(|n| format!(" WHEN ${} THEN ${}", 1 + 2 * n, 2 + 2 * n)).collect();
        let ids: Vec<String> = (0..chunk.len()).map(|n| format!("${}", 1 + 2 * n)).collect();
        let sql = format!(
            "UPDATE licensing_agreements SET days_left = days_left + CASE id{added} END WHERE id IN ({})",
            ids.join(", ")
        );
        let query = chunk
            .iter()
            .fold(sqlx::query(&sql), |query, (id, days)| query.bind(id.to_string()).bind(i64::from(days.get())));
        query.execute(&mut *db).await?;
    }
    Ok(())
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
