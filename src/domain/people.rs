//! People of an organisation as the users page shows them.

use super::ids::{InvitationId, UserId};
use super::roles::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
    pub active: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationState {
    Open,
    Accepted,
    Expired,
    Revoked,
}

impl InvitationState {
    pub const fn label(self) -> &'static str {
        match self {
            Self::Open => "Waiting for sign-up",
            Self::Accepted => "Accepted",
            Self::Expired => "Expired",
            Self::Revoked => "Withdrawn",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationSummary {
    pub id: InvitationId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub invited_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub state: InvitationState,
}

/// What an admin sees right after inviting someone. The link goes only to the invited
/// address: whoever holds it can choose the account's password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationCreated {
    pub email: String,
    pub expires_at: DateTime<Utc>,
}

/// What the person opening an invitation link sees before choosing a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub org_name: String,
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// Why the server refused a change to an account or invitation (worded in
/// `locale::messages`, in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountRefusal {
    EmailTaken,
    Disabled,
    CannotHandOut {
        inviter: Role,
        role: Role,
    },
    /// Only said to an admin of the person's own organisation, who sees its members anyway.
    AlreadyMember,
    /// The right password for an account whose address was never proven.
    EmailNotVerified,
    VerificationGone,
    /// A password link that was used, expired or never existed.
    ResetLinkGone,
    WrongCurrentPassword,
    NoSuchSession,
    /// One's own role changes only by handing it over.
    CannotChangeOwnRole,
    NothingToHandOver,
    InvitationGone,
    NoSuchPerson,
    CannotDisableSelf,
}
