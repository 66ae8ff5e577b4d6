//! What a partner records about itself for onboarding: compliance training,
//! competencies, locations, the program agreement it signed and its enrollments.

use super::catalogue::CompetencyLevel;
use super::country::CountryCode;
use super::eligibility::OfferingEligibility;
use super::ids::{AgreementId, CompetencyRecordId, LocationRecordId, OfferingId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Empty,
    Malformed,
}

/// A calendar date as typed into a form (`YYYY-MM-DD`, what `<input type=date>` sends).
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(DateError::Empty);
    }
    NaiveDate::parse_from_str(input, "%Y-%m-%d").map_err(|_| DateError::Malformed)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocationCodeError {
    Empty,
    TooLong { max: usize },
    Invalid,
}

/// The program's identifier of one partner location (e.g. `4812345`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LocationCode(String);

impl LocationCode {
    pub const MAX_CHARS: usize = 20;

    pub fn parse(input: &str) -> Result<Self, LocationCodeError> {
        let code = input.trim();
        if code.is_empty() {
            return Err(LocationCodeError::Empty);
        }
        if code.chars().count() > Self::MAX_CHARS {
            return Err(LocationCodeError::TooLong { max: Self::MAX_CHARS });
        }
        if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(LocationCodeError::Invalid);
        }
        Ok(Self(code.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencyRecord {
    pub id: CompetencyRecordId,
    pub name: String,
    pub level: CompetencyLevel,
    pub valid_until: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationRecord {
    pub id: LocationRecordId,
    pub location_id: String,
    pub name: String,
    pub country: CountryCode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementVersion {
    pub id: AgreementId,
    pub version: u32,
    pub title: String,
    pub body: String,
    pub published_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub version: u32,
    pub signer_name: String,
    pub signer_title: String,
    pub signed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub offering_id: OfferingId,
    pub starts_on: NaiveDate,
    pub expires_on: NaiveDate,
}

/// An exam or assessment a consultant passed, which counts toward a competency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamRecord {
    pub consultant_id: UserId,
    pub consultant_name: String,
    pub competency: String,
    pub exam: String,
    pub passed_on: NaiveDate,
}

/// The exams page: what the viewer may see and whom they may record exams for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamsOverview {
    pub exams: Vec<ExamRecord>,
    /// (id, name) of the people the viewer may record an exam for (only themself for a consultant).
    pub people: Vec<(UserId, String)>,
    pub known_competencies: Vec<String>,
}

/// How long an enrollment lasts, and how early renewal opens (the dashboard warns then).
pub const ENROLLMENT_DAYS: i64 = 365;
pub const RENEWAL_WINDOW_DAYS: i64 = 30;

impl Enrollment {
    pub fn is_active(&self, today: NaiveDate) -> bool {
        today < self.expires_on
    }

    /// Renewal is open in the last 30 days and any time after expiry.
    pub fn renewal_open(&self, today: NaiveDate) -> bool {
        (self.expires_on - today).num_days() <= RENEWAL_WINDOW_DAYS
    }
}

/// The steps of the onboarding wizard, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnboardingStep {
    Qualifications,
    Locations,
    /// Consultants with passed exams: a reservation names at least one.
    Consultants,
    Eligibility,
    Agreement,
    Enrollment,
    Profile,
    Summary,
}

impl OnboardingStep {
    pub const ALL: [Self; 8] = [
        Self::Qualifications,
        Self::Locations,
        Self::Consultants,
        Self::Eligibility,
        Self::Agreement,
        Self::Enrollment,
        Self::Profile,
        Self::Summary,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            Self::Qualifications => "qualifications",
            Self::Locations => "locations",
            Self::Consultants => "consultants",
            Self::Eligibility => "eligibility",
            Self::Agreement => "agreement",
            Self::Enrollment => "enrollment",
            Self::Profile => "profile",
            Self::Summary => "summary",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::Qualifications => "Training & competencies",
            Self::Locations => "Locations",
            Self::Consultants => "Consultants",
            Self::Eligibility => "Eligibility",
            Self::Agreement => "Program agreement",
            Self::Enrollment => "Enrollment",
            Self::Profile => "Business profile",
            Self::Summary => "Summary",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|step| step.slug() == slug.trim())
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|step| *step == self).unwrap_or(0)
    }

