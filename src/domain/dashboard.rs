//! What each side of the program should do next: the dashboard's deadlines, pools,
//! counts and the days spent per month. The server gathers the facts; the rules that
//! turn them into a to-do list live here, tested without a database.

use super::agreement::LicensingAgreement;
use super::claim::{ClaimStatus, ClaimSummary, ClaimableVoucher};
use super::days::PlanningDays;
use super::ids::VoucherId;
use super::money::{Currency, Money};
use super::reservation::EngagementSummary;
use super::voucher_status::VoucherStatus;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How many months the customer's chart of days spent goes back.
pub const CHART_MONTHS: usize = 6;
/// A voucher this close to its end is listed as expiring soon.
pub const EXPIRING_WITHIN_DAYS: i64 = 30;
/// A deadline this close is marked urgent.
pub const URGENT_WITHIN_DAYS: i64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Task {
    /// Reserved: deliver, report and redeem before the voucher ends.
    ReportAndRedeem,
    /// Delivered: redeem before the voucher ends.
    Redeem,
    /// Redeemed: claim payment within 60 days.
    Claim,
}

/// One thing to do by a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub task: Task,
    pub code: String,
    /// Where it is done.
    pub href: String,
    pub due: DateTime<Utc>,
}

impl Deadline {
    /// Whole days until `due` (negative once it has passed).
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        (self.due - now).num_days()
    }

    pub fn is_urgent(&self, now: DateTime<Utc>) -> bool {
        self.days_left(now) <= URGENT_WITHIN_DAYS
    }
}

/// The partner's to-do list from its live engagements and its redeemed, unclaimed
/// vouchers: soonest first.
pub fn partner_deadlines(engagements: &[EngagementSummary], claimable: &[ClaimableVoucher]) -> Vec<Deadline> {
    let mut deadlines: Vec<Deadline> = engagements
        .iter()
        .filter_map(|engagement| {
            let task = match engagement.status {
                VoucherStatus::Reserved => Task::ReportAndRedeem,
                VoucherStatus::Delivered => Task::Redeem,
                _ => return None,
            };
            let href = match task {
                Task::ReportAndRedeem => format!("/engagements/{}/report", engagement.id),
                _ => "/engagements".to_owned(),
            };
            Some(Deadline { task, code: engagement.code.clone(), href, due: engagement.expires_at })
        })
        .chain(claimable.iter().map(|voucher| Deadline {
            task: Task::Claim,
            code: voucher.code.clone(),
            href: "/claims".to_owned(),
            due: voucher.claim_by,
        }))
        .collect();
    deadlines.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.code.cmp(&b.code)));
    deadlines
}

/// The first day of each of the last `count` months, `today`'s month last.
pub fn last_months(today: NaiveDate, count: usize) -> Vec<NaiveDate> {
    let this_month = today.with_day(1).unwrap_or(today);
    (0..count).rev().filter_map(|back| this_month.checked_sub_months(Months::new(back as u32))).collect()
}

/// Planning days put into vouchers in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthDays {
    /// Its first day.
    pub month: NaiveDate,
    pub days: PlanningDays,
}

/// An open voucher close to its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringVoucher {
    pub id: VoucherId,
    pub code: String,
    pub status: VoucherStatus,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerNext {
    /// The server's time when it gathered these (days left count from it).
    pub as_of: DateTime<Utc>,
    /// The organisation's agreements (benefit admins; empty for project managers).
    pub agreements: Vec<LicensingAgreement>,
    /// How many vouchers are in each status (statuses with none left out).
    pub by_status: Vec<(VoucherStatus, u32)>,
    pub expiring: Vec<ExpiringVoucher>,
    /// Oldest month first, [`CHART_MONTHS`] of them.
    pub days_by_month: Vec<MonthDays>,
}

/// What a customer's dashboard asks for first, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CustomerTask {
    /// No agreement yet: planning days come from a registered agreement.
    RegisterAgreement,
    /// Agreements, but none with the benefit active and days to give.
    ActivateBenefit,
    /// Days left in an active pool, the most of any agreement.
    CreateVoucher { days_left: PlanningDays },
    /// Vouchers assigned and not reserved yet: a partner needs their code.
    FindPartner { waiting: u32 },
}

