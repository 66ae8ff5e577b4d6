//! Authentication and the one authorization gate every server function goes through.
//!
//! The session cookie only names a session; the session only names a user. Who that
//! user is (organisation, role, still active?) is read from the database on every
//! request, so revoking a role or disabling an account takes effect immediately.

use super::db::users;
use super::state::AppState;
use crate::domain::second_factor::{FactorGate, FactorRefusal, SignInStep, PENDING_SIGN_IN_MINUTES};
use crate::domain::{access::Action, ids::UserId, password::NewPassword, viewer::Viewer};
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::LazyLock;
use tower_sessions::Session;

/// The session entry naming the signed-in user.
pub const USER_KEY: &str = "user_id";

/// The session entry of a sign-in whose password was right and whose second step is
/// awaited: the person and until when (milliseconds).
const PENDING_KEY: &str = "pending_sign_in";

/// When this session last saw a second-factor code (milliseconds), for step-up.
const FACTOR_SHOWN_KEY: &str = "second_factor_shown_at";

/// argon2id with the crate's default (OWASP-recommended) cost, off the async threads.
pub async fn hash_password(password: &NewPassword) -> Result<String, AppError> {
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password hashing task failed");
        AppError::Internal
    })?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// A real hash of a random password: checking unknown emails against it costs the same
/// time as checking a real account, so response times do not reveal who has an account.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(uuid::Uuid::new_v4().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

/// Checks `candidate` against `stored` (or against the decoy when there is no account).
pub async fn verify_password(stored: Option<String>, candidate: &str) -> bool {
    let candidate = candidate.to_owned();
    let exists = stored.is_some();
    let hash = stored.unwrap_or_else(|| DECOY_HASH.clone());
    let verified = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(candidate.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    exists && verified
}

/// The asking browser's session, read from the request at once. Like every lookup in the
/// request's context, take it before a server function's first await that can wait: on
/// the server a page may be built more than once while it renders (see
/// `request_reads`), and a build thrown away loses its context at its next await.
pub fn session() -> Result<Session, AppError> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Session>().cloned())
        .ok_or_else(|| {
            tracing::error!("session layer missing from the request");
            AppError::Internal
        })
}

pub(super) fn session_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session store failed");
    AppError::Internal
}

/// Whether this session names a user (who may since have been disabled: the pages'
/// gate checks that).
pub async fn has_user(session: &Session) -> bool {
    matches!(session.get::<UserId>(USER_KEY).await, Ok(Some(_)))
}

/// Starts a fresh session for `user_id`. The session id is replaced so a session id
/// planted before sign-in is worthless afterwards (session fixation).
pub async fn start_session(user_id: UserId) -> Result<(), AppError> {
    let session = session()?;
    session.cycle_id().await.map_err(session_error)?;
    session.insert(USER_KEY, user_id).await.map_err(session_error)
}

/// Signs `user_id` in after a right password, or, when they have a second factor, puts
/// the session in waiting for it (`finish_sign_in`): a password alone never signs in
/// someone who set up an authenticator, whichever way it was proven (typed, or chosen
/// through an emailed link).
pub async fn begin_sign_in(state: &AppState, user_id: UserId) -> Result<SignInStep, AppError> {
    let asks = users::active_viewer(&state.db.pool, user_id, state.config.require_second_factor)
        .await?
        .is_some_and(|viewer| viewer.second_factor.asks_at_sign_in());
    if !asks {
        start_session(user_id).await?;
        return Ok(SignInStep::Done);
    }
    let session = session()?;
    session.cycle_id().await.map_err(session_error)?;
    session.remove::<UserId>(USER_KEY).await.map_err(session_error)?;
    let until = state.clock.now() + chrono::Duration::minutes(PENDING_SIGN_IN_MINUTES);
    session.insert(PENDING_KEY, (user_id, until.timestamp_millis())).await.map_err(session_error)?;
    Ok(SignInStep::SecondFactor)
}

/// The person whose password was right and whose second step is awaited, if the wait
/// has not run out.
async fn pending_sign_in(state: &AppState, session: &Session) -> Result<Option<Viewer>, AppError> {
    let Some((user_id, until)) = session.get::<(UserId, i64)>(PENDING_KEY).await.map_err(session_error)? else {
        return Ok(None);
    };
    if state.clock.now().timestamp_millis() > until {
        session.remove::<(UserId, i64)>(PENDING_KEY).await.map_err(session_error)?;
        return Ok(None);
    }
    Ok(users::active_viewer(&state.db.pool, user_id, state.config.require_second_factor).await?)
}

fn sign_in_again() -> AppError {
    AppError::Conflict(FactorRefusal::SignInAgain.to_string())
}

/// The second step of a sign-in: a code from the authenticator or a recovery code.
pub async fn finish_sign_in(
    state: &AppState,
    session: &Session,
    code: &str,
    address: Option<std::net::IpAddr>,
) -> Result<(), AppError> {
    let viewer = pending_sign_in(state, session).await?.ok_or_else(sign_in_again)?;
    super::second_factor::verify(state, viewer.user_id, &viewer.email, code, address).await?;
    signed_in_with_factor(state, session, viewer.user_id).await
}

/// How long a signed-in session lasts without use: a week.
pub fn signed_in_expiry() -> tower_sessions::Expiry {
    tower_sessions::Expiry::OnInactivity(time::Duration::days(7))
}

