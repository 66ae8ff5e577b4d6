//! Vouchers as customers see them: what a voucher holds, the rules for creating one,
//! and the filters of the voucher list.

use super::agreement::LicensingAgreement;
use super::catalogue::Offering;
use super::days::{EngagementLength, PlanningDays};
use super::ids::{LicensingAgreementId, OfferingId, VoucherId};
use super::voucher_status::VoucherStatus;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A voucher expires this many days after it was assigned.
pub const VOUCHER_LIFE_DAYS: i64 = 180;
/// The project manager is warned this many days before expiry.
pub const EXPIRY_WARNING_DAYS: i64 = 30;
/// Vouchers per page of the voucher list.
pub const PAGE_SIZE: u32 = 25;

pub fn expires_at(assigned_at: DateTime<Utc>) -> DateTime<Utc> {
    assigned_at + Duration::days(VOUCHER_LIFE_DAYS)
}

pub fn expiry_warning_due(expires_at: DateTime<Utc>) -> DateTime<Utc> {
    expires_at - Duration::days(EXPIRY_WARNING_DAYS)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoucherError {
    UnknownAgreement,
    UnknownOffering,
    DaysMissing,
    LengthNotOffered { allowed: String },
    BeyondPool { left: PlanningDays },
    DivisionTooLong,
    SecondFifteenDayVoucher { division: String },
    ProjectManagerMissing,
    ChooseSomeone,
    NotMember,
    AccountDisabled,
    OtherOrganisation,
    NoSuchVoucher,
    OnlyAssignedCancel { status: VoucherStatus },
    ChangedMeanwhile,
}

/// The division or legal entity a voucher is for; it decides the 15-day rule.
/// Empty means the whole organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Division(String);

impl Division {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, VoucherError> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() > Self::MAX_CHARS {
            return Err(VoucherError::DivisionTooLong);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Two spellings of one division compare equal: case and spacing do not count.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// The lengths a customer may choose for an offering: those its engagement types
/// allow that fit in the days left, shortest first.
pub fn lengths_within(offered: &[EngagementLength], left: PlanningDays) -> Vec<EngagementLength> {
    let mut lengths: Vec<_> = offered.iter().copied().filter(|length| length.days() <= left).collect();
    lengths.sort();
    lengths.dedup();
    lengths
}

/// Reads the days field of the wizard against the offering's lengths and the pool.
pub fn parse_days(
    input: &str,
    offered: &[EngagementLength],
    left: PlanningDays,
) -> Result<EngagementLength, VoucherError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(VoucherError::DaysMissing);
    }
    let allowed = || {
        let mut offered = offered.to_vec();
        offered.sort();
        offered.dedup();
        let days: Vec<String> = offered.iter().map(|length| length.days().get().to_string()).collect();
        format!("{} days", days.join(", "))
    };
    let length = input
        .parse::<u32>()
        .ok()
        .and_then(|days| EngagementLength::from_days(days).ok())
        .filter(|length| offered.contains(length))
        .ok_or_else(|| VoucherError::LengthNotOffered { allowed: allowed() })?;
    if length.days() > left {
        return Err(VoucherError::BeyondPool { left });
    }
    Ok(length)
}

/// An offering with the lengths its engagement types allow (the wizard's second step).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingChoice {
    pub offering: Offering,
    pub lengths: Vec<EngagementLength>,
}

/// Someone in the customer's organisation who can receive vouchers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectManager {
    pub name: String,
    pub email: String,
}

/// One row of the voucher list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherSummary {
    pub id: VoucherId,
    /// Grouped for reading, e.g. `7KQ3F-9XW2M-0RTBH-4GNP8`.
    pub code: String,
    pub agreement_id: LicensingAgreementId,
    pub licensing_id: String,
    pub offering_id: OfferingId,
    pub offering_code: String,
    pub offering_name: String,
    pub days: PlanningDays,
    pub division: String,
    pub project_manager_name: String,
    pub project_manager_email: String,
    pub status: VoucherStatus,
    pub assigned_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Days that went back to the pool on cancel or expiry.
    pub returned_days: PlanningDays,
}

