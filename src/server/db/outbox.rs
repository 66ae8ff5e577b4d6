//! The email outbox. Every message is written here in the same transaction as the
//! change that caused it, so no email is lost even if sending fails; the delivery job
//! (`server::email`) sends them and retries failures.

use super::{from_millis, to_millis};
use crate::domain::{ids::OrgId, outbox::OutboxMessage};
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

const INSERT: &str =
    "INSERT INTO outbox (id, org_id, kind, to_address, subject, body_text, created_at, next_attempt_at) VALUES ";
const COLUMNS: usize = 8;

fn bind_message<'q>(query: super::AnyQuery<'q>, message: &NewMessage<'_>, at: DateTime<Utc>) -> super::AnyQuery<'q> {
    // Due at once: first attempted when written.
    query
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(message.org_id.map(|id| id.to_string()))
        .bind(message.kind)
        .bind(message.to.to_owned())
        .bind(message.subject.clone())
        .bind(message.body.clone())
        .bind(to_millis(at))
        .bind(to_millis(at))
}

pub async fn enqueue<'c>(
    db: impl Executor<'c, Database = Any>,
    message: NewMessage<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = super::insert_sql(INSERT, 1, COLUMNS);
    bind_message(sqlx::query(&sql), &message, at).execute(db).await?;
    Ok(())
}

/// Puts many messages in the outbox at once (a job's batch), a few statements for the lot.
pub async fn enqueue_all(
    db: &mut sqlx::AnyConnection,
    messages: &[NewMessage<'_>],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    super::insert_all(db, INSERT, COLUMNS, messages, |query, row| bind_message(query, row, at)).await
}

/// Messages addressed to `to`, newest first (tests and the outbox page read this).
pub async fn for_recipient<'c>(
    db: impl Executor<'c, Database = Any>,
    to: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, subject, body_text FROM outbox WHERE to_address = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(to)
    .fetch_all(db)
    .await
}

/// A message waiting to be sent.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    next_attempt_at: i64,
}

/// Messages due for (another) attempt, oldest first.
pub async fn due<'c>(
    db: impl Executor<'c, Database = Any>,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Pending>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, to_address, subject, body_text, attempts, next_attempt_at FROM outbox
         WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2",
    )
    .bind(to_millis(now))
    .bind(i64::from(limit))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, to, subject, body, attempts, next_attempt_at)| Pending {
            id,
            to,
            subject,
            body,
            attempts,
            next_attempt_at,
        })
        .collect())
}

/// Takes the message for one attempt until `lease_until` (compare-and-set on its due
/// time), so two replicas never send it at the same moment. `false` when another did.
pub async fn claim<'c>(
    db: impl Executor<'c, Database = Any>,
    message: &Pending,
    lease_until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1
         WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL",
    )
    .bind(to_millis(lease_until))
    .bind(&message.id)
    .bind(message.next_attempt_at)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_sent<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET sent_at = $1, last_error = NULL WHERE id = $2")
        .bind(to_millis(at))
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Marks the messages written up to `at` and not sent yet as sent then: the demo's
/// history, played before the portal opened, is kept as mailed at the time rather than
/// delivered now. Anything written after `at` (by the portal already serving, or a
/// replica) is left for the sender.
pub async fn mark_sent_until<'c>(db: impl Executor<'c, Database = Any>, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET sent_at = $1 WHERE sent_at IS NULL AND created_at <= $1")
        .bind(to_millis(at))
        .execute(db)
        .await?;
    Ok(())
}

/// Keeps the message for a later attempt, with the reason this one failed.
pub async fn mark_failed<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    error: &str,
    retry_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET last_error = $1, next_attempt_at = $2 WHERE id = $3 AND sent_at IS NULL")
        .bind(error)
        .bind(to_millis(retry_at))
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

type OutboxRow = (String, String, String, String, i64, i64, Option<i64>, Option<String>);

/// One organisation's messages, newest first, for its admins (`None`: the whole program).
pub async fn for_org<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: Option<OrgId>,
    limit: u32,
) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "SELECT kind, to_address, subject, body_text, created_at, attempts, sent_at, last_error FROM outbox
         WHERE ($1 IS NULL OR org_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(org_id.map(|id| id.to_string()))
    .bind(i64::from(limit))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, to, subject, body, created_at, attempts, sent_at, last_error)| OutboxMessage {
            body: (!crate::server::mail::PRIVATE_KINDS.contains(&kind.as_str())).then_some(body),
            kind,
            to,
            subject,
            created_at: from_millis(created_at),
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            sent_at: sent_at.map(from_millis),
            last_error,
        })
        .collect())
}
