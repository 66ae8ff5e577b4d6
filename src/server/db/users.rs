//! People who sign in. Every read that lists people is scoped to one organisation.

use super::{from_millis, parse_stored, to_millis};
use crate::domain::second_factor::FactorState;
use crate::domain::{
    email::EmailAddress,
    ids::{OrgId, UserId},
    people::UserSummary,
    roles::{OrgKind, Role},
    text::PersonName,
    viewer::Viewer,
};
use crate::locale::Locale;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

pub struct NewUser<'a> {
    pub id: UserId,
    pub org_id: OrgId,
    pub email: &'a EmailAddress,
    pub name: &'a PersonName,
    pub role: Role,
    pub password_hash: &'a str,
    /// Whether the address is proven already (an invitation was accepted through it).
    pub email_verified: bool,
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    user: NewUser<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(user.id.to_string())
    .bind(user.org_id.to_string())
    .bind(user.email.as_str())
    .bind(user.name.as_str())
    .bind(user.role.as_str())
    .bind(user.password_hash)
    .bind(to_millis(at))
    .bind(user.email_verified.then(|| to_millis(at)))
    .execute(db)
    .await?;
    Ok(())
}

/// What sign-in needs to check a password. Deliberately not `Serialize`: the hash
/// never leaves the server.
pub struct Credentials {
    pub user_id: UserId,
    pub name: String,
    pub password_hash: String,
    pub disabled: bool,
    pub email_verified: bool,
}

pub async fn credentials_by_email<'c>(
    db: impl Executor<'c, Database = Any>,
    email: &EmailAddress,
) -> Result<Option<Credentials>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        name: String,
        password_hash: String,
        disabled_at: Option<i64>,
        email_verified_at: Option<i64>,
    }
    let row: Option<Row> =
        sqlx::query_as("SELECT id, name, password_hash, disabled_at, email_verified_at FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(db)
            .await?;
    row.map(|row| {
        Ok(Credentials {
            user_id: parse_stored("users.id", &row.id)?,
            name: row.name,
            password_hash: row.password_hash,
            disabled: row.disabled_at.is_some(),
            email_verified: row.email_verified_at.is_some(),
        })
    })
    .transpose()
}

/// Replaces `user_id`'s password hash.
pub async fn set_password<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id.to_string())
        .execute(db)
        .await?;
    Ok(())
}

/// Renames `user_id`; returns the name it had.
pub async fn set_name(
    db: &mut sqlx::AnyConnection,
    user_id: UserId,
    name: &PersonName,
) -> Result<Option<String>, sqlx::Error> {
    let before: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
        .bind(user_id.to_string())
        .fetch_optional(&mut *db)
        .await?;
    sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
        .bind(name.as_str())
        .bind(user_id.to_string())
        .execute(&mut *db)
        .await?;
    Ok(before)
}

/// The password hash of `user_id`, to check their current password.
pub async fn password_hash<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id.to_string())
        .fetch_optional(db)
        .await
}

/// Marks `user_id`'s address as proven (once; a later proof keeps the first instant).
pub async fn mark_email_verified<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL")
        .bind(to_millis(at))
        .bind(user_id.to_string())
        .execute(db)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SqlViewer {
    user_id: String,
    name: String,
    email: String,
    role: String,
    org_id: String,
    org_name: String,
    org_kind: String,
    language: Option<String>,
    second_factor_required_at: Option<i64>,
    second_factor_confirmed_at: Option<i64>,
    first_passkey_at: Option<i64>,
}

impl SqlViewer {
    fn into_viewer(self, second_factor_enforced: bool) -> Result<Viewer, sqlx::Error> {
        let kind: OrgKind = parse_stored("organisations.kind", &self.org_kind)?;
        let role = parse_stored("users.role", &self.role)?;
        Ok(Viewer {
            user_id: parse_stored("users.id", &self.user_id)?,
            name: self.name,
            email: self.email,
            role,
            second_factor: FactorState::new(
                second_factor_enforced,
                role,
                self.second_factor_required_at.is_some(),
                self.second_factor_confirmed_at.is_some() || self.first_passkey_at.is_some(),
            ),
            org_id: parse_stored("users.org_id", &self.org_id)?,
            org_name: self.org_name,
            org_kind: kind,
            // A language this build no longer offers is as if none was chosen.
            language: self.language.and_then(|code| crate::locale::parse(&code).ok()),
        })
    }
}

