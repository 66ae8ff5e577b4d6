//! A partner's onboarding records: training, competencies, locations, agreement
//! signatures and enrollments. Every function is scoped to one organisation.

use super::{date_text, from_millis, parse_stored, parse_stored_date, to_millis};
use crate::domain::partner::ExamRecord;
use crate::domain::{
    catalogue::CompetencyLevel,
    country::CountryCode,
    ids::{AgreementId, CompetencyRecordId, LocationRecordId, OfferingId, OrgId, UserId},
    partner::{
        AgreementVersion, CompetencyRecord, Enrollment, LocationCode, LocationRecord, OnboardingStep, Signature,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, Executor};

pub async fn training<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Option<NaiveDate>, sqlx::Error> {
    let row: Option<String> = sqlx::query_scalar("SELECT completed_on FROM partner_training WHERE org_id = $1")
        .bind(org_id.to_string())
        .fetch_optional(db)
        .await?;
    row.map(|text| parse_stored_date("partner_training.completed_on", &text)).transpose()
}

/// Records (or corrects) when the company completed compliance training.
pub async fn set_training<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    completed_on: NaiveDate,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO partner_training (org_id, completed_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id) DO UPDATE SET completed_on = excluded.completed_on, recorded_by = excluded.recorded_by,
         recorded_at = excluded.recorded_at",
    )
    .bind(org_id.to_string())
    .bind(date_text(completed_on))
    .bind(by.to_string())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn competencies<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Vec<CompetencyRecord>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, name, level, valid_until FROM partner_competencies WHERE org_id = $1 AND retired_at IS NULL ORDER BY name, valid_until",
    )
    .bind(org_id.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, name, level, valid_until)| {
            Ok(CompetencyRecord {
                id: parse_stored("partner_competencies.id", &id)?,
                name,
                level: parse_stored("partner_competencies.level", &level)?,
                valid_until: parse_stored_date("partner_competencies.valid_until", &valid_until)?,
            })
        })
        .collect()
}

pub async fn insert_competency<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    id: CompetencyRecordId,
    name: &str,
    level: CompetencyLevel,
    valid_until: NaiveDate,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO partner_competencies (id, org_id, name, level, valid_until, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id.to_string())
        .bind(org_id.to_string())
        .bind(name)
        .bind(level.as_str())
        .bind(date_text(valid_until))
        .bind(to_millis(at))
        .execute(db)
        .await?;
    Ok(())
}

/// Retires a live row of `table` that belongs to `org_id`; `false` when there is none.
async fn retire<'c>(
    db: impl Executor<'c, Database = Any>,
    table: Retirable,
    org_id: OrgId,
    id: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = match table {
        Retirable::Competency => {
            "UPDATE partner_competencies SET retired_at = $1 WHERE id = $2 AND org_id = $3 AND retired_at IS NULL"
        }
        Retirable::Location => {
            "UPDATE partner_locations SET retired_at = $1 WHERE id = $2 AND org_id = $3 AND retired_at IS NULL"
        }
    };
    let done = sqlx::query(sql).bind(to_millis(at)).bind(id).bind(org_id.to_string()).execute(db).await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Copy)]
enum Retirable {
    Competency,
    Location,
}

pub async fn retire_competency<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    id: CompetencyRecordId,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    retire(db, Retirable::Competency, org_id, &id.to_string(), at).await
}

pub async fn retire_location<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    id: LocationRecordId,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    retire(db, Retirable::Location, org_id, &id.to_string(), at).await
}

pub async fn locations<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Vec<LocationRecord>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, location_id, name, country FROM partner_locations WHERE org_id = $1 AND retired_at IS NULL ORDER BY country, name",
    )
    .bind(org_id.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, location_id, name, country)| {
            Ok(LocationRecord {
                id: parse_stored("partner_locations.id", &id)?,
                location_id,
                name,
                country: CountryCode::parse(&country).map_err(|error| sqlx::Error::ColumnDecode {
                    index: "partner_locations.country".into(),
                    source: Box::new(error),
                })?,
            })
        })
        .collect()
}

/// Fails with a unique violation when the partner already has a location with this ID
/// (retired ones included: a location ID is never reused).
pub async fn insert_location<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    id: LocationRecordId,
    code: &LocationCode,
    name: &str,
    country: CountryCode,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO partner_locations (id, org_id, location_id, name, country, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id.to_string())
        .bind(org_id.to_string())
        .bind(code.as_str())
        .bind(name)
        .bind(country.as_str())
        .bind(to_millis(at))
        .execute(db)
        .await?;
    Ok(())
}

pub async fn current_agreement<'c>(
    db: impl Executor<'c, Database = Any>,
) -> Result<Option<AgreementVersion>, sqlx::Error> {
    let row: Option<(String, i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, version, title, body, published_at FROM agreement_versions ORDER BY version DESC LIMIT 1",
    )
    .fetch_optional(db)
    .await?;
    row.map(|(id, version, title, body, published_at)| {
        Ok(AgreementVersion {
            id: parse_stored("agreement_versions.id", &id)?,
            version: u32::try_from(version).unwrap_or(0),
            title,
            body,
            published_at: from_millis(published_at),
        })
    })
    .transpose()
}

