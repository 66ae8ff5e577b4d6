//! Emails as admins read them in the portal's outbox.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub kind: String,
    pub to: String,
    pub subject: String,
    /// `None` for a message only its recipient may read (it carries a personal link).
    pub body: Option<String>,
    pub created_at: DateTime<Utc>,
    pub attempts: u32,
    pub sent_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed, while the message waits for the next one.
    pub last_error: Option<String>,
}

/// Where a message stands with the mail server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// An attempt failed; the next one is scheduled.
    Retrying,
    Waiting,
}

impl OutboxMessage {
    pub fn delivery(&self) -> Delivery {
        match (self.sent_at, &self.last_error) {
            (Some(_), _) => Delivery::Sent,
            (None, Some(_)) => Delivery::Retrying,
            (None, None) => Delivery::Waiting,
        }
    }
}
