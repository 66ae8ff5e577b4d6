//! Accounts: signing up an organisation, signing in, inviting people and accepting
//! invitations. Each change runs in one transaction together with its audit entry
//! (and its email, for invitations).

use super::account_links;
use super::auth;
use super::db::{self, account_tokens, audit, invitations, orgs, users};
use super::mail::{self, Mail};
use super::state::AppState;
use super::throttle;
use crate::domain::access::Action;
use crate::domain::account::TokenPurpose;
use crate::domain::people::AccountRefusal;
use crate::domain::{
    email::EmailAddress,
    ids::{InvitationId, OrgId, UserId},
    password::{check_sign_in_password, NewPassword},
    people::{InvitationCreated, InvitationPreview},
    roles::{OrgKind, Role},
    text::{OrgName, PersonName},
    validation::FormErrors,
    viewer::Viewer,
};
use crate::error::AppError;
use crate::locale::Locale;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// How long an invitation link stays usable.
pub const INVITATION_LIFETIME_DAYS: i64 = 7;

/// The sign-up form as typed.
pub struct SignUpForm<'a> {
    pub org_kind: &'a str,
    pub org_name: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
}

/// Starts an organisation: creates it with its first user (partner → global_admin,
/// customer → benefit_admin) and emails them a link that proves their address; nobody
/// can sign in to it before that. The answer is the same whether or not the address
/// already has an account, so the form tells nobody who is registered: the address's
/// owner is told by email instead (or sent a new link, if they never used theirs).
/// Returns the address the link went to, as the form named it.
pub async fn sign_up(state: &AppState, form: SignUpForm<'_>) -> Result<String, AppError> {
    let mut errors = FormErrors::new();
    let kind = errors.check("org_kind", OrgKind::parse_sign_up(form.org_kind));
    let org_name = errors.check("org_name", OrgName::parse(form.org_name));
    let name = errors.check("name", PersonName::parse(form.name));
    let email = errors.check("email", EmailAddress::parse(form.email));
    let password = errors.check("password", NewPassword::parse(form.password));
    let (Some(kind), Some(org_name), Some(name), Some(email), Some(password)) = (kind, org_name, name, email, password)
    else {
        return Err(errors.into());
    };
    // Hashed whichever way it goes, so the answer takes as long for a known address.
    let password_hash = auth::hash_password(&password).await?;
    let now = state.clock.now();
    if let Some(existing) = users::credentials_by_email(&state.db.pool, &email).await? {
        tell_existing_account(state, &email, existing, now).await?;
        return Ok(email.to_string());
    }

    let org_id = OrgId::from_uuid(uuid::Uuid::new_v4());
    let user_id = UserId::from_uuid(uuid::Uuid::new_v4());
    let role = kind.founding_role();
    let mut tx = state.db.pool.begin().await?;
    orgs::insert(&mut *tx, org_id, kind, &org_name, now).await?;
    let new_user = users::NewUser {
        id: user_id,
        org_id,
        email: &email,
        name: &name,
        role,
        password_hash: &password_hash,
        email_verified: false,
    };
    match users::insert(&mut *tx, new_user, now).await {
        // Two sign-ups with one address at the same moment: the database decides, and the
        // second is answered like any known address.
        Err(error) if db::is_unique_violation(&error) => {
            drop(tx);
            return match users::credentials_by_email(&state.db.pool, &email).await? {
                Some(existing) => tell_existing_account(state, &email, existing, now).await.map(|()| email.to_string()),
                None => Err(AppError::Internal),
            };
        }
        other => other?,
    }
    let actor = audit::Actor { user_id: Some(user_id), org_id: Some(org_id) };
    audit::record(
        &mut *tx,
        audit::Change {
            actor,
            org_id: Some(org_id),
            entity: "organisation",
            entity_id: &org_id.to_string(),
            action: "signed_up",
            before: None,
            after: Some(json!({ "kind": kind.as_str(), "name": org_name.as_str() })),
        },
        now,
    )
    .await?;
    audit::record(
        &mut *tx,
        audit::Change {
            actor,
            org_id: Some(org_id),
            entity: "user",
            entity_id: &user_id.to_string(),
            action: "created",
            before: None,
            after: Some(person_snapshot(&email, &name, role)),
        },
        now,
    )
    .await?;
    account_links::issue(&mut tx, state, TokenPurpose::ConfirmEmail, Some(org_id), user_id, &email, name.as_str(), now)
        .await?;
    tx.commit().await?;
    tracing::info!(%org_id, kind = kind.as_str(), "organisation signed up, waiting for its address to be proven");
    Ok(email.to_string())
}

