//! A person's notifications: the portal's copy of each email about their work, in their
//! language, with the page it concerns (the bell in the header).

use super::ids::NotificationId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How many notifications the list shows (the newest).
pub const SHOWN: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: NotificationId,
    /// The email's subject, in the language it was written in.
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    pub items: Vec<Notification>,
    /// All unread ones, also those older than the list shows.
    pub unread: u32,
}

/// Why a notification cannot be opened (its sentence: `locale::messages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationError {
    /// Not the reader's, or no such notification: the two are not told apart.
    NoSuchNotification,
}

/// The bell's words for a count: none, or the number (99+ beyond).
pub fn badge(unread: u32) -> Option<String> {
    match unread {
        0 => None,
        1..=99 => Some(unread.to_string()),
        _ => Some("99+".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bell_counts_up_to_ninety_nine() {
        assert_eq!(badge(0), None);
        assert_eq!(badge(1).as_deref(), Some("1"));
        assert_eq!(badge(99).as_deref(), Some("99"));
        assert_eq!(badge(100).as_deref(), Some("99+"));
    }
}
