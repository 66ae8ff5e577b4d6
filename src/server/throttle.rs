//! Abuse limits: too many failed sign-ins or voucher validations from one account or one
//! client address get "try again later" for a while. Attempts are counted in the database
//! (a sliding window per key) before they are evaluated, so every replica enforces the same
//! limit and a burst of simultaneous attempts gets no more through than a sequence would.

use super::db::{from_millis, to_millis};
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, Executor};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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

/// Wrong second-factor codes: few per account (a six-digit code is easier to guess than a
/// password), in 15 minutes.
pub const SECOND_FACTOR: Limit = Limit { name: "second_factor", per_account: 5, per_address: 50, window_minutes: 15 };

/// Requests for a password link: a few per account (each sends an email), more per
/// address, in 15 minutes.
pub const PASSWORD_RESET: Limit = Limit { name: "password_reset", per_account: 3, per_address: 30, window_minutes: 15 };

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
#[must_use = "an admitted attempt counts as a failure until it is marked as failed or succeeded"]
#[derive(Debug)]
pub struct Admitted {
    attempt_id: String,
    /// This replica's turn for each key, held until the attempt is settled.
    _turns: Vec<OwnedSemaphorePermit>,
}

impl Admitted {
    /// The attempt succeeded: it no longer counts against the address (nor the account).
    pub async fn succeeded<'c, E>(self, db: E) -> Result<(), sqlx::Error>
    where
        E: Executor<'c, Database = Any>,
    {
        withdraw(db, &self.attempt_id).await
    }

    /// The attempt failed: it stays counted for the window, as a settled failure.
    pub async fn failed<'c, E>(self, db: E) -> Result<(), sqlx::Error>
    where
        E: Executor<'c, Database = Any>,
    {
        sqlx::query("UPDATE failed_attempts SET attempt_id = NULL WHERE attempt_id = $1")
            .bind(&self.attempt_id)
            .execute(db)
            .await?;
        Ok(())
    }
}

async fn withdraw<'c, E>(db: E, attempt_id: &str) -> Result<(), sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query("DELETE FROM failed_attempts WHERE attempt_id = $1").bind(attempt_id).execute(db).await?;
    Ok(())
}

/// How long an attempt waits for others still being evaluated before it is refused.
const QUEUE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// A row still marked as being evaluated after this long belongs to a request that died
/// (a killed replica): it counts as a failure.
const ABANDONED_AFTER: Duration = Duration::minutes(1);

/// Counts the attempt first, then lets it through only while the account and the address
/// are within their limits. Counting before checking is what makes a burst safe: every
/// attempt's row is committed before it counts, so the n-th attempt to look sees at least
/// n rows, and no more than the limit of a burst are ever evaluated, however many arrive
/// at once and on however many replicas. Rows of attempts still being evaluated may yet
/// turn out to be successes, so an attempt that is over the limit only because of them
/// takes its rows back and waits its turn; one that is over it on settled failures alone
/// is refused. Either way a refused attempt leaves nothing counted, so hammering a locked
/// account does not keep it locked.
pub async fn admit<'c, E>(db: E, limit: &Limit, attempt: Attempt<'_>, now: DateTime<Utc>) -> Result<Admitted, AppError>
where
    E: Executor<'c, Database = Any> + Copy,
{
    let keys = attempt.keys(limit);
    let patience = tokio::time::Instant::now() + QUEUE_PATIENCE;
    let mut turns = Vec::with_capacity(keys.len());
    for (key, allowed) in &keys {
        let waiting = tokio::time::timeout_at(patience, local_queue(key, *allowed).acquire_owned());
        match waiting.await {
            Ok(Ok(turn)) => turns.push(turn),
            _ => return Err(AppError::TooManyAttempts { minutes: 1 }),
        }
    }
    loop {
        let attempt_id = uuid::Uuid::new_v4().simple().to_string();
        match try_admit(db, limit, &keys, &attempt_id, now).await? {
            Verdict::Admitted => return Ok(Admitted { attempt_id, _turns: turns }),
            Verdict::Refused { minutes } => return Err(AppError::TooManyAttempts { minutes }),
            Verdict::Busy if tokio::time::Instant::now() >= patience => {
                return Err(AppError::TooManyAttempts { minutes: 1 });
            }
            Verdict::Busy => wait_for_room(db, limit, &keys, now, patience, &attempt_id).await?,
        }
    }
}

