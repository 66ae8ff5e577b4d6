//! Passwords after sign-up: a forgotten one replaced through an emailed link, and a known
//! one changed from the account page. Either way every other session of the person ends
//! and they are told by email.

use super::account_links;
use super::auth;
use super::db::{account_tokens, audit, sessions, users};
use super::mail::{self, Mail};
use super::state::AppState;
use super::throttle;
use crate::domain::{
    account::TokenPurpose,
    email::EmailAddress,
    ids::UserId,
    password::{check_sign_in_password, NewPassword},
    people::AccountRefusal,
    viewer::Viewer,
};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use std::net::IpAddr;

/// Emails a link to choose a new password to `email`, if it names an active account. The
/// answer is the same either way (it returns the address as typed), so the form tells
/// nobody who is registered; a few requests per account and address are let through.
pub async fn request_reset(state: &AppState, email: &str, address: Option<IpAddr>) -> Result<String, AppError> {
    let email = EmailAddress::parse(email).map_err(|error| AppError::field("email", error.to_string()))?;
    let now = state.clock.now();
    let attempt = throttle::Attempt { account: email.as_str(), address };
    // Every request counts, whether or not it sends anything.
    throttle::admit(&state.db.pool, &throttle::PASSWORD_RESET, attempt, now).await?.failed(&state.db.pool).await?;
    match users::credentials_by_email(&state.db.pool, &email).await? {
        Some(account) if !account.disabled => {
            account_links::issue_alone(state, TokenPurpose::ResetPassword, account.user_id, &email, &account.name, now)
                .await?;
        }
        _ => tracing::info!("a password link was asked for an address without an active account"),
    }
    Ok(email.to_string())
}

/// Sets the password chosen through an emailed link; returns whose it is, to sign them in.
/// The link proved the address too.
pub async fn reset(state: &AppState, token: &str, password: &str) -> Result<UserId, AppError> {
    let password = NewPassword::parse(password).map_err(|error| AppError::field("password", error.to_string()))?;
    let password_hash = auth::hash_password(&password).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let user_id = account_tokens::take(&mut *tx, TokenPurpose::ResetPassword, &account_links::hash_token(token), now)
        .await?
        .ok_or_else(|| AppError::NotFound(AccountRefusal::ResetLinkGone.to_string()))?;
    users::mark_email_verified(&mut *tx, user_id, now).await?;
    replace_password(&mut tx, state, user_id, &password_hash, None, "password_reset", now).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// Changes the viewer's password after checking their current one (counted like a
/// sign-in: guessing it here is no easier than at the door). Every other session ends.
pub async fn change(
    state: &AppState,
    viewer: &Viewer,
    current: &str,
    new: &str,
    this_session: Option<String>,
) -> Result<(), AppError> {
    let new = NewPassword::parse(new).map_err(|error| AppError::field("new_password", error.to_string()))?;
    confirm_current(state, viewer, current).await?;
    let now = state.clock.now();
    let password_hash = auth::hash_password(&new).await?;
    let mut tx = state.db.pool.begin().await?;
    replace_password(&mut tx, state, viewer.user_id, &password_hash, this_session.as_deref(), "password_changed", now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks the signed-in viewer's current password (field `current_password`), before a
/// change a stolen session alone must not make; wrong ones count as wrong sign-ins.
pub async fn confirm_current(state: &AppState, viewer: &Viewer, current: &str) -> Result<(), AppError> {
    let wrong = || AppError::field("current_password", AccountRefusal::WrongCurrentPassword.to_string());
    let current = check_sign_in_password(current).map_err(|_| wrong())?;
    let attempt = throttle::Attempt { account: &viewer.email, address: None };
    let admitted = throttle::admit(&state.db.pool, &throttle::SIGN_IN, attempt, state.clock.now()).await?;
    let stored = users::password_hash(&state.db.pool, viewer.user_id).await?;
    if !auth::verify_password(stored, current).await {
        admitted.failed(&state.db.pool).await?;
        return Err(wrong());
    }
    Ok(admitted.succeeded(&state.db.pool).await?)
}

/// Stores the new hash, ends the person's sessions but `keep`, audits and tells them.
async fn replace_password(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    user_id: UserId,
    password_hash: &str,
    keep: Option<&str>,
    action: &'static str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    users::set_password(&mut *tx, user_id, password_hash).await?;
    let ended = sessions::end_all_but(&mut *tx, user_id, keep).await?;
    audit::record(
        &mut *tx,
        audit::Change {
            actor: audit::Actor { user_id: Some(user_id), org_id: None },
            org_id: None,
            entity: "user",
            entity_id: &user_id.to_string(),
            action,
            before: None,
            after: Some(serde_json::json!({ "other_sessions_ended": ended })),
        },
        now,
    )
    .await?;
    if let Some(person) = users::active_viewer(&mut *tx, user_id, state.config.require_second_factor).await? {
        let forgot_password = format!("{}/forgot-password", state.config.public_url);
        let mail = Mail::PasswordChanged { name: person.name, forgot_password };
        mail::send(&mut *tx, Some(person.org_id), &person.email, mail, now).await?;
    }
    Ok(())
}