/// Publishes the next version number in one statement, so two publications at once
/// cannot both take the same number; returns the version.
pub async fn insert_next_agreement<'c>(
    db: impl Executor<'c, Database = Any>,
    id: AgreementId,
    title: &str,
    body: &str,
    by: Option<UserId>,
    at: DateTime<Utc>,
) -> Result<u32, sqlx::Error> {
    let version: i64 = sqlx::query_scalar(
        "INSERT INTO agreement_versions (id, version, title, body, published_at, published_by)
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5 FROM agreement_versions
         RETURNING version",
    )
    .bind(id.to_string())
    .bind(title)
    .bind(body)
    .bind(to_millis(at))
    .bind(by.map(|id| id.to_string()))
    .fetch_one(db)
    .await?;
    Ok(u32::try_from(version).unwrap_or(0))
}

pub async fn latest_signature<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Option<Signature>, sqlx::Error> {
    let row: Option<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT v.version, s.signer_name, s.signer_title, s.signed_at
         FROM agreement_signatures s JOIN agreement_versions v ON v.id = s.agreement_id
         WHERE s.org_id = $1 ORDER BY s.signed_at DESC, s.id DESC LIMIT 1",
    )
    .bind(org_id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(version, signer_name, signer_title, signed_at)| Signature {
        version: u32::try_from(version).unwrap_or(0),
        signer_name,
        signer_title,
        signed_at: from_millis(signed_at),
    }))
}

pub struct NewSignature<'a> {
    pub org_id: OrgId,
    pub agreement_id: AgreementId,
    pub signer: UserId,
    pub signer_name: &'a str,
    pub signer_title: &'a str,
}

pub async fn insert_signature<'c>(
    db: impl Executor<'c, Database = Any>,
    signature: NewSignature<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO agreement_signatures (id, org_id, agreement_id, signer_user_id, signer_name, signer_title, signed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(signature.org_id.to_string())
    .bind(signature.agreement_id.to_string())
    .bind(signature.signer.to_string())
    .bind(signature.signer_name)
    .bind(signature.signer_title)
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn enrollments<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Vec<Enrollment>, sqlx::Error> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT offering_id, starts_on, expires_on FROM enrollments WHERE org_id = $1")
            .bind(org_id.to_string())
            .fetch_all(db)
            .await?;
    rows.into_iter()
        .map(|(offering_id, starts_on, expires_on)| {
            Ok(Enrollment {
                offering_id: parse_stored("enrollments.offering_id", &offering_id)?,
                starts_on: parse_stored_date("enrollments.starts_on", &starts_on)?,
                expires_on: parse_stored_date("enrollments.expires_on", &expires_on)?,
            })
        })
        .collect()
}

/// First enrollment in an offering; a unique violation means it already exists.
pub async fn insert_enrollment<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    offering_id: OfferingId,
    starts_on: NaiveDate,
    expires_on: NaiveDate,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO enrollments (id, org_id, offering_id, starts_on, expires_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(org_id.to_string())
    .bind(offering_id.to_string())
    .bind(date_text(starts_on))
    .bind(date_text(expires_on))
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Moves an enrollment to a new period, only if it still ends on `expected_expiry`
/// (compare-and-set: two renewals at once extend it once).
pub async fn renew_enrollment<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    offering_id: OfferingId,
    expected_expiry: NaiveDate,
    starts_on: NaiveDate,
    expires_on: NaiveDate,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE enrollments SET starts_on = $1, expires_on = $2, updated_at = $3
         WHERE org_id = $4 AND offering_id = $5 AND expires_on = $6",
    )
    .bind(date_text(starts_on))
    .bind(date_text(expires_on))
    .bind(to_millis(at))
    .bind(org_id.to_string())
    .bind(offering_id.to_string())
    .bind(date_text(expected_expiry))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn saved_step<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Option<OnboardingStep>, sqlx::Error> {
    let step: Option<String> = sqlx::query_scalar("SELECT step FROM onboarding_progress WHERE org_id = $1")
        .bind(org_id.to_string())
        .fetch_optional(db)
        .await?;
    Ok(step.as_deref().and_then(OnboardingStep::parse))
}

pub async fn save_step<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    step: OnboardingStep,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO onboarding_progress (org_id, step, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (org_id) DO UPDATE SET step = excluded.step, updated_at = excluded.updated_at",
    )
    .bind(org_id.to_string())
    .bind(step.slug())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

pub struct NewExam<'a> {
    pub org_id: OrgId,
    pub consultant: UserId,
    pub competency: &'a str,
    pub exam: &'a str,
    pub passed_on: NaiveDate,
    pub recorded_by: UserId,
}

pub async fn insert_exam<'c>(
    db: impl Executor<'c, Database = Any>,
    exam: NewExam<'_>,
    at: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO consultant_exams (id, org_id, user_id, competency, exam, passed_on, recorded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(exam.org_id.to_string())
    .bind(exam.consultant.to_string())
    .bind(exam.competency)
    .bind(exam.exam)
    .bind(date_text(exam.passed_on))
    .bind(exam.recorded_by.to_string())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(id)
}

/// Exams of `org_id`, of one consultant when `only` is given.
pub async fn exams<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    only: Option<UserId>,
) -> Result<Vec<ExamRecord>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT x.user_id, u.name, x.competency, x.exam, x.passed_on
         FROM consultant_exams x JOIN users u ON u.id = x.user_id
         WHERE x.org_id = $1 AND x.retired_at IS NULL AND ($2 IS NULL OR x.user_id = $2)
         ORDER BY u.name, x.passed_on DESC",
    )
    .bind(org_id.to_string())
    .bind(only.map(|id| id.to_string()))
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(user_id, name, competency, exam, passed_on)| {
            Ok(ExamRecord {
                consultant_id: parse_stored("consultant_exams.user_id", &user_id)?,
                consultant_name: name,
                competency,
                exam,
                passed_on: parse_stored_date("consultant_exams.passed_on", &passed_on)?,
            })
        })
        .collect()
}
