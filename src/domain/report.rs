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
    /// New dates for an engagement start before the day it was reserved.
    BeforeReservation {
        reserved_on: NaiveDate,
    },
    BeforePlannedStart {
        starts_on: NaiveDate,
    },
    AfterPlannedEnd {
        ends_on: NaiveDate,
    },
    AfterExpiry {
        expires_on: NaiveDate,
    },
    EndsBeforeStart,
    InFuture,
    DaysDelivered {
        voucher_days: PlanningDays,
    },
    /// More days than the delivery dates hold (see [`days_of_work`]).
    MoreThanTheDates {
        days: PlanningDays,
    },
    NoSuchEngagement,
    NoLongerChanges {
        status: VoucherStatus,
    },
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

/// The days of work between two delivery dates, both counted: Monday to Friday. A
/// delivery that fell wholly on a weekend counts its calendar days (the work was done).
pub fn days_of_work(from: NaiveDate, to: NaiveDate) -> u32 {
    use chrono::{Datelike, Weekday};
    let days = from.iter_days().take_while(|day| *day <= to);
    let calendar = days.clone().count() as u32;
    let weekdays = days.filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)).count() as u32;
    if weekdays == 0 {
        calendar
    } else {
        weekdays
    }
}

/// When a report may say the engagement was delivered: within the engagement's planned
/// dates (moved first if it ran on others), the voucher's life, and not after today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryWindow {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The voucher's last day.
    pub expires_on: NaiveDate,
    pub today: NaiveDate,
}

impl DeliveryWindow {
    /// The engagement's window on `today`.
    pub fn of(engagement: &EngagementSummary, today: NaiveDate) -> Self {
        DeliveryWindow {
            starts_on: engagement.starts_on,
            ends_on: engagement.ends_on,
            expires_on: engagement.expires_at.date_naive(),
            today,
        }
    }

    /// The delivery dates' first problem, with the field it is about.
    pub fn check_dates(&self, from: NaiveDate, to: NaiveDate) -> Result<(), (&'static str, ReportProblem)> {
        if from < self.starts_on {
            Err(("delivered_from", ReportProblem::BeforePlannedStart { starts_on: self.starts_on }))
        } else if to < from {
            Err(("delivered_to", ReportProblem::EndsBeforeStart))
        } else if to > self.ends_on {
            Err(("delivered_to", ReportProblem::AfterPlannedEnd { ends_on: self.ends_on }))
        } else if to > self.expires_on {
            Err(("delivered_to", ReportProblem::AfterExpiry { expires_on: self.expires_on }))
        } else if to > self.today {
            Err(("delivered_to", ReportProblem::InFuture))
        } else {
            Ok(())
        }
    }

    /// A saved report still fits (the engagement's dates may have moved since).
    pub fn check(&self, report: &CompletionReport) -> Result<(), ReportProblem> {
        self.check_dates(report.delivered_from, report.delivered_to).map_err(|(_, problem)| problem)?;
        let most = days_of_work(report.delivered_from, report.delivered_to);
        if report.days_delivered.get() > most {
            return Err(ReportProblem::MoreThanTheDates { days: PlanningDays::new(most) });
        }
        Ok(())
    }
}

