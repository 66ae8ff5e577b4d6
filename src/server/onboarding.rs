//! Partner onboarding (program steps 1 and 2): qualifications, the program agreement,
//! enrollment and renewal. Every rule is checked here; every change is audited.

use super::auth;
use super::db::{self, audit, catalogue, partners, profiles, users};
use super::state::AppState;
use crate::domain::access::Action;
use crate::domain::partner::OnboardingRefusal;
use crate::domain::{
    catalogue::{CatalogueEntry, CompetencyLevel},
    country::CountryCode,
    eligibility::{self, EnrollmentPeriod, HeldCompetency, OfferingEligibility, Qualifications},
    ids::{AgreementId, CompetencyRecordId, LocationRecordId, OfferingId, UserId},
    partner::{
        parse_date, AgreementVersion, ExamsOverview, LocationCode, OnboardingOverview, OnboardingStep, ENROLLMENT_DAYS,
    },
    roles::Role,
    text::{single_line, DocumentTitle, JobTitle, LocationName, PersonName},
    validation::FormErrors,
    viewer::Viewer,
};
use crate::error::AppError;
use chrono::{Duration, NaiveDate};
use serde_json::json;

/// The program agreement's text is a real document: neither a stub nor a book.
const AGREEMENT_MIN_CHARS: usize = 20;
const AGREEMENT_MAX_CHARS: usize = 50_000;

fn today(state: &AppState) -> NaiveDate {
    state.clock.now().date_naive()
}