/// Signs `user_id` in on this session, a second factor just shown.
async fn signed_in_with_factor(state: &AppState, session: &Session, user_id: UserId) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    // It may have been a visitor's short session, held for a passkey ceremony.
    session.set_expiry(Some(signed_in_expiry()));
    super::passkeys::forget_ceremony(session).await?;
    session.remove::<(UserId, i64)>(PENDING_KEY).await.map_err(session_error)?;
    session.insert(USER_KEY, user_id).await.map_err(session_error)?;
    note_factor_shown(session, state.clock.now()).await
}

/// Asks the browser for a passkey at sign-in: at the `second_step` of a sign-in whose
/// password was right, one of that person's own; else any passkey of this portal, to sign
/// in with it alone (a password sign-in left half-way on this browser is dropped).
pub async fn begin_passkey_sign_in(state: &AppState, session: &Session, second_step: bool) -> Result<String, AppError> {
    if second_step {
        let viewer = pending_sign_in(state, session).await?.ok_or_else(sign_in_again)?;
        return super::passkeys::begin_confirmation(state, session, viewer.user_id).await;
    }
    session.remove::<(UserId, i64)>(PENDING_KEY).await.map_err(session_error)?;
    super::passkeys::begin_sign_in(state, session).await
}

/// Signs in with the browser's answer to [`begin_passkey_sign_in`]; answers who it is.
/// A passkey verifies its holder (a PIN or biometrics) on top of possession, so it is a
/// second factor shown as well.
pub async fn finish_passkey_sign_in(
    state: &AppState,
    session: &Session,
    credential: &str,
    address: Option<std::net::IpAddr>,
) -> Result<UserId, AppError> {
    let user_id = match pending_sign_in(state, session).await? {
        Some(viewer) => {
            super::passkeys::finish_confirmation(state, session, viewer.user_id, &viewer.email, credential, address)
                .await?;
            viewer.user_id
        }
        None => super::passkeys::finish_sign_in(state, session, credential, address).await?,
    };
    signed_in_with_factor(state, session, user_id).await?;
    Ok(user_id)
}

/// Records that this session just saw a second-factor code (sign-in, set-up, step-up).
async fn note_factor_shown(session: &Session, now: chrono::DateTime<chrono::Utc>) -> Result<(), AppError> {
    session.insert(FACTOR_SHOWN_KEY, now.timestamp_millis()).await.map_err(session_error)
}

/// Step-up: the signed-in viewer shows a code again before an action that moves money.
pub async fn step_up(
    state: &AppState,
    session: &Session,
    viewer: &Viewer,
    code: &str,
    address: Option<std::net::IpAddr>,
) -> Result<(), AppError> {
    super::second_factor::verify(state, viewer.user_id, &viewer.email, code, address).await?;
    note_factor_shown(session, state.clock.now()).await
}

/// Step-up with one of the viewer's passkeys: the browser's answer to
/// `passkeys::begin_confirmation`.
pub async fn step_up_with_passkey(
    state: &AppState,
    session: &Session,
    viewer: &Viewer,
    credential: &str,
    address: Option<std::net::IpAddr>,
) -> Result<(), AppError> {
    super::passkeys::finish_confirmation(state, session, viewer.user_id, &viewer.email, credential, address).await?;
    note_factor_shown(session, state.clock.now()).await
}

/// The viewer's new second factor was just shown to work: that counts as shown.
pub async fn factor_just_shown(state: &AppState, session: &Session) -> Result<(), AppError> {
    note_factor_shown(session, state.clock.now()).await
}

/// How the asking browser's session is stored (`db::sessions::stored_id`), if it has one.
pub fn this_session() -> Result<Option<String>, AppError> {
    Ok(session()?.id().map(|id| super::db::sessions::stored_id(&id)))
}

pub async fn end_session() -> Result<(), AppError> {
    session()?.flush().await.map_err(session_error)
}

/// The signed-in viewer, if any.
pub async fn viewer() -> Result<Option<Viewer>, AppError> {
    // Context first, before any await (see `session`).
    let state = AppState::current()?;
    let session = session()?;
    viewer_of(&state, &session).await
}

async fn viewer_of(state: &AppState, session: &Session) -> Result<Option<Viewer>, AppError> {
    let Some(user_id) = session.get::<UserId>(USER_KEY).await.map_err(session_error)? else {
        return Ok(None);
    };
    let viewer = users::active_viewer(&state.db.pool, user_id, state.config.require_second_factor).await?;
    if viewer.is_none() {
        // The account was disabled since sign-in: the session is worthless now.
        session.flush().await.map_err(session_error)?;
    }
    Ok(viewer)
}

/// The gate: the signed-in viewer, provided the access policy lets them take `action`,
/// and their second factor is set up if it must be, and recent if the action needs it.
pub async fn require(action: Action) -> Result<Viewer, AppError> {
    let state = AppState::current()?;
    let session = session()?;
    let viewer = viewer_of(&state, &session).await?.ok_or(AppError::Unauthenticated)?;
    permit(&viewer, action)?;
    let shown_at = if action.needs_recent_factor() {
        let millis = session.get::<i64>(FACTOR_SHOWN_KEY).await.map_err(session_error)?;
        millis.and_then(chrono::DateTime::from_timestamp_millis)
    } else {
        None
    };
    match viewer.second_factor.gate(action, shown_at, state.clock.now()) {
        FactorGate::Open => Ok(viewer),
        FactorGate::SetUpFirst => Err(AppError::SecondFactorSetUpNeeded),
        FactorGate::ConfirmItIsYou => Err(AppError::StepUpNeeded),
    }
}

/// Whether `viewer` may take `action`, as an answer a server function can return.
pub fn permit(viewer: &Viewer, action: Action) -> Result<(), AppError> {
    if viewer.may(action) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