/// This replica's queue for a key: at most `allowed` of its attempts count themselves in
/// at a time, the others wait their turn in arrival order. The database stays the judge
/// (other replicas count too); the queue only keeps a burst on one replica from rushing
/// the database together, where every attempt beyond the limit would count itself in,
/// see too many and take its row back, over and over, while hardly any got through
/// (200 reservations by one partner at once: 4 evaluated in 10 s, the rest refused).
fn local_queue(key: &str, allowed: i64) -> Arc<Semaphore> {
    static QUEUES: OnceLock<Mutex<HashMap<String, Weak<Semaphore>>>> = OnceLock::new();
    let mut queues = QUEUES.get_or_init(Mutex::default).lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(queue) = queues.get(key).and_then(Weak::upgrade) {
        return queue;
    }
    // A queue lives while an attempt holds or awaits a turn in it; the dead are dropped as
    // the map grows, so keys tried once (every address, every mistyped email) do not pile up.
    if queues.len() >= 1024 {
        queues.retain(|_, queue| queue.strong_count() > 0);
    }
    let queue = Arc::new(Semaphore::new(usize::try_from(allowed.max(1)).unwrap_or(1)));
    queues.insert(key.to_owned(), Arc::downgrade(&queue));
    queue
}

/// Waits, reading only, until every key has room for one more attempt (or is over its
/// limit on settled failures, which the next try turns into a refusal), or patience runs
/// out. Waiters only read: were each to count itself in and take its row back again on
/// every look, a queue of them would commit two writes per look and slow the very
/// attempts it waits for.
async fn wait_for_room<'c, E>(
    db: E,
    limit: &Limit,
    keys: &[(String, i64)],
    now: DateTime<Utc>,
    patience: tokio::time::Instant,
    attempt_id: &str,
) -> Result<(), sqlx::Error>
where
    E: Executor<'c, Database = Any> + Copy,
{
    // A pause that differs between waiters, so they do not all look again at once.
    let pause = std::time::Duration::from_millis(15 + u64::from(attempt_id.as_bytes()[0] % 32));
    loop {
        tokio::time::sleep(pause).await;
        if tokio::time::Instant::now() >= patience {
            return Ok(());
        }
        let mut room = true;
        for (key, allowed) in keys {
            let tally = tally(db, limit, key, now).await?;
            room &= tally.attempts < *allowed || tally.settled >= *allowed;
        }
        if room {
            return Ok(());
        }
    }
}

/// What a key's window holds: every attempt, those known to have failed, and the oldest.
struct Tally {
    attempts: i64,
    settled: i64,
    oldest: Option<i64>,
}

async fn tally<'c, E>(db: E, limit: &Limit, key: &str, now: DateTime<Utc>) -> Result<Tally, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    let (attempts, settled, oldest): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN attempt_id IS NULL OR at < $3 THEN 1 ELSE 0 END), MIN(at) \
         FROM failed_attempts WHERE key = $1 AND at > $2",
    )
    .bind(key)
    .bind(to_millis(now - Duration::minutes(limit.window_minutes)))
    .bind(to_millis(now - ABANDONED_AFTER))
    .fetch_one(db)
    .await?;
    Ok(Tally { attempts, settled: settled.unwrap_or(0), oldest })
}

enum Verdict {
    Admitted,
    /// Over the limit on failures already known: come back later.
    Refused {
        minutes: u32,
    },
    /// Over the limit only while other attempts are still being evaluated.
    Busy,
}

async fn try_admit<'c, E>(
    db: E,
    limit: &Limit,
    keys: &[(String, i64)],
    attempt_id: &str,
    now: DateTime<Utc>,
) -> Result<Verdict, sqlx::Error>
where
    E: Executor<'c, Database = Any> + Copy,
{
    for (key, _) in keys {
        sqlx::query("INSERT INTO failed_attempts (key, at, attempt_id) VALUES ($1, $2, $3)")
            .bind(key)
            .bind(to_millis(now))
            .bind(attempt_id)
            .execute(db)
            .await?;
    }
    for (key, allowed) in keys {
        let Tally { attempts, settled, oldest } = tally(db, limit, key, now).await?;
        // This attempt's own row is among them, and not settled.
        if attempts > *allowed {
            withdraw(db, attempt_id).await?;
            if settled < *allowed {
                return Ok(Verdict::Busy);
            }
            let free_at = oldest.map(from_millis).unwrap_or(now) + Duration::minutes(limit.window_minutes);
            let minutes = ((free_at - now).num_seconds() + 59).div_euclid(60);
            tracing::warn!(key, attempts, "too many failed attempts");
            return Ok(Verdict::Refused { minutes: u32::try_from(minutes.max(1)).unwrap_or(u32::MAX) });
        }
    }
    Ok(Verdict::Admitted)
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
