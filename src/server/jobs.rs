//! Background jobs. Each is safe to run on several replicas at once: it only does
//! idempotent work or claims rows with compare-and-set updates.

use super::db::sessions::DbSessionStore;
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

/// Sweeps expired sessions every ten minutes until shutdown.
pub async fn sweep_sessions(store: DbSessionStore, shutdown: Shutdown) {
    let mut ticks = tokio::time::interval(Duration::from_secs(600));
    loop {
        tokio::select! {
            _ = ticks.tick() => match store.delete_expired().await {
                Ok(0) => {}
                Ok(swept) => tracing::debug!(swept, "expired sessions swept"),
                Err(error) => tracing::warn!(%error, "session sweep failed; will retry"),
            },
            _ = shutdown.wait() => return,
        }
    }
}
