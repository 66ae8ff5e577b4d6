//! Emailed single-use links that act for a person (`TokenPurpose`). Only the token's
//! SHA-256 is stored.

use super::{parse_stored, to_millis};
use crate::domain::{account::TokenPurpose, ids::UserId};
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

/// Stores a new link for `user_id`, usable until its purpose's lifetime is over.
pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    purpose: TokenPurpose,
    token_hash: &str,
    user_id: UserId,
    at: DateTime<Utc>,
) -> Result<DateTime<Utc>, sqlx::Error> {
    let expires_at = at + purpose.lifetime();
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, purpose, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(user_id.to_string())
    .bind(to_millis(at))
    .bind(to_millis(expires_at))
    .execute(db)
    .await?;
    Ok(expires_at)
}

/// Uses up the link: the person it acts for, when it was for `purpose`, unused and
/// unexpired. One compare-and-set, so two clicks at once use it once.
pub async fn take<'c>(
    db: impl Executor<'c, Database = Any>,
    purpose: TokenPurpose,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<Option<UserId>, sqlx::Error> {
    let user_id: Option<String> = sqlx::query_scalar(
        "UPDATE account_tokens SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id",
    )
    .bind(to_millis(at))
    .bind(token_hash)
    .bind(purpose.as_str())
    .fetch_optional(db)
    .await?;
    user_id.map(|id| parse_stored("account_tokens.user_id", &id)).transpose()
}

/// Whether `user_id` was sent a link for `purpose` since `since` (to send at most one
/// password link at a time).
pub async fn sent_since<'c>(
    db: impl Executor<'c, Database = Any>,
    purpose: TokenPurpose,
    user_id: UserId,
    since: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND created_at > $3",
    )
    .bind(user_id.to_string())
    .bind(purpose.as_str())
    .bind(to_millis(since))
    .fetch_one(db)
    .await?;
    Ok(count > 0)
}
