//! Typed identifiers. A `UserId` can never be passed where an `OrgId` is expected.
//!
//! Ids are random UUIDs, stored as text, so they are portable across SQLite and
//! PostgreSQL and never reveal how many rows exist.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidId;

macro_rules! id_newtype {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub fn parse(input: &str) -> Result<Self, InvalidId> {
                Uuid::parse_str(input.trim()).map(Self).map_err(|_| InvalidId)
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    )*};
}

id_newtype!(
    /// An organisation: a partner, a customer, or the program itself.
    OrgId,
    /// A person who signs in.
    UserId,
    /// A pending invitation for a person to join an organisation.
    InvitationId,
    /// One of a person's passkeys (not the authenticator's own credential id).
    PasskeyId,
    /// An offering of the catalogue (DDPS, SDPS, ...).
    OfferingId,
    /// An engagement type within an offering.
    EngagementTypeId,
    /// An entry of the audit log.
    AuditEntryId,
    /// A message in the email outbox.
    OutboxMessageId,
    /// A competency a partner recorded.
    CompetencyRecordId,
    /// A partner location.
    LocationRecordId,
    /// A version of the program agreement.
    AgreementId,
    /// A customer's Software Assurance licensing agreement.
    LicensingAgreementId,
    /// A voucher (never shown to people: they see its code).
    VoucherId,
    /// A partner's reservation of a voucher, and the engagement it delivers.
    EngagementId,
    /// A customer deliverable uploaded with a completion report.
    DeliverableId,
    /// A partner's payment claim.
    ClaimId,
    /// A partner's bank account for one location.
    BankAccountId,
    /// One item of a person's notifications (the bell in the header).
    NotificationId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_display() {
        let id = OrgId::from_uuid(Uuid::from_u128(0x1234));
        assert_eq!(OrgId::parse(&id.to_string()), Ok(id));
    }

    #[test]
    fn garbage_is_rejected() {
        assert_eq!(UserId::parse("1 OR 1=1"), Err(InvalidId));
        assert_eq!(UserId::parse(""), Err(InvalidId));
    }
}