fn known_competencies(catalogue: &[CatalogueEntry]) -> Vec<String> {
    let mut names: Vec<String> = catalogue
        .iter()
        .flat_map(|entry| entry.engagement_types.iter())
        .flat_map(|engagement| {
            engagement.qualifying_competencies.iter().map(|requirement| requirement.competency.clone())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Everything the onboarding pages show, for the viewer's own organisation.
pub async fn overview(state: &AppState, viewer: &Viewer) -> Result<OnboardingOverview, AppError> {
    auth::permit(viewer, Action::ManageEnrollment)?;
    let today = today(state);
    let mut connection = state.db.pool.acquire().await?;
    let catalogue = catalogue::list(&mut connection).await?;
    let training_completed_on = partners::training(&mut *connection, viewer.org_id).await?;
    let competencies = partners::competencies(&mut *connection, viewer.org_id).await?;
    let locations = partners::locations(&mut *connection, viewer.org_id).await?;
    let current_agreement = partners::current_agreement(&mut *connection).await?;
    let latest_signature = partners::latest_signature(&mut *connection, viewer.org_id).await?;
    let enrollments = partners::enrollments(&mut *connection, viewer.org_id).await?;
    let saved_step = partners::saved_step(&mut *connection, viewer.org_id).await?;
    let exams = partners::exams(&mut *connection, viewer.org_id, None).await?;
    let mut qualified: Vec<_> = exams.iter().map(|exam| exam.consultant_id).collect();
    qualified.sort();
    qualified.dedup();
    let profile_published =
        profiles::draft(&mut *connection, viewer.org_id).await?.is_some_and(|draft| draft.published);
    let qualifications = Qualifications {
        training_completed_on,
        competencies: competencies
            .iter()
            .map(|record| HeldCompetency {
                name: record.name.clone(),
                level: record.level,
                valid_until: record.valid_until,
            })
            .collect(),
    };
    let periods: Vec<EnrollmentPeriod> = enrollments
        .iter()
        .map(|enrollment| EnrollmentPeriod { offering_id: enrollment.offering_id, expires_on: enrollment.expires_on })
        .collect();
    Ok(OnboardingOverview {
        today,
        training_completed_on,
        competencies,
        locations,
        known_competencies: known_competencies(&catalogue),
        current_agreement,
        latest_signature,
        eligibility: eligibility::assess(&catalogue, &qualifications, &periods, today),
        enrollments,
        saved_step,
        qualified_consultants: qualified.len() as u32,
        profile_published,
    })
}

/// Remembers where the partner is in the wizard (not audited: it changes nothing).
pub async fn save_step(state: &AppState, viewer: &Viewer, step: &str) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageEnrollment)?;
    let step =
        OnboardingStep::parse(step).ok_or_else(|| AppError::NotFound(OnboardingRefusal::NoSuchStep.to_string()))?;
    partners::save_step(&state.db.pool, viewer.org_id, step, state.clock.now()).await?;
    Ok(())
}

pub async fn record_training(state: &AppState, viewer: &Viewer, completed_on: &str) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageEnrollment)?;
    let completed_on = parse_date(completed_on).map_err(|error| AppError::field("completed_on", error.to_string()))?;
    if completed_on > today(state) {
        return Err(AppError::field("completed_on", OnboardingRefusal::CompletionInFuture.to_string()));
    }
    let now = state.clock.now();
    let previous = partners::training(&state.db.pool, viewer.org_id).await?;
    let mut tx = state.db.pool.begin().await?;
    partners::set_training(&mut *tx, viewer.org_id, completed_on, viewer.user_id, now).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "partner_training", &viewer.org_id.to_string(), "recorded")
            .before(previous.map(|date| json!({ "completed_on": date })))
            .after(json!({ "completed_on": completed_on })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_competency(
    state: &AppState,
    viewer: &Viewer,
    name: &str,
    level: &str,
    valid_until: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageEnrollment)?;
    let today = today(state);
    let known = {
        let mut connection = state.db.pool.acquire().await?;
        known_competencies(&catalogue::list(&mut connection).await?)
    };
    let mut errors = FormErrors::new();
    let name = errors.check(
        "name",
        known.iter().find(|known| known.as_str() == name.trim()).cloned().ok_or(OnboardingRefusal::ChooseCompetency),
    );
    let level = errors.check("level", level.parse::<CompetencyLevel>());
    let valid_until = match errors.check("valid_until", parse_date(valid_until)) {
        Some(date) if date < today => {
            errors.push("valid_until", OnboardingRefusal::CompetencyExpired.to_string());
            None
        }
        other => other,
    };
    let (Some(name), Some(level), Some(valid_until)) = (name, level, valid_until) else {
        return Err(errors.into());
    };
    let id = CompetencyRecordId::from_uuid(uuid::Uuid::new_v4());
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    partners::insert_competency(&mut *tx, viewer.org_id, id, &name, level, valid_until, now).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "partner_competency", &id.to_string(), "added")
            .after(json!({ "name": name, "level": level.as_str(), "valid_until": valid_until })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_location(
    state: &AppState,
    viewer: &Viewer,
    location_id: &str,
    name: &str,
    country: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageEnrollment)?;
    let mut errors = FormErrors::new();
    let code = errors.check("location_id", LocationCode::parse(location_id));
    let name = errors.check("name", LocationName::parse(name));
    let country = errors.check("country", CountryCode::parse(country));
    let (Some(code), Some(name), Some(country)) = (code, name, country) else {
        return Err(errors.into());
    };
    let id = LocationRecordId::from_uuid(uuid::Uuid::new_v4());
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    match partners::insert_location(&mut *tx, viewer.org_id, id, &code, name.as_str(), country, now).await {
        Err(error) if db::is_unique_violation(&error) => {
            return Err(AppError::field("location_id", OnboardingRefusal::LocationTaken.to_string()))
        }
        other => other?,
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "partner_location", &id.to_string(), "added")
            .after(json!({ "location_id": code.as_str(), "name": name.as_str(), "country": country.as_str() })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What is being retired: a competency or a location.
pub enum Retire {
    Competency,
    Location,
}

pub async fn retire(state: &AppState, viewer: &Viewer, what: Retire, id: &str) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageEnrollment)?;
    let (entity, not_found) = match what {
        Retire::Competency => ("partner_competency", OnboardingRefusal::NoSuchCompetency),
        Retire::Location => ("partner_location", OnboardingRefusal::NoSuchLocation),
    };
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let retired = match what {
        Retire::Competency => match CompetencyRecordId::parse(id) {
            Ok(id) => partners::retire_competency(&mut *tx, viewer.org_id, id, now).await?,
            Err(_) => false,
        },
        Retire::Location => match LocationRecordId::parse(id) {
            Ok(id) => partners::retire_location(&mut *tx, viewer.org_id, id, now).await?,
            Err(_) => false,
        },
    };
    if !retired {
        return Err(AppError::NotFound(not_found.to_string()));
    }
    audit::record(&mut *tx, audit::Change::by(viewer, entity, id.trim(), "retired"), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks a signature form against the version the partner read; `version` guards
/// against signing a text that was replaced while the page was open.
fn check_signature(
    signer_name: &str,
    signer_title: &str,
    version: &str,
    current: u32,
) -> Result<(PersonName, JobTitle), AppError> {
    let mut errors = FormErrors::new();
    let name = errors.check("signer_name", PersonName::parse(signer_name));
    let title = errors.check("signer_title", JobTitle::parse(signer_title));
    let (Some(name), Some(title)) = (name, title) else {
        return Err(errors.into());
    };
    if version.trim().parse::<u32>().ok() != Some(current) {
        return Err(AppError::Conflict(OnboardingRefusal::AgreementChanged { current }.to_string()));
    }
    Ok((name, title))
}

async fn current_agreement(state: &AppState) -> Result<AgreementVersion, AppError> {
    partners::current_agreement(&state.db.pool)
        .await?
        .ok_or_else(|| AppError::Conflict(OnboardingRefusal::NoAgreementYet.to_string()))
}

/// Records a signature of `current` inside `tx`, so that a renewal that fails leaves
/// no stray signature behind.
async fn sign_in_tx(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    viewer: &Viewer,
    current: &AgreementVersion,
    (name, title): (PersonName, JobTitle),
) -> Result<(), AppError> {
    let now = state.clock.now();
    partners::insert_signature(
        &mut *tx,
        partners::NewSignature {
            org_id: viewer.org_id,
            agreement_id: current.id,
            signer: viewer.user_id,
            signer_name: name.as_str(),
            signer_title: title.as_str(),
        },
        now,
    )
    .await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "agreement_signature", &viewer.org_id.to_string(), "signed")
            .after(json!({ "version": current.version, "signer_name": name.as_str(), "signer_title": title.as_str() })),
        now,
    )
    .await?;
    Ok(())
}

