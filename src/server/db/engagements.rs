//! Partners' reservations of vouchers (engagements) and the consultants named on them.

use super::{date_text, from_millis, parse_stored, parse_stored_date, to_millis};
use crate::domain::{
    country::CountryCode,
    days::PlanningDays,
    ids::{EngagementId, EngagementTypeId, LocationRecordId, OrgId, UserId, VoucherId},
    reservation::EngagementSummary,
    voucher_code::VoucherCode,
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, AnyConnection, Executor};

pub struct NewEngagement<'a> {
    pub id: EngagementId,
    pub voucher_id: VoucherId,
    pub partner_org_id: OrgId,
    pub engagement_type_id: EngagementTypeId,
    pub location_id: LocationRecordId,
    pub delivery_country: CountryCode,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub consultants: &'a [UserId],
    pub reserved_by: UserId,
}

/// Fails with a unique violation if the voucher already has a live reservation.
pub async fn insert(
    db: &mut AnyConnection,
    engagement: NewEngagement<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO engagements (id, voucher_id, partner_org_id, engagement_type_id, location_id, delivery_country,
             starts_on, ends_on, terms_accepted_at, reserved_by, reserved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9)",
    )
    .bind(engagement.id.to_string())
    .bind(engagement.voucher_id.to_string())
    .bind(engagement.partner_org_id.to_string())
    .bind(engagement.engagement_type_id.to_string())
    .bind(engagement.location_id.to_string())
    .bind(engagement.delivery_country.as_str())
    .bind(date_text(engagement.starts_on))
    .bind(date_text(engagement.ends_on))
    .bind(to_millis(at))
    .bind(engagement.reserved_by.to_string())
    .execute(&mut *db)
    .await?;
    for consultant in engagement.consultants {
        sqlx::query("INSERT INTO engagement_consultants (engagement_id, user_id) VALUES ($1, $2)")
            .bind(engagement.id.to_string())
            .bind(consultant.to_string())
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}

/// The live reservation of a voucher: its id and the partner holding it.
pub async fn live_for_voucher<'c>(
    db: impl Executor<'c, Database = Any>,
    voucher_id: VoucherId,
) -> Result<Option<(EngagementId, OrgId)>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT id, partner_org_id FROM engagements WHERE voucher_id = $1 AND released_at IS NULL")
            .bind(voucher_id.to_string())
            .fetch_optional(db)
            .await?;
    row.map(|(id, org)| Ok((parse_stored("engagements.id", &id)?, parse_stored("engagements.partner_org_id", &org)?)))
        .transpose()
}

/// Ends a live reservation (compare-and-set): `false` when it was released already.
pub async fn release<'c>(
    db: impl Executor<'c, Database = Any>,
    id: EngagementId,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE engagements SET released_at = $1, released_by = $2 WHERE id = $3 AND released_at IS NULL")
            .bind(to_millis(at))
            .bind(by.to_string())
            .bind(id.to_string())
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Whose engagements a reader may see.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// Every live engagement of the partner.
    Partner(OrgId),
    /// Only those a consultant is named on.
    Consultant(OrgId, UserId),
    /// The live engagement of one of the customer's vouchers.
    CustomerVoucher(OrgId, VoucherId),
    /// One engagement, whoever holds it (the caller checks who may see it).
    One(EngagementId),
    /// The partner's live engagement of one voucher.
    PartnerVoucher(OrgId, VoucherId),
}

/// Live engagements, newest first.
pub async fn list(db: &mut AnyConnection, scope: Scope) -> Result<Vec<EngagementSummary>, sqlx::Error> {
    let (condition, first, second) = match scope {
        Scope::Partner(org) => ("e.partner_org_id = $1 AND $2 IS NULL", org.to_string(), None),
        Scope::Consultant(org, user) => (
            "e.partner_org_id = $1 AND EXISTS (SELECT 1 FROM engagement_consultants c WHERE c.engagement_id = e.id AND c.user_id = $2)",
            org.to_string(),
            Some(user.to_string()),
        ),
        Scope::CustomerVoucher(org, voucher) => {
            ("v.customer_org_id = $1 AND v.id = $2", org.to_string(), Some(voucher.to_string()))
        }
        Scope::One(id) => ("e.id = $1 AND $2 IS NULL", id.to_string(), None),
        Scope::PartnerVoucher(org, voucher) => {
            ("e.partner_org_id = $1 AND e.voucher_id = $2", org.to_string(), Some(voucher.to_string()))
        }
    };
    let rows: Vec<EngagementRow> = sqlx::query_as(&format!(
        "SELECT e.id, e.voucher_id, e.partner_org_id, v.customer_org_id, v.code, c.name AS customer_name, p.name AS partner_name, o.code AS offering_code,
                t.name AS engagement_type, v.days, l.name AS location, l.country, e.starts_on, e.ends_on, v.status,
                v.expires_at, e.reserved_at
         FROM engagements e
         JOIN vouchers v ON v.id = e.voucher_id
         JOIN organisations c ON c.id = v.customer_org_id
         JOIN organisations p ON p.id = e.partner_org_id
         JOIN offerings o ON o.id = v.offering_id
         JOIN engagement_types t ON t.id = e.engagement_type_id
         JOIN partner_locations l ON l.id = e.location_id
         WHERE e.released_at IS NULL AND {condition}
         ORDER BY e.reserved_at DESC, e.id DESC
         LIMIT 500"
    ))
    .bind(first)
    .bind(second)
    .fetch_all(&mut *db)
    .await?;
    let mut summaries = Vec::with_capacity(rows.len());
    for row in rows {
        let consultants: Vec<(String, String)> = sqlx::query_as(
            "SELECT u.id, u.name FROM engagement_consultants c JOIN users u ON u.id = c.user_id WHERE c.engagement_id = $1 ORDER BY u.name",
        )
        .bind(&row.id)
        .fetch_all(&mut *db)
        .await?;
        summaries.push(row.into_summary(consultants)?);
    }
    Ok(summaries)
}