impl VoucherSummary {}

/// The voucher page: the voucher and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherDetail {
    pub voucher: VoucherSummary,
    pub timeline: Vec<super::audit::AuditEntry>,
    /// The partner's live reservation, if any: who delivers, where and when.
    pub engagement: Option<super::reservation::EngagementSummary>,
    /// Whether the viewer may cancel it now.
    pub can_cancel: bool,
}

/// The voucher list's filters, as they travel in the page's query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherFilter {
    pub status: Option<VoucherStatus>,
    pub agreement: Option<LicensingAgreementId>,
    pub offering: Option<OfferingId>,
}

impl VoucherFilter {
    /// Reads the query-string values; anything unknown is ignored rather than refused,
    /// since an old bookmark should still open the list.
    pub fn from_query(status: &str, agreement: &str, offering: &str) -> Self {
        VoucherFilter {
            status: status.parse().ok(),
            agreement: LicensingAgreementId::parse(agreement).ok(),
            offering: OfferingId::parse(offering).ok(),
        }
    }
}

/// One page of the list; `next` continues after the last row (keyset paging).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherPage {
    pub vouchers: Vec<VoucherSummary>,
    pub next: Option<String>,
    /// The agreements and offerings the viewer's vouchers use, as filter choices.
    pub agreements: Vec<(LicensingAgreementId, String)>,
    pub offerings: Vec<(OfferingId, String)>,
}

/// What the wizard offers: agreements that can issue vouchers, offerings with their
/// lengths, and the people vouchers can go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardOptions {
    pub agreements: Vec<LicensingAgreement>,
    pub offerings: Vec<OfferingChoice>,
    pub project_managers: Vec<ProjectManager>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherCreated {
    pub id: VoucherId,
    pub code: String,
    pub project_manager_email: String,
    /// Whether the project manager was invited to the portal with it.
    pub invited: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use EngagementLength::*;

    #[test]
    fn only_offered_lengths_that_fit_the_pool_are_offered() {
        assert_eq!(lengths_within(&[Fifteen, One, Five, One], PlanningDays::new(7)), vec![One, Five]);
        assert_eq!(lengths_within(&[Three], PlanningDays::new(2)), vec![]);
    }

    #[test]
    fn days_must_be_an_offered_length_within_the_pool() {
        let offered = [One, Three, Five, Fifteen];
        let left = PlanningDays::new(10);
        assert_eq!(parse_days("5", &offered, left), Ok(Five));
        assert_eq!(parse_days("", &offered, left), Err(VoucherError::DaysMissing));
        for refused in ["0", "2", "16", "-1", "ten", "10"] {
            assert!(
                matches!(parse_days(refused, &offered, left), Err(VoucherError::LengthNotOffered { .. })),
                "{refused}"
            );
        }
        assert_eq!(parse_days("15", &offered, left), Err(VoucherError::BeyondPool { left }));
    }

    #[test]
    fn divisions_compare_without_case_or_spacing() {
        let a = Division::parse("  Retail   Banking ").unwrap();
        let b = Division::parse("retail banking").unwrap();
        assert_eq!(a.as_str(), "Retail Banking");
        assert_eq!(a.key(), b.key());
        assert_eq!(Division::parse("").unwrap().as_str(), "", "the whole organisation");
        assert_eq!(Division::parse(&"x".repeat(101)), Err(VoucherError::DivisionTooLong));
    }

    #[test]
    fn vouchers_expire_after_180_days_and_warn_30_days_before() {
        let assigned = DateTime::parse_from_rfc3339("2026-01-15T10:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(expires_at(assigned).to_rfc3339(), "2026-07-14T10:00:00+00:00");
        assert_eq!(expiry_warning_due(expires_at(assigned)).to_rfc3339(), "2026-06-14T10:00:00+00:00");
    }

    #[test]
    fn stale_filter_values_are_ignored() {
        let filter = VoucherFilter::from_query("assigned", "not-an-id", "");
        assert_eq!(filter, VoucherFilter { status: Some(VoucherStatus::Assigned), ..VoucherFilter::default() });
    }
}
