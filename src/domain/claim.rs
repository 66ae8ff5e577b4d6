//! Step 8: payment registration, bank accounts per location and payment claims.

use super::days::PlanningDays;
use super::ids::{ClaimId, EngagementId, LocationRecordId, VoucherId};
use super::money::Money;
use super::voucher_status::VoucherStatus;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A redeemed voucher must be claimed within this many days.
pub const CLAIM_WINDOW_DAYS: i64 = 60;
/// The operator pays an approved claim within this many days.
pub const PAYMENT_TERM_DAYS: i64 = 30;

pub fn claim_deadline(redeemed_at: DateTime<Utc>) -> DateTime<Utc> {
    redeemed_at + Duration::days(CLAIM_WINDOW_DAYS)
}

pub fn payment_due(approved_on: NaiveDate) -> NaiveDate {
    approved_on + Duration::days(PAYMENT_TERM_DAYS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    Submitted,
    Returned,
    Approved,
    Rejected,
    Paid,
    Withdrawn,
}

impl ClaimStatus {
    /// In the order a claim lives through them (the operator's filter lists them so).
    pub const ALL: [ClaimStatus; 6] =
        [Self::Submitted, Self::Returned, Self::Approved, Self::Paid, Self::Rejected, Self::Withdrawn];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Paid => "paid",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::Submitted => "Submitted",
            Self::Returned => "Returned for changes",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
            Self::Paid => "Paid",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// A live claim holds its vouchers.
    pub const fn is_live(self) -> bool {
        matches!(self, Self::Submitted | Self::Returned | Self::Approved | Self::Paid)
    }

    /// The partner may withdraw a claim the operator has not decided.
    pub const fn can_withdraw(self) -> bool {
        matches!(self, Self::Submitted | Self::Returned)
    }
}

impl std::str::FromStr for ClaimStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|status| status.as_str() == s).ok_or(())
    }
}

/// What stops a registration, a bank account or a claim (its sentences: `locale::messages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimError {
    NotRegistered,
    NothingRedeemed,
    NoBankAccount,
    UnknownLocation,
    NoVoucher,
    KeepOne,
    NotInClaim,
    WindowClosed {
        code: String,
        redeemed_on: NaiveDate,
        deadline: NaiveDate,
    },
    NotClaimable {
        code: String,
        status: VoucherStatus,
    },
    /// Another claim took the voucher a moment ago.
    InAnotherClaim {
        code: String,
    },
    OtherLocation {
        code: String,
    },
    NoDayRate {
        country: String,
    },
    AccountNumber,
    TaxId,
    BankCode,
    NoSuchClaim,
    /// A status filter that names no status.
    UnknownStatus,
    NotPayable {
        reference: String,
        status: ClaimStatus,
    },
    /// The claim moved on before this decision: e.g. approving a returned claim.
    CannotNow {
        reference: String,
        status: ClaimStatus,
        action: ClaimAction,
    },
}

/// What someone does to a claim; also the audit log's action name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimAction {
    Withdraw,
    Approve,
    Return,
    Reject,
    Resubmit,
    Pay,
}

impl ClaimAction {
    /// As the audit log names it (`approved`, `paid`…).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Withdraw => "withdrawn",
            Self::Approve => "approved",
            Self::Return => "returned",
            Self::Reject => "rejected",
            Self::Resubmit => "resubmitted",
            Self::Pay => "paid",
        }
    }
}

/// A tax ID (VAT, EIN, NIF…) as written on the registration: upper-cased, 4 to 40
/// characters of letters, digits, spaces and `- . /`, with at least one digit.
pub fn parse_tax_id(input: &str) -> Result<String, ClaimError> {
    let tax_id = input.trim().to_uppercase();
    let allowed = tax_id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '.' | '/'));
    if (4..=40).contains(&tax_id.len()) && allowed && tax_id.chars().any(|c| c.is_ascii_digit()) {
        Ok(tax_id)
    } else {
        Err(ClaimError::TaxId)
    }
}

