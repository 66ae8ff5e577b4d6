//! Step 6: the completion report of an engagement and its customer deliverables.

use super::days::PlanningDays;
use super::email::EmailAddress;
use super::ids::{DeliverableId, UserId};
use super::partner::parse_date;
use super::reservation::{parse_consultant_ids, EngagementSummary};
use super::text::{paragraphs, single_line};
use super::validation::{FieldError, FormErrors};
use super::voucher_status::VoucherStatus;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The largest deliverable accepted, in bytes.
pub const MAX_DELIVERABLE_BYTES: usize = 10 * 1024 * 1024;

/// The file types a deliverable may have, recognised by content (never by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliverableKind {
    Pdf,
    Docx,
    Pptx,
    Xlsx,
}

impl DeliverableKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Pptx => "pptx",
            Self::Xlsx => "xlsx",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        [Self::Pdf, Self::Docx, Self::Pptx, Self::Xlsx].into_iter().find(|kind| kind.as_str() == stored)
    }

    /// What the bytes are: a PDF starts with `%PDF-`; the Office formats are ZIP
    /// packages whose part names say which application made them.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            return Some(Self::Pdf);
        }
        if !bytes.starts_with(b"PK\x03\x04") || !contains(bytes, b"[Content_Types].xml") {
            return None;
        }
        [
            (b"word/document.xml" as &[u8], Self::Docx),
            (b"ppt/presentation.xml", Self::Pptx),
            (b"xl/workbook.xml", Self::Xlsx),
        ]
        .into_iter()
        .find(|(part, _)| contains(bytes, part))
        .map(|(_, kind)| kind)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// Why an upload was refused (its sentences: `locale::messages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliverableError {
    Empty,
    TooLarge,
    WrongType,
}

/// Checks an uploaded file by its content and size.
pub fn check_deliverable(bytes: &[u8]) -> Result<DeliverableKind, DeliverableError> {
    if bytes.is_empty() {
        return Err(DeliverableError::Empty);
    }
    if bytes.len() > MAX_DELIVERABLE_BYTES {
        return Err(DeliverableError::TooLarge);
    }
    DeliverableKind::sniff(bytes).ok_or(DeliverableError::WrongType)
}

/// A file name safe to show and to offer as a download name.
pub fn clean_file_name(name: &str, kind: DeliverableKind) -> String {
    let base: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
        .take(100)
        .collect();
    let base = base.trim().trim_start_matches('.');
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem).trim();
    let stem = if stem.is_empty() { "deliverable" } else { stem };
    format!("{stem}.{}", kind.as_str())
}

/// A file size as people read it: `812 bytes`, `14.2 KB`, `3.1 MB`.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..=1023 => format!("{bytes} bytes"),
        1024..=1_048_575 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// A deliverable as listed on the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliverable {
    pub id: DeliverableId,
    pub file_name: String,
    pub kind: DeliverableKind,
    pub size: u64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

/// What is wrong with the report's dates or days (its sentences: `locale::messages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportProblem {
    BeforeReservation { reserved_on: NaiveDate },
    EndsBeforeStart,
    InFuture,
    DaysDelivered { voucher_days: PlanningDays },
    NoSuchEngagement,
    NoLongerChanges { status: VoucherStatus },
    SubmittedCannotChange,
    ChangedMeanwhile,
    SaveFirst,
    UploadFirst,
    CannotDeliver,
    SubmittedAlready,
    NoSuchDeliverable,
    UploadUnreadable,
}

/// The report's fields, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionReport {
    pub delivered_from: NaiveDate,
    pub delivered_to: NaiveDate,
    pub days_delivered: PlanningDays,
    pub consultants: Vec<UserId>,
    pub customer_contact_name: String,
    pub customer_contact_email: String,
    pub summary: String,
    pub recommendations: String,
}

/// The report form as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportForm<'a> {
    pub delivered_from: &'a str,
    pub delivered_to: &'a str,
    pub days_delivered: &'a str,
    pub consultants: &'a str,
    pub customer_contact_name: &'a str,
    pub customer_contact_email: &'a str,
    pub summary: &'a str,
    pub recommendations: &'a str,
}