/// The viewer for an active (not disabled) user; `second_factor_enforced` is the
/// portal's `REQUIRE_SECOND_FACTOR`.
pub async fn active_viewer<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    second_factor_enforced: bool,
) -> Result<Option<Viewer>, sqlx::Error> {
    // language=SQL
    let row: Option<SqlViewer> = sqlx::query_as(
        "SELECT u.id AS user_id, u.name, u.email, u.role, o.id AS org_id, o.name AS org_name, o.kind AS org_kind,
                u.language, o.second_factor_required_at, t.confirmed_at AS second_factor_confirmed_at,
                (SELECT MIN(p.created_at) FROM passkeys p WHERE p.user_id = u.id) AS first_passkey_at
         FROM users u JOIN organisations o ON o.id = u.org_id
         LEFT JOIN totp_factors t ON t.user_id = u.id
         WHERE u.id = $1 AND u.disabled_at IS NULL",
    )
    .bind(user_id.to_string())
    .fetch_optional(db)
    .await?;
    row.map(|row| row.into_viewer(second_factor_enforced)).transpose()
}

pub async fn list_for_org<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Vec<UserSummary>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, email, role, created_at, disabled_at FROM users WHERE org_id = $1 ORDER BY name, email",
    )
    .bind(org_id.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, name, email, role, created_at, disabled_at)| {
            Ok(UserSummary {
                id: parse_stored("users.id", &id)?,
                name,
                email,
                role: parse_stored("users.role", &role)?,
                joined_at: from_millis(created_at),
                active: disabled_at.is_none(),
            })
        })
        .collect()
}

/// Disables or re-enables a member of `org_id`. Returns `None` when no such person
/// belongs to that organisation (another organisation's people are invisible), else
/// whether the account was active before.
pub async fn set_active(
    db: &mut sqlx::AnyConnection,
    org_id: OrgId,
    user_id: UserId,
    active: bool,
    at: DateTime<Utc>,
) -> Result<Option<bool>, sqlx::Error> {
    let before: Option<Option<i64>> = sqlx::query_scalar("SELECT disabled_at FROM users WHERE id = $1 AND org_id = $2")
        .bind(user_id.to_string())
        .bind(org_id.to_string())
        .fetch_optional(&mut *db)
        .await?;
    let Some(disabled_at) = before else { return Ok(None) };
    let disabled_at_after = if active { None } else { Some(disabled_at.unwrap_or(to_millis(at))) };
    sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2 AND org_id = $3")
        .bind(disabled_at_after)
        .bind(user_id.to_string())
        .bind(org_id.to_string())
        .execute(&mut *db)
        .await?;
    Ok(Some(disabled_at.is_none()))
}

/// Gives a member of `org_id` another role; returns the role they had (`None`: no such
/// person in that organisation).
pub async fn set_role(
    db: &mut sqlx::AnyConnection,
    org_id: OrgId,
    user_id: UserId,
    role: Role,
) -> Result<Option<Role>, sqlx::Error> {
    let before: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1 AND org_id = $2")
        .bind(user_id.to_string())
        .bind(org_id.to_string())
        .fetch_optional(&mut *db)
        .await?;
    let Some(before) = before else { return Ok(None) };
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2 AND org_id = $3")
        .bind(role.as_str())
        .bind(user_id.to_string())
        .bind(org_id.to_string())
        .execute(&mut *db)
        .await?;
    Ok(Some(parse_stored("users.role", &before)?))
}

/// The account holding `email`, if any: its organisation, name and whether it is active.
pub async fn by_email<'c>(
    db: impl Executor<'c, Database = Any>,
    email: &EmailAddress,
) -> Result<Option<(OrgId, String, bool)>, sqlx::Error> {
    let row: Option<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT org_id, name, disabled_at FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(db)
            .await?;
    row.map(|(org_id, name, disabled_at)| Ok((parse_stored("users.org_id", &org_id)?, name, disabled_at.is_none())))
        .transpose()
}

/// The language `user_id` chose, if any.
pub async fn language<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
) -> Result<Option<Locale>, sqlx::Error> {
    let code: Option<Option<String>> = sqlx::query_scalar("SELECT language FROM users WHERE id = $1")
        .bind(user_id.to_string())
        .fetch_optional(db)
        .await?;
    Ok(code.flatten().and_then(|code| crate::locale::parse(&code).ok()))
}

/// Remembers the language `user_id` chose.
pub async fn set_language<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: UserId,
    language: Locale,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
        .bind(crate::locale::code(language))
        .bind(user_id.to_string())
        .execute(db)
        .await?;
    Ok(())
}