/// Someone signed up with an address that has an account: its owner hears of it, by email
/// only. An owner who never proved the address gets a new link instead.
async fn tell_existing_account(
    state: &AppState,
    email: &EmailAddress,
    existing: users::Credentials,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = state.db.pool.begin().await?;
    if existing.email_verified {
        let mail =
            Mail::AlreadyRegistered { name: existing.name, sign_in: format!("{}/sign-in", state.config.public_url) };
        mail::send(&mut tx, None, email.as_str(), mail, now).await?;
    } else {
        account_links::issue(
            &mut tx,
            state,
            TokenPurpose::ConfirmEmail,
            None,
            existing.user_id,
            email,
            &existing.name,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Proves the address the link was sent to; returns whose it is, to sign them in.
pub async fn verify_email(state: &AppState, token: &str) -> Result<UserId, AppError> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let user_id = account_tokens::take(&mut *tx, TokenPurpose::ConfirmEmail, &account_links::hash_token(token), now)
        .await?
        .ok_or_else(|| AppError::NotFound(AccountRefusal::VerificationGone.to_string()))?;
    users::mark_email_verified(&mut *tx, user_id, now).await?;
    audit::record(
        &mut *tx,
        audit::Change {
            actor: audit::Actor { user_id: Some(user_id), org_id: None },
            org_id: None,
            entity: "user",
            entity_id: &user_id.to_string(),
            action: "email_verified",
            before: None,
            after: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}

/// How a person (or an invitation for one) appears in the audit log.
fn person_snapshot(email: &EmailAddress, name: &PersonName, role: Role) -> serde_json::Value {
    json!({ "email": email.as_str(), "name": name.as_str(), "role": role.as_str() })
}

/// Checks an email and password. Unknown email and wrong password get the very same
/// answer (and take the same time), so the form does not reveal who has an account; too
/// many wrong ones for one account or from one address are refused for a while before the
/// password is even looked at.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    address: Option<std::net::IpAddr>,
) -> Result<UserId, AppError> {
    let mut errors = FormErrors::new();
    let email = errors.check("email", EmailAddress::parse(email));
    let password = errors.check("password", check_sign_in_password(password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(errors.into());
    };
    let attempt = throttle::Attempt { account: email.as_str(), address };
    let now = state.clock.now();
    let admitted = throttle::admit(&state.db.pool, &throttle::SIGN_IN, attempt, now).await?;
    let credentials = users::credentials_by_email(&state.db.pool, &email).await?;
    let hash = credentials.as_ref().map(|found| found.password_hash.clone());
    let verified = auth::verify_password(hash, password).await;
    match credentials {
        Some(found) if verified => {
            admitted.succeeded(&state.db.pool).await?;
            throttle::forget_account(&state.db.pool, &throttle::SIGN_IN, email.as_str()).await?;
            if found.disabled {
                return Err(AppError::Conflict(AccountRefusal::Disabled.to_string()));
            }
            if !found.email_verified {
                // The right password, so it is the address's owner asking: a new link.
                account_links::issue_alone(state, TokenPurpose::ConfirmEmail, found.user_id, &email, &found.name, now)
                    .await?;
                return Err(AppError::Conflict(AccountRefusal::EmailNotVerified.to_string()));
            }
            Ok(found.user_id)
        }
        _ => {
            admitted.failed(&state.db.pool).await?;
            Err(AppError::InvalidCredentials)
        }
    }
}

/// The language `user_id` chose, to show it on any browser they sign in on.
pub async fn language(state: &AppState, user_id: UserId) -> Result<Option<Locale>, AppError> {
    Ok(users::language(&state.db.pool, user_id).await?)
}

/// Remembers the language `user_id` chose (a preference, not a change to the program:
/// not audited).
pub async fn remember_language(state: &AppState, user_id: UserId, language: Locale) -> Result<(), AppError> {
    Ok(users::set_language(&state.db.pool, user_id, language).await?)
}

/// An admin invites someone to their own organisation with a role of that organisation.
pub async fn invite(
    state: &AppState,
    inviter: &Viewer,
    name: &str,
    email: &str,
    role: &str,
) -> Result<InvitationCreated, AppError> {
    if !inviter.may(Action::ManagePeople) {
        return Err(AppError::Forbidden);
    }
    let mut errors = FormErrors::new();
    let name = errors.check("name", PersonName::parse(name));
    let email = errors.check("email", EmailAddress::parse(email));
    let role = errors.check("role", Role::parse_for(role, inviter.org_kind));
    let (Some(name), Some(email), Some(role)) = (name, email, role) else {
        return Err(errors.into());
    };
    if !inviter.role.invitable().contains(&role) {
        return Err(AppError::field("role", AccountRefusal::CannotHandOut { inviter: inviter.role, role }.to_string()));
    }
    if users::by_email(&state.db.pool, &email).await?.is_some_and(|(org_id, _, _)| org_id == inviter.org_id) {
        return Err(AppError::field("email", AccountRefusal::AlreadyMember.to_string()));
    }

    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let expires_at = invite_in(&mut tx, &state.config.public_url, inviter, &name, &email, role, now).await?;
    tx.commit().await?;
    Ok(InvitationCreated { email: email.to_string(), expires_at })
}

/// Writes an invitation, its email and its audit entry inside the caller's transaction
/// (replacing any open invitation for that address). Returns its expiry.
///
/// An address that has an account in another organisation is invited like any other, so
/// the inviter learns nothing about it; its owner is told by email that they would need
/// another address, and no link that could be accepted is sent.
pub(super) async fn invite_in(
    tx: &mut sqlx::AnyConnection,
    public_url: &str,
    inviter: &Viewer,
    name: &PersonName,
    email: &EmailAddress,
    role: Role,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, sqlx::Error> {
    let expires_at = now + Duration::days(INVITATION_LIFETIME_DAYS);
    let (token, token_hash) = account_links::new_token();
    let id = InvitationId::from_uuid(uuid::Uuid::new_v4());
    invitations::revoke_open_for_email(&mut *tx, inviter.org_id, email, now).await?;
    invitations::insert(
        &mut *tx,
        invitations::NewInvitation {
            id,
            org_id: inviter.org_id,
            email,
            name,
            role,
            token_hash: &token_hash,
            invited_by: inviter.user_id,
            expires_at,
        },
        now,
    )
    .await?;
    let mail = match users::by_email(&mut *tx, email).await? {
        Some(_) => Mail::InvitedWithAnAccount {
            name: name.to_string(),
            inviter: inviter.name.clone(),
            org: inviter.org_name.clone(),
        },
        None => Mail::Invitation {
            name: name.to_string(),
            inviter: inviter.name.clone(),
            org: inviter.org_name.clone(),
            role,
            expires_at,
            link: format!("{public_url}/invitation/{token}"),
        },
    };
    mail::send(&mut *tx, Some(inviter.org_id), email.as_str(), mail, now).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(inviter, "invitation", &id.to_string(), "created").after(person_snapshot(email, name, role)),
        now,
    )
    .await?;
    Ok(expires_at)
}

pub async fn preview_invitation(state: &AppState, token: &str) -> Result<InvitationPreview, AppError> {
    invitations::open_by_token_hash(&state.db.pool, &account_links::hash_token(token), state.clock.now())
        .await?
        .map(|open| open.preview)
        .ok_or_else(|| AppError::NotFound(AccountRefusal::InvitationGone.to_string()))
}

/// Creates the invited person's account with the password they chose.
pub async fn accept_invitation(state: &AppState, token: &str, password: &str) -> Result<UserId, AppError> {
    let password = NewPassword::parse(password).map_err(|error| AppError::field("password", error.to_string()))?;
    let now = state.clock.now();
    let open = invitations::open_by_token_hash(&state.db.pool, &account_links::hash_token(token), now)
        .await?
        .ok_or_else(|| AppError::Conflict(AccountRefusal::InvitationGone.to_string()))?;
    let email = EmailAddress::parse(&open.preview.email).map_err(|_| AppError::Internal)?;
    let name = PersonName::parse(&open.preview.name).map_err(|_| AppError::Internal)?;
    let password_hash = auth::hash_password(&password).await?;

    let user_id = UserId::from_uuid(uuid::Uuid::new_v4());
    let mut tx = state.db.pool.begin().await?;
    if !invitations::mark_accepted(&mut *tx, open.id, now).await? {
        return Err(AppError::Conflict(AccountRefusal::InvitationGone.to_string()));
    }
    let inserted = users::insert(
        &mut *tx,
        users::NewUser {
            id: user_id,
            org_id: open.org_id,
            email: &email,
            name: &name,
            role: open.preview.role,
            password_hash: &password_hash,
            email_verified: true,
        },
        now,
    )
    .await;
    match inserted {
        Err(error) if db::is_unique_violation(&error) => {
            return Err(AppError::Conflict(AccountRefusal::EmailTaken.to_string()))
        }
        other => other?,
    }
    audit::record(
        &mut *tx,
        audit::Change {
            actor: audit::Actor { user_id: Some(user_id), org_id: Some(open.org_id) },
            org_id: Some(open.org_id),
            entity: "user",
            entity_id: &user_id.to_string(),
            action: "joined",
            before: None,
            after: Some(person_snapshot(&email, &name, open.preview.role)),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}

/// A user manager disables (or re-enables) a member of their own organisation. The
/// account is kept, with its history; a disabled person can no longer sign in and any
/// open session stops working at its next request.
pub async fn set_user_access(state: &AppState, manager: &Viewer, user_id: &str, active: bool) -> Result<(), AppError> {
    if !manager.may(Action::ManagePeople) {
        return Err(AppError::Forbidden);
    }
    let not_found = || AppError::NotFound(AccountRefusal::NoSuchPerson.to_string());
    let user_id = UserId::parse(user_id).map_err(|_| not_found())?;
    if user_id == manager.user_id && !active {
        return Err(AppError::Conflict(AccountRefusal::CannotDisableSelf.to_string()));
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let was_active = users::set_active(&mut tx, manager.org_id, user_id, active, now).await?.ok_or_else(not_found)?;
    if was_active != active {
        audit::record(
            &mut *tx,
            audit::Change::by(manager, "user", &user_id.to_string(), if active { "enabled" } else { "disabled" })
                .before(json!({ "active": was_active }))
                .after(json!({ "active": active })),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A user manager gives a member of their own organisation another of its roles (their
/// own role changes only by handing it over). Takes effect on the member's next request.
pub async fn change_role(state: &AppState, manager: &Viewer, user_id: &str, role: &str) -> Result<(), AppError> {
    auth::permit(manager, Action::ManagePeople)?;
    let not_found = || AppError::NotFound(AccountRefusal::NoSuchPerson.to_string());
    let user_id = UserId::parse(user_id.trim()).map_err(|_| not_found())?;
    let role = Role::parse_for(role, manager.org_kind).map_err(|error| AppError::field("role", error.to_string()))?;
    if !manager.role.invitable().contains(&role) {
        return Err(AppError::field("role", AccountRefusal::CannotHandOut { inviter: manager.role, role }.to_string()));
    }
    if user_id == manager.user_id {
        return Err(AppError::Conflict(AccountRefusal::CannotChangeOwnRole.to_string()));
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let before = users::set_role(&mut tx, manager.org_id, user_id, role).await?.ok_or_else(not_found)?;
    if before != role {
        audit::record(
            &mut *tx,
            audit::Change::by(manager, "user", &user_id.to_string(), "role_changed")
                .before(json!({ "role": before.as_str() }))
                .after(json!({ "role": role.as_str() })),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Hands the manager's own role to an active member of their organisation, who gets it in
/// the same transaction as the manager steps down to the next role (a global admin to MPN
/// admin, a benefit admin to project manager): the organisation is never without one.
pub async fn hand_over(state: &AppState, manager: &Viewer, user_id: &str) -> Result<(), AppError> {
    auth::permit(manager, Action::ManagePeople)?;
    let kept = manager
        .role
        .after_hand_over()
        .ok_or_else(|| AppError::Conflict(AccountRefusal::NothingToHandOver.to_string()))?;
    let not_found = || AppError::NotFound(AccountRefusal::NoSuchPerson.to_string());
    let user_id = UserId::parse(user_id.trim()).map_err(|_| not_found())?;
    if user_id == manager.user_id {
        return Err(AppError::Conflict(AccountRefusal::CannotChangeOwnRole.to_string()));
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let member = users::active_viewer(&mut *tx, user_id, state.config.require_second_factor)
        .await?
        .filter(|member| member.org_id == manager.org_id)
        .ok_or_else(not_found)?;
    users::set_role(&mut tx, manager.org_id, user_id, manager.role).await?;
    users::set_role(&mut tx, manager.org_id, manager.user_id, kept).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(manager, "user", &user_id.to_string(), "role_handed_over")
            .before(json!({ "role": member.role.as_str(), "from": manager.user_id.to_string(), "from_role": manager.role.as_str() }))
            .after(json!({ "role": manager.role.as_str(), "from_role": kept.as_str() })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