    pub fn next(self) -> Option<Self> {
        Self::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Self> {
        self.index().checked_sub(1).and_then(|index| Self::ALL.get(index).copied())
    }

    /// 1-based position, for "Step 2 of 6".
    pub fn number(self) -> usize {
        self.index() + 1
    }
}

/// Everything the onboarding pages show a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingOverview {
    pub today: NaiveDate,
    pub training_completed_on: Option<NaiveDate>,
    pub competencies: Vec<CompetencyRecord>,
    pub locations: Vec<LocationRecord>,
    /// Every competency name the catalogue knows, for the competency form.
    pub known_competencies: Vec<String>,
    pub current_agreement: Option<AgreementVersion>,
    /// The partner's latest signature, of whichever version.
    pub latest_signature: Option<Signature>,
    pub eligibility: Vec<OfferingEligibility>,
    pub enrollments: Vec<Enrollment>,
    /// Where the partner left the wizard, to resume there.
    pub saved_step: Option<OnboardingStep>,
    /// People of the partner with at least one passed exam on record.
    pub qualified_consultants: u32,
    pub profile_published: bool,
}

impl OnboardingOverview {
    /// Whether the partner has done what `step` asks (the step bar marks these done).
    pub fn finished(&self, step: OnboardingStep) -> bool {
        match step {
            OnboardingStep::Qualifications => self.training_completed_on.is_some() && !self.competencies.is_empty(),
            OnboardingStep::Locations => !self.locations.is_empty(),
            OnboardingStep::Consultants => self.qualified_consultants > 0,
            OnboardingStep::Eligibility => self.eligibility.iter().any(OfferingEligibility::requirements_met),
            OnboardingStep::Agreement => self.signed_current(),
            OnboardingStep::Enrollment => self.enrollments.iter().any(|enrollment| enrollment.is_active(self.today)),
            OnboardingStep::Profile => self.profile_published,
            OnboardingStep::Summary => OnboardingStep::ALL
                .into_iter()
                .filter(|step| *step != OnboardingStep::Summary)
                .all(|step| self.finished(step)),
        }
    }

    /// Where a partner picks onboarding up: the first step not done, or the enrollment
    /// step once everything is (renewals happen there).
    pub fn first_unfinished(&self) -> OnboardingStep {
        OnboardingStep::ALL.into_iter().find(|step| !self.finished(*step)).unwrap_or(OnboardingStep::Enrollment)
    }

    /// Whether the partner has signed the agreement version in force.
    pub fn signed_current(&self) -> bool {
        match (&self.current_agreement, &self.latest_signature) {
            (Some(current), Some(signature)) => signature.version == current.version,
            _ => false,
        }
    }
}

/// Something a partner admin should act on, shown on the dashboard (worded by the page,
/// in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// Reservations stop until the enrollment is renewed.
    EnrollmentExpired { code: String, on: NaiveDate },
    /// Inside the renewal window.
    EnrollmentEnding { code: String, on: NaiveDate, days_left: i64 },
    /// A new agreement version must be signed before enrolling or renewing.
    AgreementUpdated { version: u32 },
}

impl Notice {
    pub fn is_urgent(&self) -> bool {
        !matches!(self, Notice::EnrollmentEnding { .. })
    }
}

/// Where one enrollment stands, for the dashboard's enrollment block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnrollmentState {
    Active,
    RenewalOpen,
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentStanding {
    pub code: String,
    pub expires_on: NaiveDate,
    /// The first day renewal is open.
    pub renewal_opens_on: NaiveDate,
    pub state: EnrollmentState,
}

impl OnboardingOverview {
    fn offering_code(&self, enrollment: &Enrollment) -> String {
        self.eligibility
            .iter()
            .find(|offering| offering.offering_id == enrollment.offering_id)
            .map_or_else(|| enrollment.offering_id.to_string(), |offering| offering.code.clone())
    }

    /// Every enrollment with its renewal date, the soonest to end first.
    pub fn enrollment_standing(&self) -> Vec<EnrollmentStanding> {
        let mut standing: Vec<EnrollmentStanding> = self
            .enrollments
            .iter()
            .map(|enrollment| EnrollmentStanding {
                code: self.offering_code(enrollment),
                expires_on: enrollment.expires_on,
                renewal_opens_on: enrollment.expires_on - chrono::Duration::days(RENEWAL_WINDOW_DAYS),
                state: if !enrollment.is_active(self.today) {
                    EnrollmentState::Expired
                } else if enrollment.renewal_open(self.today) {
                    EnrollmentState::RenewalOpen
                } else {
                    EnrollmentState::Active
                },
            })
            .collect();
        standing.sort_by(|a, b| a.expires_on.cmp(&b.expires_on).then_with(|| a.code.cmp(&b.code)));
        standing
    }

