//! Step 5 as partners see it: checking a customer's voucher and reserving it for an
//! engagement, with the rules every reservation must meet.

use super::catalogue::{EngagementType, Offering};
use super::days::PlanningDays;
use super::ids::{EngagementId, OrgId, UserId, VoucherId};
use super::partner::LocationRecord;
use super::voucher_status::VoucherStatus;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What stops a check or a reservation (its sentences: `locale::messages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReservationError {
    /// The one answer for a code and email that do not belong together, whichever half is
    /// wrong: it must not tell a guesser that a code exists.
    NoMatch,
    UnknownEngagementType,
    NotEnrolled {
        offering: String,
    },
    NotQualified {
        engagement: String,
    },
    UnknownLocation,
    NoConsultant,
    ConsultantNotQualified {
        name: String,
        engagement: String,
    },
    UnknownConsultant,
    StartsInPast,
    EndsBeforeStart,
    EndsAfterExpiry {
        expires_on: NaiveDate,
    },
    TermsNotAccepted,
    AlreadyReserved,
    Expired {
        expires_on: NaiveDate,
    },
    NotReservable {
        status: VoucherStatus,
    },
    OfferingRetired,
    NoSuchReservation,
    AlreadyReleased,
    /// Released too late: the engagement was delivered or the voucher expired.
    MovedOn,
    ChooseDelivered,
    NothingToRedeem,
    RedeemExpired {
        code: String,
        expires_on: NaiveDate,
    },
    ChangedMeanwhile {
        code: String,
    },
    NotRedeemable {
        code: String,
        status: VoucherStatus,
    },
}

/// A consultant the partner can name on an engagement, with the competencies of their
/// passed exams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultantChoice {
    pub id: UserId,
    pub name: String,
    pub exam_competencies: Vec<String>,
}

impl ConsultantChoice {
    pub fn qualifies_for(&self, engagement: &EngagementType) -> bool {
        engagement
            .qualifying_competencies
            .iter()
            .any(|requirement| self.exam_competencies.contains(&requirement.competency))
    }
}

/// An engagement type of the voucher's offering and whether this partner may deliver it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementChoice {
    pub engagement_type: EngagementType,
    /// `None` when the partner qualifies; otherwise why not.
    pub refusal: Option<String>,
}

/// What a valid code and email show the partner, and what they can reserve it with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherCheck {
    pub voucher_id: VoucherId,
    pub code: String,
    /// The customer's benefit admin email that matched, sent again when reserving.
    pub admin_email: String,
    pub customer_name: String,
    pub offering: Offering,
    pub days: PlanningDays,
    pub status: VoucherStatus,
    pub expires_at: DateTime<Utc>,
    pub engagement_types: Vec<EngagementChoice>,
    pub locations: Vec<LocationRecord>,
    pub consultants: Vec<ConsultantChoice>,
}

/// A reservation as the partner and the customer see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementSummary {
    pub id: EngagementId,
    pub voucher_id: VoucherId,
    pub partner_org_id: OrgId,
    pub customer_org_id: OrgId,
    pub code: String,
    pub customer_name: String,
    pub partner_name: String,
    pub offering_code: String,
    pub engagement_type: String,
    pub days: PlanningDays,
    pub location: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub consultants: Vec<String>,
    pub consultant_ids: Vec<UserId>,
    pub status: VoucherStatus,
    pub expires_at: DateTime<Utc>,
    pub reserved_at: DateTime<Utc>,
}

/// The engagement dates must lie between today and the voucher's expiry.
pub fn check_dates(
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    today: NaiveDate,
    expires_at: DateTime<Utc>,
) -> Result<(), (&'static str, ReservationError)> {
    if starts_on < today {
        return Err(("starts_on", ReservationError::StartsInPast));
    }
    if ends_on < starts_on {
        return Err(("ends_on", ReservationError::EndsBeforeStart));
    }
    let expires_on = expires_at.date_naive();
    if ends_on > expires_on {
        return Err(("ends_on", ReservationError::EndsAfterExpiry { expires_on }));
    }
    Ok(())
}

/// Consultants arrive as one comma-separated list of ids; duplicates count once.
pub fn parse_consultant_ids(input: &str) -> Result<Vec<UserId>, ReservationError> {
    let mut ids = Vec::new();
    for part in input.split(',').map(str::trim).filter(|part| !part.is_empty()) {
        let id = UserId::parse(part).map_err(|_| ReservationError::UnknownConsultant)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(ReservationError::NoConsultant);
    }
    Ok(ids)
}

/// A checkbox's value as browsers send it.
pub fn is_checked(input: &str) -> bool {
    matches!(input.trim(), "on" | "true" | "yes" | "1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn engagement_dates_lie_within_the_voucher_life() {
        let today = date(2026, 3, 1);
        let expires = Utc.with_ymd_and_hms(2026, 7, 14, 10, 0, 0).unwrap();
        assert!(check_dates(today, date(2026, 7, 14), today, expires).is_ok(), "the expiry day still counts");
        assert_eq!(check_dates(date(2026, 2, 28), today, today, expires).unwrap_err().0, "starts_on");
        assert_eq!(check_dates(date(2026, 3, 5), date(2026, 3, 4), today, expires).unwrap_err().0, "ends_on");
        assert!(matches!(
            check_dates(today, date(2026, 7, 15), today, expires),
            Err(("ends_on", ReservationError::EndsAfterExpiry { .. }))
        ));
    }

    #[test]
    fn consultant_lists_are_ids_counted_once() {
        let id = UserId::from_uuid(uuid::Uuid::from_u128(7));
        assert_eq!(parse_consultant_ids(&format!(" {id},{id}, ")), Ok(vec![id]));
        assert_eq!(parse_consultant_ids(" , "), Err(ReservationError::NoConsultant));
        assert_eq!(parse_consultant_ids("robert'); --"), Err(ReservationError::UnknownConsultant));
    }
}
