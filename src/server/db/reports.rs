//! Completion reports and deliverables. A report can be edited until it is submitted;
//! deliverables are stored in the database (shared by every replica).

use super::{date_text, from_millis, parse_stored, parse_stored_date, to_millis};
use crate::domain::{
    days::PlanningDays,
    ids::{DeliverableId, EngagementId, UserId},
    report::{CompletionReport, Deliverable, DeliverableKind},
};
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

type ReportRow = (String, String, i64, String, String, String, String, String, Option<i64>);

/// The engagement's report and when it was submitted, if it was.
pub async fn get<'c>(
    db: impl Executor<'c, Database = Any>,
    engagement_id: EngagementId,
) -> Result<Option<(CompletionReport, Option<DateTime<Utc>>)>, sqlx::Error> {
    let row: Option<ReportRow> = sqlx::query_as(
        "SELECT delivered_from, delivered_to, days_delivered, consultants, customer_contact_name, customer_contact_email,
                summary, recommendations, submitted_at
         FROM completion_reports WHERE engagement_id = $1",
    )
    .bind(engagement_id.to_string())
    .fetch_optional(db)
    .await?;
    row.map(|(from, to, days, consultants, name, email, summary, recommendations, submitted_at)| {
        let consultants = consultants
            .split(',')
            .filter(|id| !id.is_empty())
            .map(|id| parse_stored("completion_reports.consultants", id))
            .collect::<Result<Vec<UserId>, _>>()?;
        Ok((
            CompletionReport {
                delivered_from: parse_stored_date("completion_reports.delivered_from", &from)?,
                delivered_to: parse_stored_date("completion_reports.delivered_to", &to)?,
                days_delivered: PlanningDays::new(u32::try_from(days).unwrap_or(0)),
                consultants,
                customer_contact_name: name,
                customer_contact_email: email,
                summary,
                recommendations,
            },
            submitted_at.map(from_millis),
        ))
    })
    .transpose()
}

/// Saves the report unless it was submitted already: `false` then.
pub async fn save<'c>(
    db: impl Executor<'c, Database = Any>,
    engagement_id: EngagementId,
    report: &CompletionReport,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let consultants: Vec<String> = report.consultants.iter().map(ToString::to_string).collect();
    let done = sqlx::query(
        "INSERT INTO completion_reports (engagement_id, delivered_from, delivered_to, days_delivered, consultants,
             customer_contact_name, customer_contact_email, summary, recommendations, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (engagement_id) DO UPDATE SET delivered_from = excluded.delivered_from,
             delivered_to = excluded.delivered_to, days_delivered = excluded.days_delivered,
             consultants = excluded.consultants, customer_contact_name = excluded.customer_contact_name,
             customer_contact_email = excluded.customer_contact_email, summary = excluded.summary,
             recommendations = excluded.recommendations, updated_by = excluded.updated_by, updated_at = excluded.updated_at
         WHERE completion_reports.submitted_at IS NULL",
    )
    .bind(engagement_id.to_string())
    .bind(date_text(report.delivered_from))
    .bind(date_text(report.delivered_to))
    .bind(i64::from(report.days_delivered.get()))
    .bind(consultants.join(","))
    .bind(&report.customer_contact_name)
    .bind(&report.customer_contact_email)
    .bind(&report.summary)
    .bind(&report.recommendations)
    .bind(by.to_string())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the report submitted once (compare-and-set).
pub async fn submit<'c>(
    db: impl Executor<'c, Database = Any>,
    engagement_id: EngagementId,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE completion_reports SET submitted_at = $1, submitted_by = $2 WHERE engagement_id = $3 AND submitted_at IS NULL",
    )
    .bind(to_millis(at))
    .bind(by.to_string())
    .bind(engagement_id.to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct NewDeliverable<'a> {
    pub id: DeliverableId,
    pub engagement_id: EngagementId,
    pub file_name: &'a str,
    pub kind: DeliverableKind,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub uploaded_by: UserId,
}

pub async fn insert_deliverable<'c>(
    db: impl Executor<'c, Database = Any>,
    deliverable: NewDeliverable<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO deliverables (id, engagement_id, file_name, kind, size_bytes, sha256, content, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(deliverable.id.to_string())
    .bind(deliverable.engagement_id.to_string())
    .bind(deliverable.file_name)
    .bind(deliverable.kind.as_str())
    .bind(deliverable.content.len() as i64)
    .bind(deliverable.sha256)
    .bind(deliverable.content.to_vec())
    .bind(deliverable.uploaded_by.to_string())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Deletes a deliverable of a report not submitted yet: `false` when there is no such
/// deliverable or its report was submitted.
pub async fn delete_deliverable<'c>(
    db: impl Executor<'c, Database = Any>,
    id: DeliverableId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM deliverables WHERE id = $1 AND NOT EXISTS (
             SELECT 1 FROM completion_reports r
             WHERE r.engagement_id = deliverables.engagement_id AND r.submitted_at IS NOT NULL)",
    )
    .bind(id.to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The engagement's deliverables without their content, oldest first.
pub async fn deliverables<'c>(
    db: impl Executor<'c, Database = Any>,
    engagement_id: EngagementId,
) -> Result<Vec<Deliverable>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64, String, i64)> = sqlx::query_as(
        "SELECT d.id, d.file_name, d.kind, d.size_bytes, u.name, d.uploaded_at
         FROM deliverables d JOIN users u ON u.id = d.uploaded_by
         WHERE d.engagement_id = $1 ORDER BY d.uploaded_at, d.id",
    )
    .bind(engagement_id.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, file_name, kind, size, uploaded_by, uploaded_at)| {
            Ok(Deliverable {
                id: parse_stored("deliverables.id", &id)?,
                file_name,
                kind: DeliverableKind::parse(&kind).ok_or_else(|| sqlx::Error::ColumnDecode {
                    index: "deliverables.kind".into(),
                    source: format!("unknown kind {kind:?}").into(),
                })?,
                size: u64::try_from(size).unwrap_or(0),
                uploaded_by,
                uploaded_at: from_millis(uploaded_at),
            })
        })
        .collect()
}

/// One deliverable's engagement and name, without its bytes.
pub async fn owner<'c>(
    db: impl Executor<'c, Database = Any>,
    id: DeliverableId,
) -> Result<Option<(EngagementId, String)>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT engagement_id, file_name FROM deliverables WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(db)
            .await?;
    row.map(|(engagement, name)| Ok((parse_stored("deliverables.engagement_id", &engagement)?, name))).transpose()
}

/// One deliverable's engagement, name, kind and bytes.
pub async fn content<'c>(
    db: impl Executor<'c, Database = Any>,
    id: DeliverableId,
) -> Result<Option<(EngagementId, String, DeliverableKind, Vec<u8>)>, sqlx::Error> {
    let row: Option<(String, String, String, Vec<u8>)> =
        sqlx::query_as("SELECT engagement_id, file_name, kind, content FROM deliverables WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(db)
            .await?;
    row.map(|(engagement, name, kind, bytes)| {
        Ok((
            parse_stored("deliverables.engagement_id", &engagement)?,
            name,
            DeliverableKind::parse(&kind).unwrap_or(DeliverableKind::Pdf),
            bytes,
        ))
    })
    .transpose()
}
