//! Customers' licensing agreements and the pool of planning days each one earns.

use super::days::PlanningDays;
use super::ids::LicensingAgreementId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreementError {
    LicensingIdEmpty,
    LicensingIdMalformed,
    LicensesMalformed,
    LicensesTooMany,
}

/// The licensing ID of an agreement, as printed on it (e.g. `V1234567`).
pub fn parse_licensing_id(input: &str) -> Result<String, AgreementError> {
    let id = input.trim().to_ascii_uppercase();
    if id.is_empty() {
        return Err(AgreementError::LicensingIdEmpty);
    }
    if !(4..=20).contains(&id.len()) || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(AgreementError::LicensingIdMalformed);
    }
    Ok(id)
}

/// The qualifying licence count: a whole number up to ten million.
pub fn parse_license_count(input: &str) -> Result<u32, AgreementError> {
    let digits: String = input.trim().chars().filter(|c| *c != ',' && *c != '.' && *c != ' ').collect();
    let count: u64 = digits.parse().map_err(|_| AgreementError::LicensesMalformed)?;
    if count > 10_000_000 {
        return Err(AgreementError::LicensesTooMany);
    }
    Ok(count as u32)
}

/// Where an agreement's planning days are. `left` is what new vouchers may use.
///
/// Days are never created or lost by the portal itself: every entitled day is in
/// exactly one of `left`, `reserved`, `used` or `lost` (see [`Pool::balances`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Pool {
    pub entitled: PlanningDays,
    /// In open vouchers (assigned, reserved or delivered, not yet redeemed).
    pub reserved: PlanningDays,
    /// In redeemed vouchers.
    pub used: PlanningDays,
    /// Came back from cancelled or expired vouchers (already part of `left`).
    pub returned: PlanningDays,
    /// In vouchers that expired or were cancelled after the agreement had ended.
    pub lost: PlanningDays,
    pub left: PlanningDays,
}

impl Pool {
    /// The pool of an agreement entitled to `entitled` with nothing spent yet.
    pub fn untouched(entitled: PlanningDays) -> Self {
        Pool { entitled, left: entitled, ..Pool::default() }
    }

    /// Whether every entitled day is accounted for exactly once.
    pub fn balances(&self) -> bool {
        let accounted = u64::from(self.left.get())
            + u64::from(self.reserved.get())
            + u64::from(self.used.get())
            + u64::from(self.lost.get());
        // `returned` is not a place days are in: returned days are part of `left` (and can
        // come back more than once, when reused and cancelled again).
        accounted == u64::from(self.entitled.get())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicensingAgreement {
    pub id: LicensingAgreementId,
    pub licensing_id: String,
    pub qualifying_licenses: u32,
    pub ends_on: NaiveDate,
    pub activated_at: Option<DateTime<Utc>>,
    pub pool: Pool,
}

impl LicensingAgreement {
    pub fn is_active(&self, today: NaiveDate) -> bool {
        today <= self.ends_on
    }

    /// Vouchers can be created from an agreement whose benefit is activated, that has not
    /// ended and that has days left.
    pub fn can_issue_vouchers(&self, today: NaiveDate) -> bool {
        self.activated_at.is_some() && self.is_active(today) && self.pool.left > PlanningDays::ZERO
    }
}

/// Why the server refused a change to an agreement or a voucher drawn on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BenefitRefusal {
    AlreadyEnded,
    AlreadyRegistered,
    NoSuchAgreement,
    Ended { licensing_id: String, on: NaiveDate },
    EarnsNothing { licensing_id: String, licences: u32 },
    AlreadyActive { licensing_id: String },
    NotActivated { licensing_id: String },
    NoDaysLeft { licensing_id: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licensing_ids_are_plain_and_upper_cased() {
        assert_eq!(parse_licensing_id(" v1234567 "), Ok("V1234567".into()));
        assert_eq!(parse_licensing_id(""), Err(AgreementError::LicensingIdEmpty));
        assert_eq!(parse_licensing_id("12"), Err(AgreementError::LicensingIdMalformed));
        assert_eq!(parse_licensing_id("V12 34'"), Err(AgreementError::LicensingIdMalformed));
    }

    #[test]
    fn licence_counts_accept_grouping_and_refuse_nonsense() {
        assert_eq!(parse_license_count("2,500"), Ok(2_500));
        assert_eq!(parse_license_count("-5"), Err(AgreementError::LicensesMalformed));
        assert_eq!(parse_license_count("lots"), Err(AgreementError::LicensesMalformed));
        assert_eq!(parse_license_count("99999999999"), Err(AgreementError::LicensesTooMany));
    }

    #[test]
    fn vouchers_need_an_activated_running_agreement_with_days_left() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let mut agreement = LicensingAgreement {
            id: LicensingAgreementId::from_uuid(uuid::Uuid::nil()),
            licensing_id: "V1".into(),
            qualifying_licenses: 800,
            ends_on: today,
            activated_at: None,
            pool: Pool::untouched(PlanningDays::new(5)),
        };
        assert!(!agreement.can_issue_vouchers(today), "not activated");
        agreement.activated_at = Some(Utc::now());
        assert!(agreement.can_issue_vouchers(today), "the last day still counts");
        assert!(!agreement.can_issue_vouchers(today.succ_opt().unwrap()), "ended");
        agreement.pool = Pool::untouched(PlanningDays::ZERO);
        assert!(!agreement.can_issue_vouchers(today), "no days");
    }

    #[test]
    fn a_pool_balances_when_every_day_is_somewhere_once() {
        let days = PlanningDays::new;
        assert!(Pool::untouched(days(10)).balances());
        let pool = Pool {
            entitled: days(10),
            reserved: days(3),
            used: days(5),
            returned: days(1),
            lost: days(1),
            left: days(1),
        };
        assert!(pool.balances());
        assert!(!Pool { left: days(2), ..pool }.balances(), "a day created");
        assert!(!Pool { lost: days(0), ..pool }.balances(), "a day vanished");
    }
}
