//! Background jobs. Each is safe to run on several replicas at once: it only does
//! idempotent work or claims rows with compare-and-set updates.

use super::clock::SharedClock;
use super::db::{sessions::DbSessionStore, Db};
use super::{throttle, vouchers};
use std::time::Duration;
use tokio::sync::watch;

/// A cloneable "we are shutting down" signal for background tasks.
#[derive(Clone)]
pub struct Shutdown(watch::Receiver<bool>);

pub struct ShutdownTrigger(watch::Sender<bool>);

pub fn shutdown_channel() -> (ShutdownTrigger, Shutdown) {
    let (sender, receiver) = watch::channel(false);
    (ShutdownTrigger(sender), Shutdown(receiver))
}

impl ShutdownTrigger {
    pub fn trigger(&self) {
        // No receiver left means every job already stopped.
        let _ = self.0.send(true);
    }
}

impl Shutdown {
    pub async fn wait(&self) {
        let mut receiver = self.0.clone();
        let _ = receiver.wait_for(|stopping| *stopping).await;
    }
}

/// Sweeps expired sessions and day-old failed attempts every ten minutes until shutdown.
pub async fn sweep(db: Db, clock: SharedClock, shutdown: Shutdown) {
    let store = DbSessionStore::new(db.clone());
    let mut ticks = tokio::time::interval(Duration::from_secs(600));
    loop {
        tokio::select! {
            _ = ticks.tick() => {
                match store.delete_expired().await {
                    Ok(0) => {}
                    Ok(swept) => tracing::debug!(swept, "expired sessions swept"),
                    Err(error) => tracing::warn!(%error, "session sweep failed; will retry"),
                }
                if let Err(error) = throttle::sweep(&db.pool, clock.now()).await {
                    tracing::warn!(%error, "failed-attempt sweep failed; will retry");
                }
            }
            _ = shutdown.wait() => return,
        }
    }
}

/// How often the planner's statistics are refreshed (`Db::refresh_statistics`).
const STATISTICS_EVERY: Duration = Duration::from_secs(6 * 3600);

/// Refreshes the query planner's statistics at start and then every few hours: a program
/// grows from the demo's handful of rows to a million vouchers, and the best plan changes
/// with it.
pub async fn refresh_statistics(db: Db, shutdown: Shutdown) {
    let mut ticks = tokio::time::interval(STATISTICS_EVERY);
    loop {
        tokio::select! {
            _ = ticks.tick() => if let Err(error) = db.refresh_statistics().await {
                tracing::warn!(%error, "refreshing the planner's statistics failed; will retry");
            },
            _ = shutdown.wait() => return,
        }
    }
}

/// Expires vouchers and sends expiry warnings every minute until shutdown.
pub async fn expire_vouchers(db: Db, clock: SharedClock, shutdown: Shutdown) {
    let mut ticks = tokio::time::interval(Duration::from_secs(60));
    loop {
        tokio::select! {
            _ = ticks.tick() => match vouchers::run_expiry(&db, clock.now()).await {
                Ok(run) if run == vouchers::ExpiryRun::default() => {}
                Ok(run) => tracing::info!(expired = run.expired, days_returned = run.days_returned, warned = run.warned, "voucher expiry ran"),
                Err(error) => tracing::warn!(%error, "voucher expiry failed; will retry"),
            },
            _ = shutdown.wait() => return,
        }
    }
}
