//! tower-sessions storage in our own database, so app replicas share sessions and
//! stay stateless. A session is stored under the SHA-256 of its id (the cookie's value),
//! never the id itself, and names the person it signs in (`user_id`, from its data), so
//! people can list and end their own sessions.

use super::{from_millis, Db};
use crate::domain::ids::UserId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Sweeps sessions whose expiry passed; returns how many went.
    pub async fn delete_expired(&self) -> Result<u64, sqlx::Error> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&self.db.pool).await?;
        Ok(done.rows_affected())
    }
}

/// What is stored in place of a session id.
pub fn stored_id(id: &Id) -> String {
    Sha256::digest(id.to_string().as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The person a session's data names, if it signs anyone in.
fn owner(record: &Record) -> Option<String> {
    record.data.get(crate::server::auth::USER_KEY).and_then(|value| value.as_str()).map(str::to_owned)
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn expiry_millis(record: &Record) -> i64 {
    record.expiry_date.unix_timestamp() * 1000
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data =
            serde_json::to_string(&record.data).map_err(|error| session_store::Error::Encode(error.to_string()))?;
        // A fresh random id colliding is astronomically unlikely; if it happens, draw again.
        loop {
            let done = sqlx::query(
                "INSERT INTO sessions (id, data, expires_at, user_id, created_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(stored_id(&record.id))
            .bind(&data)
            .bind(expiry_millis(record))
            .bind(owner(record))
            .bind(time::OffsetDateTime::now_utc().unix_timestamp() * 1000)
            .execute(&self.db.pool)
            .await
            .map_err(backend)?;
            if done.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Updates a session that still exists, never inserts: a request that loaded the
    /// session before its person signed out ends after the sign-out deleted it, and its
    /// save (every request's, with the idle expiry) must not bring the session back.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data =
            serde_json::to_string(&record.data).map_err(|error| session_store::Error::Encode(error.to_string()))?;
        sqlx::query("UPDATE sessions SET data = $2, expires_at = $3, user_id = $4 WHERE id = $1")
            .bind(stored_id(&record.id))
            .bind(data)
            .bind(expiry_millis(record))
            .bind(owner(record))
            .execute(&self.db.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(stored_id(id))
                .bind(now)
                .fetch_optional(&self.db.pool)
                .await
                .map_err(backend)?;
        let Some((data, expires_at)) = row else { return Ok(None) };
        let data = serde_json::from_str(&data).map_err(|error| session_store::Error::Decode(error.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(expires_at / 1000).map_err(backend)?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(stored_id(id))
            .execute(&self.db.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// One of a person's open sessions, as their account page lists it.
#[derive(Debug, Clone)]
pub struct OpenSession {
    pub stored_id: String,
    pub signed_in_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// `user_id`'s sessions that have not expired, newest first.
pub async fn open_for<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    user_id: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<OpenSession>, sqlx::Error> {
    let rows: Vec<(String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT id, created_at, expires_at FROM sessions WHERE user_id = $1 AND expires_at > $2
         ORDER BY created_at DESC, id",
    )
    .bind(user_id.to_string())
    .bind(super::to_millis(now))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(stored_id, created_at, expires_at)| OpenSession {
            stored_id,
            signed_in_at: from_millis(created_at.unwrap_or(expires_at)),
            expires_at: from_millis(expires_at),
        })
        .collect())
}

/// Ends the session of `user_id` stored as `stored_id`; whether there was one.
pub async fn end_one<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    user_id: UserId,
    stored_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id = $2")
        .bind(user_id.to_string())
        .bind(stored_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every session of `user_id` but `keep` (a stored id); returns how many ended.
pub async fn end_all_but<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    user_id: UserId,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR id <> $2)")
        .bind(user_id.to_string())
        .bind(keep)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