impl ReportForm<'_> {
    /// Checks every field against the voucher's days and the delivery window.
    pub fn parse(
        &self,
        voucher_days: PlanningDays,
        window: DeliveryWindow,
    ) -> Result<CompletionReport, Vec<FieldError>> {
        let mut errors = FormErrors::new();
        let from = errors.check("delivered_from", parse_date(self.delivered_from));
        let to = errors.check("delivered_to", parse_date(self.delivered_to));
        let mut dates_fit = false;
        if let (Some(from), Some(to)) = (from, to) {
            match window.check_dates(from, to) {
                Ok(()) => dates_fit = true,
                Err((field, problem)) => errors.push(field, problem.to_string()),
            }
        }
        let days = match self.days_delivered.trim().parse::<u32>() {
            Ok(days) if days >= 1 && days <= voucher_days.get() => Some(PlanningDays::new(days)),
            _ => {
                errors.push("days_delivered", ReportProblem::DaysDelivered { voucher_days }.to_string());
                None
            }
        };
        if let (Some(from), Some(to), Some(asked), true) = (from, to, days, dates_fit) {
            let most = days_of_work(from, to);
            if asked.get() > most {
                errors.push(
                    "days_delivered",
                    ReportProblem::MoreThanTheDates { days: PlanningDays::new(most) }.to_string(),
                );
            }
        }
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
        // Planned 2 to 6 March 2026 (Monday to Friday), the voucher ends on the 20th.
        let window = DeliveryWindow { starts_on: date(2), ends_on: date(6), expires_on: date(20), today: date(10) };
        assert!(form.parse(PlanningDays::new(3), window).is_ok());
        let problem = |form: ReportForm| {
            let errors = form.parse(PlanningDays::new(3), window).unwrap_err();
            (errors[0].field.clone(), errors[0].message.clone())
        };
        let said = |field: &str, problem: ReportProblem| (field.to_owned(), problem.to_string());
        assert_eq!(
            problem(ReportForm { days_delivered: "4", ..form }),
            said("days_delivered", ReportProblem::DaysDelivered { voucher_days: PlanningDays::new(3) })
        );
        assert_eq!(problem(ReportForm { days_delivered: "0", ..form }).0, "days_delivered");
        assert_eq!(
            problem(ReportForm { delivered_to: "2026-03-03", ..form }),
            said("days_delivered", ReportProblem::MoreThanTheDates { days: PlanningDays::new(2) }),
            "two dates hold two days of work"
        );
        assert_eq!(
            problem(ReportForm { delivered_from: "2026-03-01", ..form }),
            said("delivered_from", ReportProblem::BeforePlannedStart { starts_on: date(2) })
        );
        assert_eq!(
            problem(ReportForm { delivered_to: "2026-03-07", ..form }),
            said("delivered_to", ReportProblem::AfterPlannedEnd { ends_on: date(6) })
        );
        assert_eq!(
            problem(ReportForm { delivered_from: "2026-03-04", delivered_to: "2026-03-03", ..form }),
            said("delivered_to", ReportProblem::EndsBeforeStart)
        );
        let early = DeliveryWindow { today: date(3), ..window };
        assert_eq!(
            form.parse(PlanningDays::new(3), early).unwrap_err()[0].message,
            ReportProblem::InFuture.to_string()
        );
        let expiring = DeliveryWindow { expires_on: date(3), ..window };
        assert_eq!(
            form.parse(PlanningDays::new(3), expiring).unwrap_err()[0].message,
            ReportProblem::AfterExpiry { expires_on: date(3) }.to_string()
        );
        assert_eq!(problem(ReportForm { summary: "short", ..form }).0, "summary");
    }

    #[test]
    fn days_of_work_are_weekdays_unless_the_work_was_all_on_a_weekend() {
        let date = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        assert_eq!(days_of_work(date(2), date(6)), 5, "Monday to Friday");
        assert_eq!(days_of_work(date(6), date(9)), 2, "Friday to Monday: the weekend does not count");
        assert_eq!(days_of_work(date(7), date(8)), 2, "a weekend delivery counts its days");
        assert_eq!(days_of_work(date(4), date(4)), 1);
        assert_eq!(days_of_work(date(5), date(4)), 0, "no days before the start");
    }

    #[test]
    fn a_saved_report_is_checked_again_against_moved_dates() {
        let date = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let report = CompletionReport {
            delivered_from: date(2),
            delivered_to: date(4),
            days_delivered: PlanningDays::new(3),
            consultants: vec![],
            customer_contact_name: "Pablo".into(),
            customer_contact_email: "pablo@fabrikam.example".into(),
            summary: String::new(),
            recommendations: String::new(),
        };
        let window = DeliveryWindow { starts_on: date(2), ends_on: date(6), expires_on: date(20), today: date(10) };
        assert_eq!(window.check(&report), Ok(()));
        let moved = DeliveryWindow { starts_on: date(3), ..window };
        assert_eq!(
            window.check(&CompletionReport { days_delivered: PlanningDays::new(4), ..report.clone() }),
            Err(ReportProblem::MoreThanTheDates { days: PlanningDays::new(3) })
        );
        assert_eq!(moved.check(&report), Err(ReportProblem::BeforePlannedStart { starts_on: date(3) }));
    }
}