#[derive(sqlx::FromRow)]
struct EngagementRow {
    id: String,
    voucher_id: String,
    partner_org_id: String,
    customer_org_id: String,
    code: String,
    customer_name: String,
    partner_name: String,
    offering_code: String,
    engagement_type: String,
    days: i64,
    location: String,
    country: String,
    starts_on: String,
    ends_on: String,
    status: String,
    expires_at: i64,
    reserved_at: i64,
}

impl EngagementRow {
    fn into_summary(self, consultants: Vec<(String, String)>) -> Result<EngagementSummary, sqlx::Error> {
        let consultant_ids = consultants
            .iter()
            .map(|(id, _)| parse_stored("engagement_consultants.user_id", id))
            .collect::<Result<Vec<UserId>, _>>()?;
        let code = VoucherCode::parse(&self.code)
            .map_err(|error| sqlx::Error::ColumnDecode { index: "vouchers.code".into(), source: Box::new(error) })?;
        Ok(EngagementSummary {
            id: parse_stored("engagements.id", &self.id)?,
            voucher_id: parse_stored("engagements.voucher_id", &self.voucher_id)?,
            partner_org_id: parse_stored("engagements.partner_org_id", &self.partner_org_id)?,
            customer_org_id: parse_stored("vouchers.customer_org_id", &self.customer_org_id)?,
            code: code.to_string(),
            customer_name: self.customer_name,
            partner_name: self.partner_name,
            offering_code: self.offering_code,
            engagement_type: self.engagement_type,
            days: PlanningDays::new(u32::try_from(self.days).unwrap_or(0)),
            location: format!("{} ({})", self.location, self.country),
            starts_on: parse_stored_date("engagements.starts_on", &self.starts_on)?,
            ends_on: parse_stored_date("engagements.ends_on", &self.ends_on)?,
            consultants: consultants.into_iter().map(|(_, name)| name).collect(),
            consultant_ids,
            status: parse_stored("vouchers.status", &self.status)?,
            expires_at: from_millis(self.expires_at),
            reserved_at: from_millis(self.reserved_at),
        })
    }
}

/// What releasing a reservation needs to know.
#[derive(Debug, Clone)]
pub struct Held {
    pub voucher_id: VoucherId,
    pub partner_org_id: OrgId,
    pub customer_org_id: OrgId,
    pub code: String,
    pub project_manager_email: String,
    pub project_manager_name: String,
    pub live: bool,
}

type HeldRow = (String, String, String, String, String, String, Option<i64>);

pub async fn held<'c>(db: impl Executor<'c, Database = Any>, id: EngagementId) -> Result<Option<Held>, sqlx::Error> {
    let row: Option<HeldRow> = sqlx::query_as(
        "SELECT e.voucher_id, e.partner_org_id, v.customer_org_id, v.code, v.project_manager_email, v.project_manager_name, e.released_at
         FROM engagements e JOIN vouchers v ON v.id = e.voucher_id WHERE e.id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    row.map(|(voucher, partner, customer, code, email, name, released_at)| {
        Ok(Held {
            voucher_id: parse_stored("engagements.voucher_id", &voucher)?,
            partner_org_id: parse_stored("engagements.partner_org_id", &partner)?,
            customer_org_id: parse_stored("vouchers.customer_org_id", &customer)?,
            code: VoucherCode::display_stored(&code),
            project_manager_email: email,
            project_manager_name: name,
            live: released_at.is_none(),
        })
    })
    .transpose()
}

/// Moves a live reservation's dates (the voucher must still be Reserved).
pub async fn change_dates<'c>(
    db: impl Executor<'c, Database = Any>,
    id: EngagementId,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE engagements SET starts_on = $1, ends_on = $2
         WHERE id = $3 AND released_at IS NULL
           AND voucher_id IN (SELECT id FROM vouchers WHERE status = 'reserved')",
    )
    .bind(date_text(starts_on))
    .bind(date_text(ends_on))
    .bind(id.to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
