//! Partner business profiles and the directory customers search.

use super::{parse_stored, to_millis};
use crate::domain::{
    country::CountryCode,
    ids::OrgId,
    profile::{ProfileDraft, PublicProfile},
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, AnyConnection, Executor};

/// Languages are stored as `,en,es,` so one portable `LIKE '%,en,%'` finds them.
fn languages_text(languages: &[String]) -> String {
    format!(",{},", languages.join(","))
}

fn languages_from(text: &str) -> Vec<String> {
    text.split(',').filter(|code| !code.is_empty()).map(str::to_owned).collect()
}

fn industries_from(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

#[derive(sqlx::FromRow)]
struct SqlProfile {
    org_id: String,
    org_name: String,
    description: String,
    website: String,
    contact_name: String,
    contact_email: String,
    languages: String,
    industries: String,
    published_at: Option<i64>,
}

const PROFILE_COLUMNS: &str =
    "p.org_id, o.name AS org_name, p.description, p.website, p.contact_name, p.contact_email, \
     p.languages, p.industries, p.published_at";

pub async fn draft<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Option<ProfileDraft>, sqlx::Error> {
    let row: Option<SqlProfile> = sqlx::query_as(&format!(
        "SELECT {PROFILE_COLUMNS} FROM partner_profiles p JOIN organisations o ON o.id = p.org_id WHERE p.org_id = $1"
    ))
    .bind(org_id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|row| ProfileDraft {
        description: row.description,
        website: row.website,
        contact_name: row.contact_name,
        contact_email: row.contact_email,
        languages: languages_from(&row.languages),
        industries: industries_from(&row.industries),
        published: row.published_at.is_some(),
    }))
}

pub async fn save<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    draft: &ProfileDraft,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO partner_profiles (org_id, description, website, contact_name, contact_email, languages, industries, published_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (org_id) DO UPDATE SET description = excluded.description, website = excluded.website,
         contact_name = excluded.contact_name, contact_email = excluded.contact_email, languages = excluded.languages,
         industries = excluded.industries, published_at = excluded.published_at, updated_at = excluded.updated_at",
    )
    .bind(org_id.to_string())
    .bind(&draft.description)
    .bind(&draft.website)
    .bind(&draft.contact_name)
    .bind(&draft.contact_email)
    .bind(languages_text(&draft.languages))
    .bind(serde_json::to_string(&draft.industries).unwrap_or_else(|_| "[]".into()))
    .bind(draft.published.then(|| to_millis(at)))
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Codes of the offerings `org_id` is actively enrolled in on `today`.
pub async fn active_offerings<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    today: NaiveDate,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT f.code FROM enrollments e JOIN offerings f ON f.id = e.offering_id
         WHERE e.org_id = $1 AND e.expires_on > $2 ORDER BY f.position, f.code",
    )
    .bind(org_id.to_string())
    .bind(today.format("%Y-%m-%d").to_string())
    .fetch_all(db)
    .await
}

async fn locations(db: &mut AnyConnection, org_id: OrgId) -> Result<Vec<(String, String, CountryCode)>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT location_id, name, country FROM partner_locations WHERE org_id = $1 AND retired_at IS NULL ORDER BY country, name",
    )
    .bind(org_id.to_string())
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, country)| CountryCode::parse(&country).ok().map(|country| (id, name, country)))
        .collect())
}

async fn into_public(db: &mut AnyConnection, row: SqlProfile, today: NaiveDate) -> Result<PublicProfile, sqlx::Error> {
    let org_id: OrgId = parse_stored("partner_profiles.org_id", &row.org_id)?;
    Ok(PublicProfile {
        org_id,
        name: row.org_name,
        description: row.description,
        website: row.website,
        contact_name: row.contact_name,
        contact_email: row.contact_email,
        languages: languages_from(&row.languages),
        industries: industries_from(&row.industries),
        offerings: active_offerings(&mut *db, org_id, today).await?,
        locations: locations(db, org_id).await?,
    })
}

/// The profile as customers see it; `include_unpublished` lets a partner preview its own.
pub async fn public(
    db: &mut AnyConnection,
    org_id: OrgId,
    today: NaiveDate,
    include_unpublished: bool,
) -> Result<Option<PublicProfile>, sqlx::Error> {
    let row: Option<SqlProfile> = sqlx::query_as(&format!(
        "SELECT {PROFILE_COLUMNS} FROM partner_profiles p JOIN organisations o ON o.id = p.org_id
         WHERE p.org_id = $1 AND (p.published_at IS NOT NULL OR $2 = 1)"
    ))
    .bind(org_id.to_string())
    .bind(i64::from(include_unpublished))
    .fetch_optional(&mut *db)
    .await?;
    match row {
        Some(row) => Ok(Some(into_public(db, row, today).await?)),
        None => Ok(None),
    }
}

pub struct DirectoryFilter {
    pub offering: Option<String>,
    pub country: Option<CountryCode>,
    pub language: Option<String>,
}

/// Published partners matching every given filter, by name; an offering counts only
/// while the enrollment in it is active.
pub async fn search(
    db: &mut AnyConnection,
    filter: &DirectoryFilter,
    today: NaiveDate,
    offset: i64,
    limit: i64,
) -> Result<Vec<PublicProfile>, sqlx::Error> {
    // Each filter is `$n IS NULL OR …`, so one statement serves every combination.
    let rows: Vec<SqlProfile> = sqlx::query_as(&format!(
        "SELECT {PROFILE_COLUMNS} FROM partner_profiles p JOIN organisations o ON o.id = p.org_id
         WHERE p.published_at IS NOT NULL
           AND ($1 IS NULL OR EXISTS (SELECT 1 FROM enrollments e JOIN offerings f ON f.id = e.offering_id
                                      WHERE e.org_id = p.org_id AND f.code = $1 AND e.expires_on > $4))
           AND ($2 IS NULL OR EXISTS (SELECT 1 FROM partner_locations l
                                      WHERE l.org_id = p.org_id AND l.country = $2 AND l.retired_at IS NULL))
           AND ($3 IS NULL OR p.languages LIKE $3)
         ORDER BY o.name, p.org_id
         LIMIT $5 OFFSET $6"
    ))
    .bind(filter.offering.clone())
    .bind(filter.country.map(|country| country.as_str().to_owned()))
    .bind(filter.language.as_ref().map(|language| format!("%,{language},%")))
    .bind(today.format("%Y-%m-%d").to_string())
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *db)
    .await?;
    let mut partners = Vec::with_capacity(rows.len());
    for row in rows {
        partners.push(into_public(db, row, today).await?);
    }
    Ok(partners)
}
