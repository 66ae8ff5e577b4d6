//! Abuse limits: too many failed sign-ins or voucher validations from one account or one
//! client address get "try again later" for a while. Attempts are counted in the database
//! (a sliding window per key) before they are evaluated, so every replica enforces the same
//! limit and a burst of simultaneous attempts gets no more through than a sequence would.

use super::db::{from_millis, to_millis};
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, Executor};
use std::net::IpAddr;

/// How many failures a window tolerates, per account and per client address.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub per_account: i64,
    /// Higher than per account: many people may share one office address.
    pub per_address: i64,
    pub window_minutes: i64,
}

/// Wrong passwords: ten per account, fifty per address, in 15 minutes.
pub const SIGN_IN: Limit = Limit { name: "sign_in", per_account: 10, per_address: 50, window_minutes: 15 };

/// Voucher code + email pairs that match nothing: enough for typing mistakes, far too
/// few to guess codes (32^16 of them).
pub const VOUCHER_CHECK: Limit = Limit { name: "voucher_check", per_account: 10, per_address: 50, window_minutes: 15 };

/// Who is trying: the account (an email or a user id) and, when known, the address.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub account: &'a str,
    pub address: Option<IpAddr>,
}

impl Attempt<'_> {
    fn keys(&self, limit: &Limit) -> Vec<(String, i64)> {
        let mut keys = vec![(format!("{}:account:{}", limit.name, self.account.to_lowercase()), limit.per_account)];
        if let Some(address) = self.address {
            keys.push((format!("{}:address:{address}", limit.name), limit.per_address));
        }
        keys
    }
}

/// An attempt that was let through: it counts against its limit until it is known to
/// have succeeded.
#[must_use = "an admitted attempt counts as a failure unless it is marked as succeeded"]
#[derive(Debug)]
pub struct Admitted {
    attempt_id: String,
}

impl Admitted {
    /// The attempt succeeded: it no longer counts against the address (nor the account).
    pub async fn succeeded<'c, E>(self, db: E) -> Result<(), sqlx::Error>
    where
        E: Executor<'c, Database = Any>,
    {
        sqlx::query("DELETE FROM failed_attempts WHERE attempt_id = $1").bind(&self.attempt_id).execute(db).await?;
        Ok(())
    }

    /// The attempt failed: it stays counted for the window.
    pub fn failed(self) {}
}

/// Counts the attempt first, then lets it through only while the account and the address
/// are within their limits. Counting before checking is what makes a burst safe: every
/// attempt's row is committed before it counts, so the n-th attempt to look sees at least
/// n rows, and no more than the limit of a burst ever get through, however many arrive
/// at once and on however many replicas. A refused attempt takes its rows back, so
/// hammering a locked account does not keep it locked.
pub async fn admit<'c, E>(db: E, limit: &Limit, attempt: Attempt<'_>, now: DateTime<Utc>) -> Result<Admitted, AppError>
where
    E: Executor<'c, Database = Any> + Copy,
{
    let attempt_id = uuid::Uuid::new_v4().simple().to_string();
    let keys = attempt.keys(limit);
    for (key, _) in &keys {
        sqlx::query("INSERT INTO failed_attempts (key, at, attempt_id) VALUES ($1, $2, $3)")
            .bind(key)
            .bind(to_millis(now))
            .bind(&attempt_id)
            .execute(db)
            .await?;
    }
    let admitted = Admitted { attempt_id };
    let window = Duration::minutes(limit.window_minutes);
    for (key, allowed) in keys {
        let (attempts, oldest): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MIN(at) FROM failed_attempts WHERE key = $1 AND at > $2")
                .bind(&key)
                .bind(to_millis(now - window))
                .fetch_one(db)
                .await?;
        // This attempt's own row is among them.
        if attempts > allowed {
            admitted.succeeded(db).await?;
            let free_at = oldest.map(from_millis).unwrap_or(now) + window;
            let minutes = ((free_at - now).num_seconds() + 59).div_euclid(60);
            tracing::warn!(key, attempts, "too many failed attempts");
            return Err(AppError::TooManyAttempts { minutes: u32::try_from(minutes.max(1)).unwrap_or(u32::MAX) });
        }
    }
    Ok(admitted)
}

/// Forgets an account's failures once it succeeded (the address keeps its count).
pub async fn forget_account<'c, E>(db: E, limit: &Limit, account: &str) -> Result<(), sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query("DELETE FROM failed_attempts WHERE key = $1")
        .bind(format!("{}:account:{}", limit.name, account.to_lowercase()))
        .execute(db)
        .await?;
    Ok(())
}

/// Drops failures older than a day (run by the sweep job).
pub async fn sweep<'c, E>(db: E, now: DateTime<Utc>) -> Result<u64, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    let done = sqlx::query("DELETE FROM failed_attempts WHERE at < $1")
        .bind(to_millis(now - Duration::days(1)))
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
