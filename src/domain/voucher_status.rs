//! The voucher life cycle as a state machine: every allowed move is listed here, and
//! every other move is a typed error the UI can show.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoucherStatus {
    Assigned,
    Reserved,
    Delivered,
    Redeemed,
    Claimed,
    Paid,
    Cancelled,
    Expired,
}

/// What can happen to a voucher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoucherEvent {
    /// A partner reserves it for an engagement.
    Reserve,
    /// The partner gives its reservation up; the customer's project manager may pass it on.
    ReleaseReservation,
    /// Completion report and deliverable are in.
    Deliver,
    /// The partner redeems the delivered engagement.
    Redeem,
    /// The partner puts it in a payment claim.
    Claim,
    /// The operator rejects the claim; the voucher may be claimed again.
    RejectClaim,
    /// The operator pays the claim.
    Pay,
    /// The customer withdraws a voucher nobody has reserved.
    Cancel,
    /// 180 days passed before it was redeemed.
    Expire,
}

impl VoucherStatus {
    pub const ALL: [Self; 8] = [
        Self::Assigned,
        Self::Reserved,
        Self::Delivered,
        Self::Redeemed,
        Self::Claimed,
        Self::Paid,
        Self::Cancelled,
        Self::Expired,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Assigned => "assigned",
            Self::Reserved => "reserved",
            Self::Delivered => "delivered",
            Self::Redeemed => "redeemed",
            Self::Claimed => "claimed",
            Self::Paid => "paid",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::Assigned => "Assigned",
            Self::Reserved => "Reserved",
            Self::Delivered => "Delivered",
            Self::Redeemed => "Redeemed",
            Self::Claimed => "Claimed",
            Self::Paid => "Paid",
            Self::Cancelled => "Cancelled",
            Self::Expired => "Expired",
        }
    }

    /// No event moves a voucher out of these.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Paid | Self::Cancelled | Self::Expired)
    }

    /// The one place the life cycle is defined.
    pub fn apply(self, event: VoucherEvent) -> Result<VoucherStatus, TransitionError> {
        use VoucherEvent as E;
        use VoucherStatus as S;
        let next = match (self, event) {
            (S::Assigned, E::Reserve) => S::Reserved,
            (S::Reserved, E::ReleaseReservation) => S::Assigned,
            (S::Reserved, E::Deliver) => S::Delivered,
            (S::Delivered, E::Redeem) => S::Redeemed,
            (S::Redeemed, E::Claim) => S::Claimed,
            (S::Claimed, E::RejectClaim) => S::Redeemed,
            (S::Claimed, E::Pay) => S::Paid,
            (S::Assigned, E::Cancel) => S::Cancelled,
            // Reserve, deliver and redeem must all happen within the voucher's life.
            (S::Assigned | S::Reserved | S::Delivered, E::Expire) => S::Expired,
            (from, event) => return Err(TransitionError { from, event }),
        };
        Ok(next)
    }
}

impl fmt::Display for VoucherStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Unknown voucher status.")]
pub struct UnknownStatus;

impl FromStr for VoucherStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|status| status.as_str() == s).ok_or(UnknownStatus)
    }
}

/// A move the life cycle does not allow, worded for the person who tried it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.message())]
pub struct TransitionError {
    pub from: VoucherStatus,
    pub event: VoucherEvent,
}

impl TransitionError {
    pub fn message(&self) -> String {
        let action = match self.event {
            VoucherEvent::Reserve if self.from == VoucherStatus::Reserved => {
                return "This voucher is already reserved.".into()
            }
            VoucherEvent::Reserve => "reserved",
            VoucherEvent::ReleaseReservation => "released",
            VoucherEvent::Deliver => "marked delivered",
            VoucherEvent::Redeem => "redeemed",
            VoucherEvent::Claim => "claimed",
            VoucherEvent::RejectClaim => "have its claim rejected",
            VoucherEvent::Pay => "paid",
            VoucherEvent::Cancel => "cancelled",
            VoucherEvent::Expire => "expired",
        };
        let verb = if self.event == VoucherEvent::RejectClaim { "cannot" } else { "cannot be" };
        format!("A voucher that is {} {verb} {action}.", self.from.label().to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use VoucherEvent as E;
    use VoucherStatus as S;

    const EVENTS: [VoucherEvent; 9] = [
        E::Reserve,
        E::ReleaseReservation,
        E::Deliver,
        E::Redeem,
        E::Claim,
        E::RejectClaim,
        E::Pay,
        E::Cancel,
        E::Expire,
    ];

    /// The life cycle written out as a table, independent of the `match` above.
    const ALLOWED: [(VoucherStatus, VoucherEvent, VoucherStatus); 11] = [
        (S::Assigned, E::Reserve, S::Reserved),
        (S::Assigned, E::Cancel, S::Cancelled),
        (S::Assigned, E::Expire, S::Expired),
        (S::Reserved, E::ReleaseReservation, S::Assigned),
        (S::Reserved, E::Deliver, S::Delivered),
        (S::Reserved, E::Expire, S::Expired),
        (S::Delivered, E::Redeem, S::Redeemed),
        (S::Delivered, E::Expire, S::Expired),
        (S::Redeemed, E::Claim, S::Claimed),
        (S::Claimed, E::RejectClaim, S::Redeemed),
        (S::Claimed, E::Pay, S::Paid),
    ];

    #[test]
    fn every_allowed_transition_lands_where_the_table_says() {
        for (from, event, to) in ALLOWED {
            assert_eq!(from.apply(event), Ok(to), "{from:?} --{event:?}-->");
        }
    }

    #[test]
    fn every_other_pair_is_a_typed_error() {
        let mut forbidden = 0;
        for from in S::ALL {
            for event in EVENTS {
                if ALLOWED.iter().any(|(f, e, _)| *f == from && *e == event) {
                    continue;
                }
                assert_eq!(from.apply(event), Err(TransitionError { from, event }), "{from:?} --{event:?}-->");
                forbidden += 1;
            }
        }
        assert_eq!(forbidden, S::ALL.len() * EVENTS.len() - ALLOWED.len());
    }

    #[test]
    fn final_states_accept_no_event() {
        for from in S::ALL.into_iter().filter(|status| status.is_final()) {
            assert!(EVENTS.iter().all(|event| from.apply(*event).is_err()), "{from:?}");
        }
    }

    #[test]
    fn the_reservation_race_loser_reads_already_reserved() {
        let error = S::Reserved.apply(E::Reserve).unwrap_err();
        assert_eq!(error.to_string(), "This voucher is already reserved.");
        assert_eq!(S::Paid.apply(E::Cancel).unwrap_err().to_string(), "A voucher that is paid cannot be cancelled.");
    }

    #[test]
    fn statuses_round_trip_through_their_stored_names() {
        for status in S::ALL {
            assert_eq!(status.as_str().parse::<VoucherStatus>(), Ok(status));
        }
        assert_eq!("unknown".parse::<VoucherStatus>(), Err(UnknownStatus));
    }
}
