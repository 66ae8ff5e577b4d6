//! Emailed links that prove an address. The token is stored only as its SHA-256.

use super::{parse_stored, to_millis};
use crate::domain::ids::UserId;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    user_id: UserId,
    at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_verifications (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id.to_string())
    .bind(to_millis(at))
    .bind(to_millis(expires_at))
    .execute(db)
    .await?;
    Ok(())
}

/// Uses up the link: the user it proves, when it was unused and unexpired. One
/// compare-and-set, so two clicks at once prove it once.
pub async fn take<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<Option<UserId>, sqlx::Error> {
    let user_id: Option<String> = sqlx::query_scalar(
        "UPDATE email_verifications SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id",
    )
    .bind(to_millis(at))
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    user_id.map(|id| parse_stored("email_verifications.user_id", &id)).transpose()
}