impl ReportForm<'_> {
    /// Checks every field against the voucher's days and the window from the
    /// engagement's reservation to today.
    pub fn parse(
        &self,
        voucher_days: PlanningDays,
        reserved_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<CompletionReport, Vec<FieldError>> {
        let mut errors = FormErrors::new();
        let from = errors.check("delivered_from", parse_date(self.delivered_from));
        let to = errors.check("delivered_to", parse_date(self.delivered_to));
        if let (Some(from), Some(to)) = (from, to) {
            if from < reserved_on {
                errors.push("delivered_from", ReportProblem::BeforeReservation { reserved_on }.to_string());
            } else if to < from {
                errors.push("delivered_to", ReportProblem::EndsBeforeStart.to_string());
            } else if to > today {
                errors.push("delivered_to", ReportProblem::InFuture.to_string());
            }
        }
        let days = match self.days_delivered.trim().parse::<u32>() {
            Ok(days) if days >= 1 && days <= voucher_days.get() => Some(PlanningDays::new(days)),
            _ => {
                errors.push("days_delivered", ReportProblem::DaysDelivered { voucher_days }.to_string());
                None
            }
        };
        let consultants = errors.check("consultants", parse_consultant_ids(self.consultants));
        let contact_name = errors.check("customer_contact_name", single_line(self.customer_contact_name, 100));
        let contact_email = errors.check("customer_contact_email", EmailAddress::parse(self.customer_contact_email));
        let summary = errors.check("summary", paragraphs(self.summary, 20, 4000));
        let recommendations = errors.check("recommendations", paragraphs(self.recommendations, 20, 4000));
        match (from, to, days, consultants, contact_name, contact_email, summary, recommendations) {
            (
                Some(from),
                Some(to),
                Some(days),
                Some(consultants),
                Some(name),
                Some(email),
                Some(summary),
                Some(recommendations),
            ) if errors.is_empty() => Ok(CompletionReport {
                delivered_from: from,
                delivered_to: to,
                days_delivered: days,
                consultants,
                customer_contact_name: name,
                customer_contact_email: email.to_string(),
                summary,
                recommendations,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// An engagement's report page: the engagement, the saved report (draft or submitted)
/// and its deliverables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub engagement: EngagementSummary,
    pub report: Option<CompletionReport>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub deliverables: Vec<Deliverable>,
    /// The partner's consultants who may be named on the report (id, name).
    pub consultants: Vec<(UserId, String)>,
    /// Whether the viewer may submit (admins) or only draft (consultants).
    pub can_submit: bool,
    /// The voucher's history; for the partner without the customer's internal details.
    pub timeline: Vec<super::audit::AuditEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_with(part: &str) -> Vec<u8> {
        let mut bytes = b"PK\x03\x04\x14\x00\x00\x00".to_vec();
        bytes.extend_from_slice(b"[Content_Types].xml");
        bytes.extend_from_slice(&[0; 32]);
        bytes.extend_from_slice(part.as_bytes());
        bytes
    }

    #[test]
    fn deliverables_are_recognised_by_content() {
        assert_eq!(check_deliverable(b"%PDF-1.7\n..."), Ok(DeliverableKind::Pdf));
        assert_eq!(check_deliverable(&zip_with("word/document.xml")), Ok(DeliverableKind::Docx));
        assert_eq!(check_deliverable(&zip_with("ppt/presentation.xml")), Ok(DeliverableKind::Pptx));
        assert_eq!(check_deliverable(&zip_with("xl/workbook.xml")), Ok(DeliverableKind::Xlsx));
        assert_eq!(check_deliverable(&zip_with("other.xml")), Err(DeliverableError::WrongType), "a plain zip");
        assert_eq!(check_deliverable(b"<html><script>alert(1)</script>"), Err(DeliverableError::WrongType));
        assert_eq!(check_deliverable(b""), Err(DeliverableError::Empty));
        let mut huge = b"%PDF-".to_vec();
        huge.resize(MAX_DELIVERABLE_BYTES + 1, b' ');
        assert_eq!(check_deliverable(&huge), Err(DeliverableError::TooLarge));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(812), "812 bytes");
        assert_eq!(human_size(14_540), "14.2 KB");
        assert_eq!(human_size(3_250_000), "3.1 MB");
    }

    #[test]
    fn file_names_keep_a_readable_stem_and_the_real_extension() {
        assert_eq!(clean_file_name("C:\\Users\\ana\\Plan final.pdf", DeliverableKind::Pdf), "Plan final.pdf");
        assert_eq!(clean_file_name("../../etc/passwd", DeliverableKind::Docx), "passwd.docx");
        assert_eq!(clean_file_name("report.exe", DeliverableKind::Pdf), "report.pdf");
        assert_eq!(clean_file_name("", DeliverableKind::Xlsx), "deliverable.xlsx");
    }

    #[test]
    fn reports_stay_within_the_voucher_and_the_calendar() {
        let date = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let id = UserId::from_uuid(uuid::Uuid::from_u128(1)).to_string();
        let form = ReportForm {
            delivered_from: "2026-03-02",
            delivered_to: "2026-03-04",
            days_delivered: "3",
            consultants: &id,
            customer_contact_name: "Pablo Project",
            customer_contact_email: "pablo@fabrikam.example",
            summary: "Assessed the estate and planned the rollout.",
            recommendations: "Pilot with 50 users, then go wave by wave.",
        };
        assert!(form.parse(PlanningDays::new(3), date(1), date(10)).is_ok());
        let fields = |form: ReportForm| form.parse(PlanningDays::new(3), date(1), date(10)).unwrap_err();
        assert_eq!(fields(ReportForm { days_delivered: "4", ..form })[0].field, "days_delivered");
        assert_eq!(fields(ReportForm { days_delivered: "0", ..form })[0].field, "days_delivered");
        assert_eq!(fields(ReportForm { delivered_to: "2026-03-11", ..form })[0].field, "delivered_to");
        assert_eq!(fields(ReportForm { delivered_from: "2026-02-27", ..form })[0].field, "delivered_from");
        assert_eq!(fields(ReportForm { summary: "short", ..form })[0].field, "summary");
    }
}