    /// Expiring or expired enrollments, and an agreement version still to sign.
    pub fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        for enrollment in &self.enrollments {
            let code = self.offering_code(enrollment);
            let on = enrollment.expires_on;
            let days_left = (on - self.today).num_days();
            if days_left <= 0 {
                notices.push(Notice::EnrollmentExpired { code, on });
            } else if days_left <= RENEWAL_WINDOW_DAYS {
                notices.push(Notice::EnrollmentEnding { code, on, days_left });
            }
        }
        if let Some(current) = &self.current_agreement {
            if self.latest_signature.is_some() && !self.signed_current() {
                notices.push(Notice::AgreementUpdated { version: current.version });
            }
        }
        notices
    }
}

/// Why the server refused an onboarding step (worded in `locale::messages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnboardingRefusal {
    NoSuchStep,
    CompletionInFuture,
    ChooseCompetency,
    CompetencyExpired,
    LocationTaken,
    NoSuchCompetency,
    NoSuchLocation,
    AgreementChanged { current: u32 },
    NoAgreementYet,
    NoSuchOffering,
    SignFirst,
    AlreadyEnrolled { code: String },
    AlreadyEnrolledUntil { code: String, until: NaiveDate },
    NotEnrolledYet { code: String },
    RenewalNotOpen { code: String, expires_on: NaiveDate },
    RenewedMeanwhile { code: String },
    AgreementTextShort { min: usize },
    AgreementTextLong { max: usize },
    ChooseConsultant,
    ExamInFuture,
    TrainingFirst,
    NoQualifyingCompetency { offering: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_read_as_iso_and_explained_otherwise() {
        assert_eq!(parse_date(" 2026-03-31 "), Ok(day(2026, 3, 31)));
        assert_eq!(parse_date("31/03/2026"), Err(DateError::Malformed));
        assert_eq!(parse_date("2026-02-30"), Err(DateError::Malformed));
        assert_eq!(parse_date(""), Err(DateError::Empty));
    }

    #[test]
    fn location_codes_are_short_plain_and_upper_cased() {
        assert_eq!(LocationCode::parse(" ab-123 ").unwrap().as_str(), "AB-123");
        assert_eq!(LocationCode::parse("12 34"), Err(LocationCodeError::Invalid));
        assert_eq!(LocationCode::parse("'; --"), Err(LocationCodeError::Invalid));
        assert_eq!(LocationCode::parse(&"1".repeat(21)), Err(LocationCodeError::TooLong { max: 20 }));
        assert_eq!(LocationCode::parse(" "), Err(LocationCodeError::Empty));
    }

    #[test]
    fn wizard_steps_walk_in_order_and_round_trip_their_slugs() {
        assert_eq!(OnboardingStep::Qualifications.previous(), None);
        assert_eq!(OnboardingStep::Qualifications.next(), Some(OnboardingStep::Locations));
        assert_eq!(OnboardingStep::Summary.next(), None);
        for step in OnboardingStep::ALL {
            assert_eq!(OnboardingStep::parse(step.slug()), Some(step));
        }
        assert_eq!(OnboardingStep::parse("../etc"), None);
        assert_eq!(OnboardingStep::Agreement.number(), 5);
    }

    fn overview_with(enrollment_expires_on: NaiveDate, today: NaiveDate, signed_version: u32) -> OnboardingOverview {
        let agreement = AgreementVersion {
            id: AgreementId::from_uuid(uuid::Uuid::nil()),
            version: 2,
            title: "Agreement".into(),
            body: "Terms".into(),
            published_at: chrono::Utc::now(),
        };
        OnboardingOverview {
            today,
            training_completed_on: None,
            competencies: vec![],
            locations: vec![],
            known_competencies: vec![],
            current_agreement: Some(agreement),
            latest_signature: Some(Signature {
                version: signed_version,
                signer_name: "A".into(),
                signer_title: "B".into(),
                signed_at: chrono::Utc::now(),
            }),
            eligibility: vec![],
            enrollments: vec![Enrollment {
                offering_id: OfferingId::from_uuid(uuid::Uuid::nil()),
                starts_on: day(2026, 1, 1),
                expires_on: enrollment_expires_on,
            }],
            saved_step: None,
            qualified_consultants: 0,
            profile_published: false,
        }
    }

    #[test]
    fn the_step_bar_marks_what_is_done_and_onboarding_resumes_at_the_first_step_not_done() {
        let mut overview = overview_with(day(2027, 1, 1), day(2026, 6, 1), 2);
        // Signed and enrolled, nothing else yet.
        assert!(overview.finished(OnboardingStep::Agreement));
        assert!(overview.finished(OnboardingStep::Enrollment));
        assert!(!overview.finished(OnboardingStep::Qualifications), "no training on record");
        assert_eq!(overview.first_unfinished(), OnboardingStep::Qualifications);
        overview.training_completed_on = Some(day(2026, 1, 1));
        assert!(!overview.finished(OnboardingStep::Qualifications), "a competency too");
        overview.competencies.push(CompetencyRecord {
            id: CompetencyRecordId::from_uuid(uuid::Uuid::nil()),
            name: "Data Platform".into(),
            level: CompetencyLevel::Gold,
            valid_until: day(2027, 12, 31),
        });
        overview.locations.push(LocationRecord {
            id: LocationRecordId::from_uuid(uuid::Uuid::nil()),
            location_id: "4800001".into(),
            name: "Madrid".into(),
            country: CountryCode::parse("ES").unwrap(),
        });
        assert_eq!(overview.first_unfinished(), OnboardingStep::Consultants, "nobody with an exam yet");
        overview.qualified_consultants = 1;
        assert_eq!(overview.first_unfinished(), OnboardingStep::Eligibility);
        assert!(!overview.finished(OnboardingStep::Summary));
        overview.profile_published = true;
        overview.eligibility.clear();
        assert_eq!(overview.first_unfinished(), OnboardingStep::Eligibility);
        // An agreement version signed before the one in force is not done.
        let outdated = overview_with(day(2027, 1, 1), day(2026, 6, 1), 1);
        assert!(!outdated.finished(OnboardingStep::Agreement));
        // Past its year, an enrollment is not done either.
        let lapsed = overview_with(day(2026, 5, 1), day(2026, 6, 1), 2);
        assert!(!lapsed.finished(OnboardingStep::Enrollment));
    }

    #[test]
    fn the_dashboard_warns_thirty_days_ahead_and_after_expiry() {
        let quiet = overview_with(day(2027, 1, 1), day(2026, 12, 1), 2);
        assert!(quiet.notices().is_empty(), "31 days left: nothing yet");
        let soon = overview_with(day(2027, 1, 1), day(2026, 12, 2), 2).notices();
        assert_eq!(soon.len(), 1);
        assert!(matches!(soon[0], Notice::EnrollmentEnding { days_left: 30, .. }), "{soon:?}");
        assert!(!soon[0].is_urgent());
        let expired = overview_with(day(2027, 1, 1), day(2027, 1, 1), 2).notices();
        assert!(matches!(expired[0], Notice::EnrollmentExpired { on, .. } if on == day(2027, 1, 1)));
        assert!(expired[0].is_urgent());
    }

    #[test]
    fn a_new_agreement_version_is_flagged_once_signed_before() {
        let notices = overview_with(day(2027, 1, 1), day(2026, 6, 1), 1).notices();
        assert_eq!(notices, vec![Notice::AgreementUpdated { version: 2 }]);
        assert!(notices[0].is_urgent());
    }

    #[test]
    fn each_enrollment_shows_when_renewal_opens_and_where_it_stands() {
        let standing = |today| overview_with(day(2027, 1, 1), today, 2).enrollment_standing();
        let active = standing(day(2026, 6, 1));
        assert_eq!(active.len(), 1);
        assert_eq!(active[0].renewal_opens_on, day(2026, 12, 2));
        assert_eq!(active[0].state, EnrollmentState::Active);
        assert_eq!(standing(day(2026, 12, 2))[0].state, EnrollmentState::RenewalOpen);
        assert_eq!(standing(day(2027, 1, 1))[0].state, EnrollmentState::Expired);
    }

    #[test]
    fn renewal_opens_thirty_days_before_expiry() {
        let enrollment = Enrollment {
            offering_id: OfferingId::from_uuid(uuid::Uuid::nil()),
            starts_on: day(2026, 1, 1),
            expires_on: day(2027, 1, 1),
        };
        assert!(enrollment.is_active(day(2026, 12, 31)));
        assert!(!enrollment.is_active(day(2027, 1, 1)));
        assert!(!enrollment.renewal_open(day(2026, 12, 1)));
        assert!(enrollment.renewal_open(day(2026, 12, 2)));
        assert!(enrollment.renewal_open(day(2027, 3, 1)));
    }
}
