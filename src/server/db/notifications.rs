//! A person's notifications. Each is written in the transaction of the email it copies
//! (`server::mail::send`); only its person reads or marks it.

use super::{from_millis, parse_stored, to_millis};
use crate::domain::ids::{NotificationId, UserId};
use crate::domain::notification::Notification;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

pub struct NewNotification<'a> {
    pub user_id: UserId,
    pub kind: &'static str,
    pub subject: &'a str,
    /// The portal page it concerns (a path).
    pub link: &'a str,
}

const INSERT: &str = "INSERT INTO notifications (id, user_id, kind, subject, link, created_at) VALUES ";
const COLUMNS: usize = 6;

fn bind_notification<'q>(
    query: super::AnyQuery<'q>,
    notification: &NewNotification<'_>,
    at: DateTime<Utc>,
) -> super::AnyQuery<'q> {
    query
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(notification.user_id.to_string())
        .bind(notification.kind)
        .bind(notification.subject.to_owned())
        .bind(notification.link.to_owned())
        .bind(to_millis(at))
}

pub async fn record<'c>(
    db: impl Executor<'c, Database = Any>,
    notification: NewNotification<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = super::insert_sql(INSERT, 1, COLUMNS);
    bind_notification(sqlx::query(&sql), &notification, at).execute(db).await?;
    Ok(())
}

/// Records many notifications at once (a job's batch), a few statements for the lot.
pub async fn record_all(
    db: &mut sqlx::AnyConnection,
    notifications: &[NewNotification<'_>],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    super::insert_all(db, INSERT, COLUMNS, notifications, |query, row| bind_notification(query, row, at)).await
}

pub async fn unread<'c>(db: impl Executor<'c, Database = Any>, user_id: UserId) -> Result<u32, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id.to_string())
        .fetch_one(db)
        .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// The person's newest notifications, newest first.
pub async fn recent<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    limit: u32,
) -> Result<Vec<Notification>, sqlx::Error> {
    let rows: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, subject, created_at, read_at FROM notifications WHERE user_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id.to_string())
    .bind(i64::from(limit))
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, subject, created_at, read_at)| {
            Ok(Notification {
                id: parse_stored("notifications.id", &id)?,
                subject,
                created_at: from_millis(created_at),
                read: read_at.is_some(),
            })
        })
        .collect()
}

/// Marks one of the person's notifications read (the first time it is opened) and
/// returns the page it concerns; `None` when it is not theirs or does not exist.
pub async fn open<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    id: NotificationId,
    at: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3 RETURNING link",
    )
    .bind(to_millis(at))
    .bind(id.to_string())
    .bind(user_id.to_string())
    .fetch_optional(db)
    .await
}

/// Marks every notification of the person read; how many were unread.
pub async fn mark_all_read<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    at: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(to_millis(at))
        .bind(user_id.to_string())
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// Marks everyone's notifications older than `before` read (the demo's history: what
/// happened weeks ago is not news).
pub async fn mark_read_before<'c>(
    db: impl Executor<'c, Database = Any>,
    before: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET read_at = created_at WHERE read_at IS NULL AND created_at < $1")
        .bind(to_millis(before))
        .execute(db)
        .await?;
    Ok(())
}