impl CustomerNext {
    /// The customer's to-do list; `creates_vouchers` for those who may create them (the
    /// benefit admin), whose list starts with the agreement.
    pub fn tasks(&self, creates_vouchers: bool) -> Vec<CustomerTask> {
        let today = self.as_of.date_naive();
        let mut tasks = Vec::new();
        if creates_vouchers {
            let issuing = self.agreements.iter().filter(|agreement| agreement.can_issue_vouchers(today));
            match issuing.map(|agreement| agreement.pool.left).max() {
                Some(days_left) => tasks.push(CustomerTask::CreateVoucher { days_left }),
                None if self.agreements.is_empty() => tasks.push(CustomerTask::RegisterAgreement),
                None if self.agreements.iter().all(|agreement| agreement.activated_at.is_none()) => {
                    tasks.push(CustomerTask::ActivateBenefit)
                }
                None => {}
            }
        }
        let waiting =
            self.by_status.iter().find(|(status, _)| *status == VoucherStatus::Assigned).map_or(0, |(_, count)| *count);
        if waiting > 0 {
            tasks.push(CustomerTask::FindPartner { waiting });
        }
        tasks
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerNext {
    /// The server's time when it gathered these (days left count from it).
    pub as_of: DateTime<Utc>,
    pub deadlines: Vec<Deadline>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorNext {
    /// The submitted claims waiting longest for a decision, the oldest first.
    pub waiting: Vec<ClaimSummary>,
    /// How many claims wait for a decision in all.
    pub waiting_count: u32,
    /// The approved claims longest past their 30-day payment date, the most overdue first.
    pub overdue: Vec<ClaimSummary>,
    /// How many approved claims are past their payment date in all.
    pub overdue_count: u32,
    /// What the program owes and paid, by the claiming location's country.
    pub by_country: Vec<CountryTotals>,
}

/// One group of claims as the database sums them: a country, a currency and a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimTotal {
    pub country: String,
    pub currency: Currency,
    pub status: ClaimStatus,
    pub claims: u32,
    pub amount_minor: i64,
}

/// A country's claims in one currency (a country's partners may claim in more than one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryTotals {
    pub country: String,
    /// Submitted, approved and paid claims (those the program acts on or paid).
    pub claims: u32,
    pub waiting: Money,
    pub to_pay: Money,
    pub paid: Money,
}

/// Folds the per-status sums into a row per country and currency, ordered by country.
/// Returned, rejected and withdrawn claims owe nothing and are left out.
pub fn country_totals(groups: Vec<ClaimTotal>) -> Vec<CountryTotals> {
    let mut rows: Vec<CountryTotals> = Vec::new();
    for group in groups {
        let slot: fn(&mut CountryTotals) -> &mut Money = match group.status {
            ClaimStatus::Submitted => |row: &mut CountryTotals| &mut row.waiting,
            ClaimStatus::Approved => |row: &mut CountryTotals| &mut row.to_pay,
            ClaimStatus::Paid => |row: &mut CountryTotals| &mut row.paid,
            ClaimStatus::Returned | ClaimStatus::Rejected | ClaimStatus::Withdrawn => continue,
        };
        let position =
            rows.iter().position(|row| row.country == group.country && row.waiting.currency == group.currency);
        let row = match position {
            Some(position) => &mut rows[position],
            None => {
                let zero = Money { minor_units: 0, currency: group.currency };
                rows.push(CountryTotals { country: group.country, claims: 0, waiting: zero, to_pay: zero, paid: zero });
                let last = rows.len() - 1;
                &mut rows[last]
            }
        };
        row.claims = row.claims.saturating_add(group.claims);
        let amount = slot(row);
        amount.minor_units = amount.minor_units.saturating_add(group.amount_minor);
    }
    rows.sort_by(|a, b| {
        a.country.cmp(&b.country).then_with(|| a.waiting.currency.code().cmp(b.waiting.currency.code()))
    });
    rows
}

/// The dashboard's to-do part, by side of the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextSteps {
    Customer(CustomerNext),
    Partner(PartnerNext),
    Operator(OperatorNext),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{EngagementId, LocationRecordId, OrgId, VoucherId};
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, 12, 0, 0).unwrap()
    }

    fn engagement(code: &str, status: VoucherStatus, expires: DateTime<Utc>) -> EngagementSummary {
        let nil = uuid::Uuid::nil();
        EngagementSummary {
            id: EngagementId::from_uuid(nil),
            voucher_id: VoucherId::from_uuid(nil),
            partner_org_id: OrgId::from_uuid(nil),
            customer_org_id: OrgId::from_uuid(nil),
            code: code.into(),
            customer_name: "Fabrikam".into(),
            partner_name: "Contoso".into(),
            offering_code: "DDPS".into(),
            engagement_type: "Planning".into(),
            days: PlanningDays::new(3),
            location: "Madrid".into(),
            starts_on: expires.date_naive(),
            ends_on: expires.date_naive(),
            consultants: vec![],
            consultant_ids: vec![],
            status,
            expires_at: expires,
            reserved_at: expires,
        }
    }

    fn claimable(code: &str, claim_by: DateTime<Utc>) -> ClaimableVoucher {
        let nil = uuid::Uuid::nil();
        ClaimableVoucher {
            voucher_id: VoucherId::from_uuid(nil),
            engagement_id: EngagementId::from_uuid(nil),
            code: code.into(),
            customer_name: "Fabrikam".into(),
            days: PlanningDays::new(3),
            location_id: LocationRecordId::from_uuid(nil),
            location: "Madrid".into(),
            redeemed_at: claim_by,
            claim_by,
        }
    }

    fn agreement(activated: bool, left: u32, ends_on: NaiveDate) -> LicensingAgreement {
        use crate::domain::agreement::Pool;
        LicensingAgreement {
            id: crate::domain::ids::LicensingAgreementId::from_uuid(uuid::Uuid::nil()),
            licensing_id: "EA-1".into(),
            qualifying_licenses: 2_500,
            ends_on,
            activated_at: activated.then(|| at(1)),
            pool: Pool { entitled: PlanningDays::new(10), left: PlanningDays::new(left), ..Pool::default() },
        }
    }

    fn customer(agreements: Vec<LicensingAgreement>, assigned: u32) -> CustomerNext {
        CustomerNext {
            as_of: at(6),
            agreements,
            by_status: if assigned > 0 { vec![(VoucherStatus::Assigned, assigned)] } else { vec![] },
            expiring: vec![],
            days_by_month: vec![],
        }
    }

    #[test]
    fn a_customer_is_told_to_register_then_activate_then_create_then_find_a_partner() {
        let later = at(31).date_naive();
        assert_eq!(customer(vec![], 0).tasks(true), [CustomerTask::RegisterAgreement]);
        assert_eq!(customer(vec![agreement(false, 10, later)], 0).tasks(true), [CustomerTask::ActivateBenefit]);
        let pools = vec![agreement(true, 4, later), agreement(true, 7, later), agreement(true, 9, at(5).date_naive())];
        assert_eq!(
            customer(pools, 2).tasks(true),
            [CustomerTask::CreateVoucher { days_left: PlanningDays::new(7) }, CustomerTask::FindPartner { waiting: 2 }],
            "the most days of an agreement still running"
        );
        assert_eq!(customer(vec![agreement(true, 0, later)], 0).tasks(true), [], "an empty pool asks for nothing");
        // A project manager neither registers nor creates: only the codes to pass on.
        assert_eq!(customer(vec![], 0).tasks(false), []);
        assert_eq!(customer(vec![], 1).tasks(false), [CustomerTask::FindPartner { waiting: 1 }]);
    }

    #[test]
    fn the_partner_sees_what_to_report_redeem_and_claim_soonest_first() {
        let deadlines = partner_deadlines(
            &[
                engagement("RESERVED", VoucherStatus::Reserved, at(20)),
                engagement("DELIVERED", VoucherStatus::Delivered, at(5)),
                engagement("REDEEMED", VoucherStatus::Redeemed, at(1)),
            ],
            &[claimable("TO-CLAIM", at(10))],
        );
        let order: Vec<(&str, Task)> = deadlines.iter().map(|d| (d.code.as_str(), d.task)).collect();
        assert_eq!(
            order,
            vec![("DELIVERED", Task::Redeem), ("TO-CLAIM", Task::Claim), ("RESERVED", Task::ReportAndRedeem)],
            "a redeemed engagement waits in the claims list, not here"
        );
        assert!(deadlines[2].href.ends_with("/report"));
        assert_eq!(deadlines[1].href, "/claims");
    }

    #[test]
    fn deadlines_within_two_weeks_are_urgent() {
        let deadline = Deadline { task: Task::Claim, code: "X".into(), href: "/claims".into(), due: at(20) };
        assert_eq!(deadline.days_left(at(1)), 19);
        assert!(!deadline.is_urgent(at(1)));
        assert!(deadline.is_urgent(at(6)));
        assert!(deadline.days_left(at(21)) < 0 && deadline.is_urgent(at(21)));
    }

    #[test]
    fn the_chart_covers_the_last_months_across_a_new_year() {
        let today = NaiveDate::from_ymd_opt(2027, 2, 14).unwrap();
        let months = last_months(today, 4);
        let firsts: Vec<String> = months.iter().map(|day| day.to_string()).collect();
        assert_eq!(firsts, ["2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01"]);
        assert_eq!(last_months(today, CHART_MONTHS).len(), CHART_MONTHS);
    }

    fn total(country: &str, currency: &str, status: ClaimStatus, claims: u32, amount_minor: i64) -> ClaimTotal {
        ClaimTotal {
            country: country.into(),
            currency: Currency::parse(currency).unwrap(),
            status,
            claims,
            amount_minor,
        }
    }

    #[test]
    fn claims_add_up_per_country_and_currency_and_closed_ones_owe_nothing() {
        let rows = country_totals(vec![
            total("US", "USD", ClaimStatus::Paid, 2, 300_000),
            total("ES", "EUR", ClaimStatus::Submitted, 1, 120_000),
            total("US", "USD", ClaimStatus::Submitted, 1, 50_000),
            total("US", "USD", ClaimStatus::Rejected, 4, 999_999),
            total("ES", "EUR", ClaimStatus::Approved, 3, 90_000),
            total("US", "EUR", ClaimStatus::Approved, 1, 10_000),
        ]);
        let summary: Vec<(&str, &str, u32, i64, i64, i64)> = rows
            .iter()
            .map(|row| {
                (
                    row.country.as_str(),
                    row.paid.currency.code(),
                    row.claims,
                    row.waiting.minor_units,
                    row.to_pay.minor_units,
                    row.paid.minor_units,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("ES", "EUR", 4, 120_000, 90_000, 0),
                ("US", "EUR", 1, 0, 10_000, 0),
                ("US", "USD", 3, 50_000, 0, 300_000),
            ]
        );
    }
}
