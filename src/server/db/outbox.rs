//! The email outbox. Every message is written here in the same transaction as the
//! change that caused it, so no email is lost even if sending fails; a sender job
//! delivers them (SMTP arrives with the voucher flow).

use super::to_millis;
use crate::domain::ids::OrgId;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

pub struct NewMessage<'a> {
    /// The organisation whose admins may read this message in the app.
    pub org_id: Option<OrgId>,
    /// What the message is about, e.g. `invitation`, `voucher_assigned`.
    pub kind: &'static str,
    pub to: &'a str,
    pub subject: String,
    pub body: String,
}

pub async fn enqueue<'c>(
    db: impl Executor<'c, Database = Any>,
    message: NewMessage<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, org_id, kind, to_address, subject, body_text, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(message.org_id.map(|id| id.to_string()))
    .bind(message.kind)
    .bind(message.to)
    .bind(message.subject)
    .bind(message.body)
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Messages addressed to `to`, newest first (tests and the outbox page read this).
pub async fn for_recipient<'c>(
    db: impl Executor<'c, Database = Any>,
    to: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT kind, subject, body_text FROM outbox WHERE to_address = $1 ORDER BY created_at DESC, id")
        .bind(to)
        .fetch_all(db)
        .await
}