/// An account or IBAN: spaces dropped, upper-cased, 6 to 34 letters and digits.
pub fn parse_account_number(input: &str) -> Result<String, ClaimError> {
    let number: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
    if (6..=34).contains(&number.len()) && number.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(number)
    } else {
        Err(ClaimError::AccountNumber)
    }
}

pub fn parse_bank_code(input: &str) -> Result<String, ClaimError> {
    let code = input.trim().to_uppercase();
    if (4..=11).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(code)
    } else {
        Err(ClaimError::BankCode)
    }
}

/// Shows only the last four characters of an account number.
pub fn mask_account(number: &str) -> String {
    let tail: String = number.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("•••• {tail}")
}

/// A claim's reference, e.g. `SAVB-2026-7KQ3F9XW`: the year and eight random Crockford
/// symbols (40 bits), checked unique by the database.
pub fn claim_reference(year: i32, random: [u8; 5]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits = random.iter().fold(0u64, |bits, byte| (bits << 8) | u64::from(*byte));
    let symbols: String = (0..8).rev().map(|index| ALPHABET[((bits >> (5 * index)) & 0x1f) as usize] as char).collect();
    format!("SAVB-{year}-{symbols}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub legal_name: String,
    pub tax_id: String,
    pub remit_address: String,
    pub registered_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccountView {
    pub location_id: LocationRecordId,
    pub location: String,
    pub account_holder: String,
    /// Only the last four characters.
    pub account_masked: String,
    pub bank_code: String,
}

/// A redeemed voucher the partner can still claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimableVoucher {
    pub voucher_id: VoucherId,
    pub engagement_id: EngagementId,
    pub code: String,
    pub customer_name: String,
    pub days: PlanningDays,
    pub location_id: LocationRecordId,
    pub location: String,
    pub redeemed_at: DateTime<Utc>,
    pub claim_by: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSummary {
    pub id: ClaimId,
    pub reference: String,
    pub partner_name: String,
    pub location: String,
    pub amount: Money,
    pub status: ClaimStatus,
    pub submitted_at: DateTime<Utc>,
    pub decision_note: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub paid_at: Option<DateTime<Utc>>,
    pub payment_reference: Option<String>,
    /// The vouchers the claim pays (a live claim's lines, or what a closed claim held).
    pub vouchers: Vec<ClaimLine>,
    /// Approved and unpaid past its due date, by the server's clock (the browser has none
    /// the program trusts).
    pub overdue: bool,
}

impl ClaimSummary {
    /// Approved and still unpaid after its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == ClaimStatus::Approved && self.due_on.is_some_and(|due| today > due)
    }
}

/// One voucher of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimLine {
    pub voucher_id: VoucherId,
    /// Grouped for reading (`XXXX-XXXX-…`).
    pub code: String,
    pub days: PlanningDays,
}

impl std::fmt::Display for ClaimLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} days)", self.code, self.days.get())
    }
}

/// Which lines a partner drops when resubmitting a returned claim with only `kept`:
/// every kept voucher must be in the claim, and at least one must stay (dropping all
/// is withdrawing).
pub fn dropped_lines(lines: &[ClaimLine], kept: &[VoucherId]) -> Result<Vec<VoucherId>, ClaimError> {
    if kept.is_empty() {
        return Err(ClaimError::KeepOne);
    }
    if kept.iter().any(|id| !lines.iter().any(|line| line.voucher_id == *id)) {
        return Err(ClaimError::NotInClaim);
    }
    Ok(lines.iter().map(|line| line.voucher_id).filter(|id| !kept.contains(id)).collect())
}

/// The partner's payment page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimsOverview {
    pub registration: Option<Registration>,
    pub bank_accounts: Vec<BankAccountView>,
    pub claimable: Vec<ClaimableVoucher>,
    pub claims: ClaimPage,
}

/// How many claims one page of a claims list shows.
pub const CLAIMS_PER_PAGE: u32 = 50;