pub async fn sign_agreement(
    state: &AppState,
    viewer: &Viewer,
    signer_name: &str,
    signer_title: &str,
    version: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageEnrollment)?;
    let current = current_agreement(state).await?;
    let signer = check_signature(signer_name, signer_title, version, current.version)?;
    let mut tx = state.db.pool.begin().await?;
    sign_in_tx(&mut tx, state, viewer, &current, signer).await?;
    tx.commit().await?;
    Ok(())
}

/// Why a partner may not enroll in (or renew) an offering now, if it may not.
fn refusal(overview: &OnboardingOverview, offering: &OfferingEligibility) -> Option<OnboardingRefusal> {
    if !offering.training.is_met() {
        return Some(OnboardingRefusal::TrainingFirst);
    }
    if !offering.engagement_types.iter().any(|engagement| engagement.competency.is_met()) {
        return Some(OnboardingRefusal::NoQualifyingCompetency { offering: offering.code.clone() });
    }
    if overview.current_agreement.is_none() {
        return Some(OnboardingRefusal::NoAgreementYet);
    }
    None
}

fn find_offering<'a>(overview: &'a OnboardingOverview, offering_id: &str) -> Result<&'a OfferingEligibility, AppError> {
    let not_found = || AppError::NotFound(OnboardingRefusal::NoSuchOffering.to_string());
    let offering_id = OfferingId::parse(offering_id).map_err(|_| not_found())?;
    overview.eligibility.iter().find(|offering| offering.offering_id == offering_id).ok_or_else(not_found)
}

