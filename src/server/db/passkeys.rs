//! Passkeys as stored: webauthn-rs' `Passkey` as JSON (a public key and a signature
//! counter, nothing secret), the credential id the browser names it by, and the name its
//! owner gave it.

use super::{from_millis, parse_stored, to_millis};
use crate::domain::ids::{PasskeyId, UserId};
use crate::domain::second_factor::PasskeySummary;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

/// A passkey to check a sign-in with.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredPasskey {
    pub id: String,
    pub user_id: String,
    /// webauthn-rs' `Passkey`, as JSON.
    pub passkey: String,
}

pub struct NewPasskey<'a> {
    pub id: PasskeyId,
    pub user_id: UserId,
    pub credential_id: &'a str,
    pub passkey: &'a str,
    pub name: &'a str,
}

/// Stores a new passkey; false when its credential is registered already (to anyone).
pub async fn add<'c>(
    db: impl Executor<'c, Database = Any>,
    new: NewPasskey<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO passkeys (id, user_id, credential_id, passkey, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (credential_id) DO NOTHING",
    )
    .bind(new.id.to_string())
    .bind(new.user_id.to_string())
    .bind(new.credential_id)
    .bind(new.passkey)
    .bind(new.name)
    .bind(to_millis(now))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every passkey of `user_id`, to ask the browser for one of them.
pub async fn of_user<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
) -> Result<Vec<StoredPasskey>, sqlx::Error> {
    sqlx::query_as("SELECT id, user_id, passkey FROM passkeys WHERE user_id = $1 ORDER BY created_at, id")
        .bind(user_id.to_string())
        .fetch_all(db)
        .await
}

/// The credential ids of `user_id`'s passkeys (base64url), so an authenticator does not
/// register a second one for the same account.
pub async fn credential_ids<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT credential_id FROM passkeys WHERE user_id = $1")
        .bind(user_id.to_string())
        .fetch_all(db)
        .await
}

/// The passkey the browser named by its credential id, if it is `user_id`'s.
pub async fn by_credential<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    credential_id: &str,
) -> Result<Option<StoredPasskey>, sqlx::Error> {
    sqlx::query_as("SELECT id, user_id, passkey FROM passkeys WHERE credential_id = $1 AND user_id = $2")
        .bind(credential_id)
        .bind(user_id.to_string())
        .fetch_optional(db)
        .await
}

/// Notes a sign-in with the passkey, and its new counter when it changed (`passkey`).
pub async fn used<'c>(
    db: impl Executor<'c, Database = Any>,
    id: &str,
    passkey: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE passkeys SET last_used_at = $2, passkey = COALESCE($3, passkey) WHERE id = $1")
        .bind(id)
        .bind(to_millis(now))
        .bind(passkey)
        .execute(db)
        .await?;
    Ok(())
}

/// The passkeys of `user_id` for their account page, oldest first.
pub async fn summaries<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
) -> Result<Vec<PasskeySummary>, sqlx::Error> {
    let rows: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, id",
    )
    .bind(user_id.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, name, created_at, last_used_at)| {
            Ok(PasskeySummary {
                id: parse_stored("passkeys.id", &id)?,
                name,
                added_at: from_millis(created_at),
                last_used_at: last_used_at.map(from_millis),
            })
        })
        .collect()
}

/// Removes one of `user_id`'s passkeys; its name, or `None` when they have no such one.
pub async fn remove(
    conn: &mut sqlx::AnyConnection,
    user_id: UserId,
    id: PasskeyId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING name")
        .bind(id.to_string())
        .bind(user_id.to_string())
        .fetch_optional(&mut *conn)
        .await
}

/// Removes every passkey of `user_id`; how many there were.
pub async fn remove_all(conn: &mut sqlx::AnyConnection, user_id: UserId) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM passkeys WHERE user_id = $1").bind(user_id.to_string()).execute(&mut *conn).await?;
    Ok(done.rows_affected())
}

pub async fn count<'c>(db: impl Executor<'c, Database = Any>, user_id: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE user_id = $1").bind(user_id.to_string()).fetch_one(db).await
}
