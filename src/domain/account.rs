//! One's own account: the emailed links that act for a person, and what the account page
//! shows.

use super::roles::Role;
use crate::locale::Locale;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What an emailed single-use link does, and how long it stays usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    /// Proves a new sign-up's address.
    ConfirmEmail,
    /// Lets someone who forgot their password choose a new one.
    ResetPassword,
}

impl TokenPurpose {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ConfirmEmail => "confirm_email",
            Self::ResetPassword => "reset_password",
        }
    }

    /// A password link is short-lived: it is as good as the password while it lasts.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::ConfirmEmail => Duration::hours(48),
            Self::ResetPassword => Duration::hours(1),
        }
    }

    /// Where the emailed link leads, under the portal's address.
    pub const fn path(self) -> &'static str {
        match self {
            Self::ConfirmEmail => "/verify-email/",
            Self::ResetPassword => "/reset-password/",
        }
    }
}

/// One of the viewer's open sessions (browsers where they are signed in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// Names the session to end it; not the cookie's value (which is never stored).
    pub handle: String,
    pub signed_in_at: DateTime<Utc>,
    /// When it ends unless used again.
    pub expires_at: DateTime<Utc>,
    /// The session of the browser asking.
    pub current: bool,
}

/// What the account page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub org_name: String,
    pub language: Option<Locale>,
    pub sessions: Vec<SessionSummary>,
    pub second_factor: super::second_factor::FactorSummary,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_link_lives_an_hour_and_an_address_link_two_days() {
        assert_eq!(TokenPurpose::ResetPassword.lifetime(), Duration::hours(1));
        assert_eq!(TokenPurpose::ConfirmEmail.lifetime(), Duration::hours(48));
        assert_ne!(TokenPurpose::ResetPassword.path(), TokenPurpose::ConfirmEmail.path());
    }
}
