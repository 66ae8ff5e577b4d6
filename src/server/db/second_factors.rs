//! Authenticators (TOTP secrets, sealed), recovery codes (hashed) and the organisations
//! that require a second factor of their members.

use super::to_millis;
use crate::domain::ids::{OrgId, UserId};
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

/// A person's authenticator as stored.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredAuthenticator {
    /// Sealed (`server::secrets`).
    pub secret: String,
    pub confirmed_at: Option<i64>,
}

pub async fn authenticator<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
) -> Result<Option<StoredAuthenticator>, sqlx::Error> {
    sqlx::query_as("SELECT secret, confirmed_at FROM totp_factors WHERE user_id = $1")
        .bind(user_id.to_string())
        .fetch_optional(db)
        .await
}

/// Whether `user_id` has a confirmed authenticator (one being set up does not count).
pub async fn has_authenticator<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
) -> Result<bool, sqlx::Error> {
    Ok(authenticator(db, user_id).await?.is_some_and(|stored| stored.confirmed_at.is_some()))
}

/// Stores a new, unconfirmed authenticator, replacing an unconfirmed one; false when a
/// confirmed one is there (it must be turned off first).
pub async fn start<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    sealed_secret: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO totp_factors (user_id, secret, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at
         WHERE totp_factors.confirmed_at IS NULL",
    )
    .bind(user_id.to_string())
    .bind(sealed_secret)
    .bind(to_millis(now))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Confirms the unconfirmed authenticator whose `sealed_secret` a first code matched.
pub async fn confirm<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    sealed_secret: &str,
    step: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE totp_factors SET confirmed_at = $3, last_step = $4
         WHERE user_id = $1 AND secret = $2 AND confirmed_at IS NULL",
    )
    .bind(user_id.to_string())
    .bind(sealed_secret)
    .bind(to_millis(now))
    .bind(step)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Accepts the code of time step `step` once: false if it (or a later one) was used.
pub async fn use_step<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE totp_factors SET last_step = $2
         WHERE user_id = $1 AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < $2)",
    )
    .bind(user_id.to_string())
    .bind(step)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes the authenticator only (passkeys remain, and so do the recovery codes);
/// whether there was one.
pub async fn remove_authenticator<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL")
        .bind(user_id.to_string())
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Removes the authenticator and the recovery codes; whether there was an authenticator.
pub async fn remove_all(conn: &mut sqlx::AnyConnection, user_id: UserId) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id.to_string()).execute(&mut *conn).await?;
    let done = sqlx::query("DELETE FROM totp_factors WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Replaces a person's recovery codes with new ones (given as their hashes).
pub async fn replace_recovery_codes(
    conn: &mut sqlx::AnyConnection,
    user_id: UserId,
    hashes: &[String],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id.to_string()).execute(&mut *conn).await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)")
            .bind(user_id.to_string())
            .bind(hash)
            .bind(to_millis(now))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses up a recovery code: false if it is not one of theirs or was used already.
pub async fn use_recovery_code<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL")
            .bind(user_id.to_string())
            .bind(hash)
            .bind(to_millis(now))
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn recovery_codes_left<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id.to_string())
        .fetch_one(db)
        .await
}

/// Whether the organisation requires a second factor of all its members.
pub async fn organisation_requires<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<bool, sqlx::Error> {
    let since: Option<Option<i64>> =
        sqlx::query_scalar("SELECT second_factor_required_at FROM organisations WHERE id = $1")
            .bind(org_id.to_string())
            .fetch_optional(db)
            .await?;
    Ok(since.flatten().is_some())
}

/// Sets whether the organisation requires a second factor; whether that changed anything.
pub async fn set_organisation_requires<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    required: bool,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = if required {
        sqlx::query(
            "UPDATE organisations SET second_factor_required_at = $2 WHERE id = $1 AND second_factor_required_at IS NULL",
        )
        .bind(org_id.to_string())
        .bind(to_millis(now))
        .execute(db)
        .await?
    } else {
        sqlx::query("UPDATE organisations SET second_factor_required_at = NULL WHERE id = $1 AND second_factor_required_at IS NOT NULL")
            .bind(org_id.to_string())
            .execute(db)
            .await?
    };
    Ok(done.rows_affected() == 1)
}

/// Every stored authenticator secret, to seal again under a new key.
pub async fn sealed_secrets<'c>(db: impl Executor<'c, Database = Any>) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, secret FROM totp_factors").fetch_all(db).await
}

/// Replaces one sealed secret if it is still `old` (replicas resealing at once do it once).
pub async fn reseal_secret<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: &str,
    old: &str,
    new: &str,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE totp_factors SET secret = $1 WHERE user_id = $2 AND secret = $3")
        .bind(new)
        .bind(user_id)
        .bind(old)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
