//! Email delivery. Every message is first written to the outbox (in the transaction of
//! the change that caused it); this module sends what is due through SMTP and retries
//! failures with growing delays. A message leaves the outbox's queue only once the SMTP
//! server accepted it, so nothing is lost when the mail server is down or a replica dies.

use super::clock::SharedClock;
use super::db::{outbox, Db};
use super::jobs::Shutdown;
use chrono::{DateTime, Duration, Utc};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long one attempt may hold a message before another replica may try it.
const LEASE_SECONDS: i64 = 120;
/// Messages sent per round.
const BATCH: u32 = 20;

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("SMTP_URL is not valid: {0}")]
    Url(String),
    #[error("MAIL_FROM is not a valid mailbox: {0}")]
    From(String),
}

/// An SMTP connection pool and the sender address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtps://user:pass@host:465`, `smtp://host:587?tls=required`,
    /// or plain `smtp://127.0.0.1:2525` for a local relay.
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, MailerError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|error| MailerError::Url(error.to_string()))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from.parse::<Mailbox>().map_err(|error| MailerError::From(error.to_string()))?;
        Ok(Self { transport, from })
    }

    async fn send(&self, message: &outbox::Pending) -> Result<(), String> {
        let to = message.to.parse::<Mailbox>().map_err(|error| format!("bad recipient: {error}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(message.body.clone())
            .map_err(|error| format!("cannot build the message: {error}"))?;
        self.transport.send(email).await.map(|_| ()).map_err(|error| error.to_string())
    }
}

/// The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min, … capped at one hour.
pub fn retry_delay(attempts: i64) -> Duration {
    let exponent = attempts.clamp(1, 8) - 1;
    Duration::seconds((30 * (1i64 << exponent)).min(3600))
}

/// What one delivery round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Sends every message that is due (one batch). Safe on several replicas: each message
/// is leased by compare-and-set before it is sent.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: DateTime<Utc>) -> Result<Delivery, sqlx::Error> {
    let mut delivery = Delivery::default();
    for message in outbox::due(&db.pool, now, BATCH).await? {
        if !outbox::claim(&db.pool, &message, now + Duration::seconds(LEASE_SECONDS)).await? {
            continue;
        }
        match mailer.send(&message).await {
            Ok(()) => {
                outbox::mark_sent(&db.pool, &message.id, now).await?;
                delivery.sent += 1;
            }
            Err(error) => {
                let retry_at = now + retry_delay(message.attempts + 1);
                tracing::warn!(id = %message.id, %error, %retry_at, "email not sent; will retry");
                outbox::mark_failed(&db.pool, &message.id, &error, retry_at).await?;
                delivery.failed += 1;
            }
        }
    }
    Ok(delivery)
}

/// Delivers the outbox every few seconds until shutdown.
pub async fn run_delivery(db: Db, mailer: Mailer, clock: SharedClock, shutdown: Shutdown) {
    let mut ticks = tokio::time::interval(std::time::Duration::from_secs(3));
    loop {
        tokio::select! {
            _ = ticks.tick() => match deliver_due(&db, &mailer, clock.now()).await {
                Ok(Delivery { sent: 0, failed: 0 }) => {}
                Ok(delivery) => tracing::info!(sent = delivery.sent, failed = delivery.failed, "outbox delivered"),
                Err(error) => tracing::warn!(%error, "outbox delivery failed; will retry"),
            },
            _ = shutdown.wait() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(retry_delay(1), Duration::seconds(30));
        assert_eq!(retry_delay(2), Duration::seconds(60));
        assert_eq!(retry_delay(4), Duration::seconds(240));
        assert_eq!(retry_delay(50), Duration::seconds(3600));
    }
}
