//! Invitations to join an organisation. The emailed token is stored only as a hash.

use super::{from_millis, parse_stored, to_millis};
use crate::domain::{
    email::EmailAddress,
    ids::{InvitationId, OrgId, UserId},
    people::{InvitationPreview, InvitationState, InvitationSummary},
    roles::Role,
    text::PersonName,
};
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

pub struct NewInvitation<'a> {
    pub id: InvitationId,
    pub org_id: OrgId,
    pub email: &'a EmailAddress,
    pub name: &'a PersonName,
    pub role: Role,
    pub token_hash: &'a str,
    pub invited_by: UserId,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    invitation: NewInvitation<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO invitations (id, org_id, email, name, role, token_hash, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(invitation.id.to_string())
    .bind(invitation.org_id.to_string())
    .bind(invitation.email.as_str())
    .bind(invitation.name.as_str())
    .bind(invitation.role.as_str())
    .bind(invitation.token_hash)
    .bind(invitation.invited_by.to_string())
    .bind(to_millis(at))
    .bind(to_millis(invitation.expires_at))
    .execute(db)
    .await?;
    Ok(())
}

/// Withdraws the still-open invitations for `email` in `org_id` (a new one replaces them).
pub async fn revoke_open_for_email<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    email: &EmailAddress,
    at: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET revoked_at = $1
         WHERE org_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(to_millis(at))
    .bind(org_id.to_string())
    .bind(email.as_str())
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// An invitation that can still be accepted.
pub struct OpenInvitation {
    pub id: InvitationId,
    pub org_id: OrgId,
    pub preview: InvitationPreview,
}

pub async fn open_by_token_hash<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<OpenInvitation>, sqlx::Error> {
    let row: Option<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT i.id, i.org_id, o.name, i.name, i.email, i.role
         FROM invitations i JOIN organisations o ON o.id = i.org_id
         WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2",
    )
    .bind(token_hash)
    .bind(to_millis(now))
    .fetch_optional(db)
    .await?;
    row.map(|(id, org_id, org_name, name, email, role)| {
        Ok(OpenInvitation {
            id: parse_stored("invitations.id", &id)?,
            org_id: parse_stored("invitations.org_id", &org_id)?,
            preview: InvitationPreview { org_name, name, email, role: parse_stored("invitations.role", &role)? },
        })
    })
    .transpose()
}

/// Marks the invitation used. Compare-and-set: of two simultaneous acceptances
/// exactly one sees `true`.
pub async fn mark_accepted<'c>(
    db: impl Executor<'c, Database = Any>,
    id: InvitationId,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(to_millis(at))
    .bind(id.to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn list_for_org<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    now: DateTime<Utc>,
) -> Result<Vec<InvitationSummary>, sqlx::Error> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(String, String, String, String, i64, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, email, role, created_at, expires_at, accepted_at, revoked_at
         FROM invitations WHERE org_id = $1 ORDER BY created_at DESC",
    )
    .bind(org_id.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, name, email, role, created_at, expires_at, accepted_at, revoked_at)| {
            let expires_at = from_millis(expires_at);
            let state = match (accepted_at, revoked_at) {
                (Some(_), _) => InvitationState::Accepted,
                (None, Some(_)) => InvitationState::Revoked,
                (None, None) if expires_at <= now => InvitationState::Expired,
                (None, None) => InvitationState::Open,
            };
            Ok(InvitationSummary {
                id: parse_stored("invitations.id", &id)?,
                name,
                email,
                role: parse_stored("invitations.role", &role)?,
                invited_at: from_millis(created_at),
                expires_at,
                state,
            })
        })
        .collect()
}