/// First enrollment in an offering: requirements met and the current agreement signed.
pub async fn enroll(state: &AppState, viewer: &Viewer, offering_id: &str) -> Result<NaiveDate, AppError> {
    let overview = overview(state, viewer).await?;
    let offering = find_offering(&overview, offering_id)?;
    if let Some(enrolled) =
        overview.enrollments.iter().find(|enrollment| enrollment.offering_id == offering.offering_id)
    {
        return Err(AppError::Conflict(
            OnboardingRefusal::AlreadyEnrolledUntil { code: offering.code.clone(), until: enrolled.expires_on }
                .to_string(),
        ));
    }
    if let Some(reason) = refusal(&overview, offering) {
        return Err(AppError::Conflict(reason.to_string()));
    }
    if !overview.signed_current() {
        return Err(AppError::Conflict(OnboardingRefusal::SignFirst.to_string()));
    }
    let now = state.clock.now();
    let starts_on = overview.today;
    let expires_on = starts_on + Duration::days(ENROLLMENT_DAYS);
    let mut tx = state.db.pool.begin().await?;
    match partners::insert_enrollment(&mut *tx, viewer.org_id, offering.offering_id, starts_on, expires_on, now).await {
        Err(error) if db::is_unique_violation(&error) => {
            return Err(AppError::Conflict(
                OnboardingRefusal::AlreadyEnrolled { code: offering.code.clone() }.to_string(),
            ))
        }
        other => other?,
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "enrollment", &offering.offering_id.to_string(), "enrolled")
            .after(json!({ "offering": offering.code, "starts_on": starts_on, "expires_on": expires_on })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(expires_on)
}

/// Renewal: open in the last 30 days or after expiry; re-checks the requirements and
/// signs the current agreement again. An early renewal keeps the remaining days.
pub async fn renew(
    state: &AppState,
    viewer: &Viewer,
    offering_id: &str,
    signer_name: &str,
    signer_title: &str,
    version: &str,
) -> Result<NaiveDate, AppError> {
    let overview = overview(state, viewer).await?;
    let offering = find_offering(&overview, offering_id)?;
    let enrollment =
        overview.enrollments.iter().find(|enrollment| enrollment.offering_id == offering.offering_id).ok_or_else(
            || AppError::Conflict(OnboardingRefusal::NotEnrolledYet { code: offering.code.clone() }.to_string()),
        )?;
    if !enrollment.renewal_open(overview.today) {
        return Err(AppError::Conflict(
            OnboardingRefusal::RenewalNotOpen { code: offering.code.clone(), expires_on: enrollment.expires_on }
                .to_string(),
        ));
    }
    if let Some(reason) = refusal(&overview, offering) {
        return Err(AppError::Conflict(reason.to_string()));
    }
    let current = current_agreement(state).await?;
    let signer = check_signature(signer_name, signer_title, version, current.version)?;
    let starts_on = if enrollment.is_active(overview.today) { enrollment.expires_on } else { overview.today };
    let expires_on = starts_on + Duration::days(ENROLLMENT_DAYS);
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let renewed = partners::renew_enrollment(
        &mut *tx,
        viewer.org_id,
        offering.offering_id,
        enrollment.expires_on,
        starts_on,
        expires_on,
        now,
    )
    .await?;
    if !renewed {
        return Err(AppError::Conflict(
            OnboardingRefusal::RenewedMeanwhile { code: offering.code.clone() }.to_string(),
        ));
    }
    sign_in_tx(&mut tx, state, viewer, &current, signer).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "enrollment", &offering.offering_id.to_string(), "renewed")
            .before(json!({ "starts_on": enrollment.starts_on, "expires_on": enrollment.expires_on }))
            .after(json!({ "starts_on": starts_on, "expires_on": expires_on })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(expires_on)
}

/// The operator publishes a new agreement version; partners must sign it before they
/// enroll or renew again.
pub async fn publish_agreement(state: &AppState, viewer: &Viewer, title: &str, body: &str) -> Result<u32, AppError> {
    if viewer.role != Role::Operator {
        return Err(AppError::Forbidden);
    }
    let mut errors = FormErrors::new();
    let title = errors.check("title", DocumentTitle::parse(title));
    let body = body.trim();
    if body.chars().count() < AGREEMENT_MIN_CHARS {
        errors.push("body", OnboardingRefusal::AgreementTextShort { min: AGREEMENT_MIN_CHARS }.to_string());
    } else if body.chars().count() > AGREEMENT_MAX_CHARS {
        errors.push("body", OnboardingRefusal::AgreementTextLong { max: AGREEMENT_MAX_CHARS }.to_string());
    }
    let Some(title) = title.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let now = state.clock.now();
    let id = AgreementId::from_uuid(uuid::Uuid::new_v4());
    let mut tx = state.db.pool.begin().await?;
    let version =
        partners::insert_next_agreement(&mut *tx, id, title.as_str(), body, Some(viewer.user_id), now).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "agreement", &id.to_string(), "published")
            .after(json!({ "version": version, "title": title })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Admins see and record every consultant's exams; a consultant only their own.
pub async fn exams(state: &AppState, viewer: &Viewer) -> Result<ExamsOverview, AppError> {
    auth::permit(viewer, Action::RecordExams)?;
    let only = (!viewer.may(Action::OverseeConsultants)).then_some(viewer.user_id);
    let exams = partners::exams(&state.db.pool, viewer.org_id, only).await?;
    let (people, known_competencies) = exam_choices(state, viewer).await?;
    Ok(ExamsOverview { exams, people, known_competencies })
}

/// Whom the viewer may record an exam for, and the competencies an exam can count toward.
async fn exam_choices(state: &AppState, viewer: &Viewer) -> Result<(Vec<(UserId, String)>, Vec<String>), AppError> {
    auth::permit(viewer, Action::RecordExams)?;
    let people = if viewer.may(Action::OverseeConsultants) {
        users::list_for_org(&state.db.pool, viewer.org_id)
            .await?
            .into_iter()
            .filter(|user| user.active)
            .map(|user| (user.id, user.name))
            .collect()
    } else {
        vec![(viewer.user_id, viewer.name.clone())]
    };
    let mut connection = state.db.pool.acquire().await?;
    Ok((people, known_competencies(&catalogue::list(&mut connection).await?)))
}

pub async fn record_exam(
    state: &AppState,
    viewer: &Viewer,
    consultant: &str,
    competency: &str,
    exam: &str,
    passed_on: &str,
) -> Result<(), AppError> {
    let (people, known) = exam_choices(state, viewer).await?;
    let mut errors = FormErrors::new();
    let consultant = errors.check(
        "consultant",
        UserId::parse(consultant)
            .ok()
            .filter(|id| people.iter().any(|(person, _)| person == id))
            .ok_or(OnboardingRefusal::ChooseConsultant),
    );
    let competency = errors.check(
        "competency",
        known
            .iter()
            .find(|known| known.as_str() == competency.trim())
            .cloned()
            .ok_or(OnboardingRefusal::ChooseCompetency),
    );
    let exam = errors.check("exam", single_line(exam, 120));
    let passed_on = match errors.check("passed_on", parse_date(passed_on)) {
        Some(date) if date > today(state) => {
            errors.push("passed_on", OnboardingRefusal::ExamInFuture.to_string());
            None
        }
        other => other,
    };
    let (Some(consultant), Some(competency), Some(exam), Some(passed_on)) = (consultant, competency, exam, passed_on)
    else {
        return Err(errors.into());
    };
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let id = partners::insert_exam(
        &mut *tx,
        partners::NewExam {
            org_id: viewer.org_id,
            consultant,
            competency: &competency,
            exam: &exam,
            passed_on,
            recorded_by: viewer.user_id,
        },
        now,
    )
    .await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "consultant_exam", &id, "recorded")
            .after(json!({ "consultant": consultant, "competency": competency, "exam": exam, "passed_on": passed_on })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