/// One page of a claims list, newest first; `next` continues after its last claim (keyset
/// paging), if there are more.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimPage {
    pub claims: Vec<ClaimSummary>,
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn line(n: u128) -> ClaimLine {
        ClaimLine {
            voucher_id: VoucherId::from_uuid(uuid::Uuid::from_u128(n)),
            code: format!("V{n}"),
            days: PlanningDays::new(3),
        }
    }

    #[test]
    fn tax_ids_are_letters_digits_and_separators() {
        assert_eq!(parse_tax_id(" esb12345678 "), Ok("ESB12345678".into()));
        assert_eq!(parse_tax_id("12-3456789"), Ok("12-3456789".into()));
        assert_eq!(parse_tax_id("GB 123 4567 89"), Ok("GB 123 4567 89".into()));
        for bad in ["", "ESB", "ABCDEFG", "'; DROP TABLE users; --", "<b>1234</b>", &"1".repeat(41)] {
            assert_eq!(parse_tax_id(bad), Err(ClaimError::TaxId), "{bad:?}");
        }
    }

    #[test]
    fn a_resubmission_drops_the_lines_not_kept_but_never_all_nor_strangers() {
        let lines = [line(1), line(2), line(3)];
        let id = |n| VoucherId::from_uuid(uuid::Uuid::from_u128(n));
        assert_eq!(dropped_lines(&lines, &[id(1), id(3)]), Ok(vec![id(2)]));
        assert_eq!(dropped_lines(&lines, &[id(3), id(2), id(1)]), Ok(vec![]), "keeping all drops nothing");
        assert_eq!(dropped_lines(&lines, &[]), Err(ClaimError::KeepOne));
        assert_eq!(dropped_lines(&lines, &[id(1), id(9)]), Err(ClaimError::NotInClaim));
        assert_eq!(line(1).to_string(), "V1 (3 days)");
    }

    #[test]
    fn claims_are_due_within_60_days_and_paid_within_30() {
        let redeemed = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        assert_eq!(claim_deadline(redeemed).date_naive(), NaiveDate::from_ymd_opt(2026, 4, 30).unwrap());
        assert_eq!(
            payment_due(NaiveDate::from_ymd_opt(2026, 5, 10).unwrap()),
            NaiveDate::from_ymd_opt(2026, 6, 9).unwrap()
        );
    }

    #[test]
    fn accounts_are_normalised_and_masked() {
        assert_eq!(parse_account_number("es91 2100 0418 4502 0005 1332"), Ok("ES9121000418450200051332".into()));
        assert_eq!(parse_account_number("12"), Err(ClaimError::AccountNumber));
        assert_eq!(parse_account_number("ES91'; DROP"), Err(ClaimError::AccountNumber));
        assert_eq!(mask_account("ES9121000418450200051332"), "•••• 1332");
        assert_eq!(parse_bank_code("caixesbbxxx"), Ok("CAIXESBBXXX".into()));
    }

    #[test]
    fn references_have_the_year_and_eight_symbols() {
        let reference = claim_reference(2026, [0xff, 0, 0x12, 0x34, 0x56]);
        assert!(reference.starts_with("SAVB-2026-"));
        assert_eq!(reference.len(), "SAVB-2026-".len() + 8);
        assert_ne!(reference, claim_reference(2026, [0xff, 0, 0x12, 0x34, 0x57]));
    }

    #[test]
    fn overdue_means_approved_and_past_due() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
        let mut claim = ClaimSummary {
            id: ClaimId::from_uuid(uuid::Uuid::nil()),
            reference: "SAVB-2026-00000000".into(),
            partner_name: "Contoso".into(),
            location: "Madrid".into(),
            amount: Money::from_major(900, super::super::money::Currency::parse("EUR").unwrap()).unwrap(),
            status: ClaimStatus::Approved,
            submitted_at: Utc::now(),
            decision_note: None,
            due_on: Some(NaiveDate::from_ymd_opt(2026, 6, 9).unwrap()),
            paid_at: None,
            payment_reference: None,
            vouchers: vec![],
            overdue: false,
        };
        assert!(claim.is_overdue(today));
        claim.status = ClaimStatus::Paid;
        assert!(!claim.is_overdue(today));
    }
}
