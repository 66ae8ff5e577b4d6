//! Authentication and the one authorization gate every server function goes through.
//!
//! The session cookie only names a session; the session only names a user. Who that
//! user is (organisation, role, still active?) is read from the database on every
//! request, so revoking a role or disabling an account takes effect immediately.

use super::db::users;
use super::state::AppState;
use crate::domain::{access::Action, ids::UserId, password::NewPassword, viewer::Viewer};
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::LazyLock;
use tower_sessions::Session;

/// The session entry naming the signed-in user.
pub const USER_KEY: &str = "user_id";

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

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "session layer missing");
        AppError::Internal
    })
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
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
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session.insert(USER_KEY, user_id).await.map_err(session_error)
}

/// How the asking browser's session is stored (`db::sessions::stored_id`), if it has one.
pub async fn this_session() -> Result<Option<String>, AppError> {
    Ok(session().await?.id().map(|id| super::db::sessions::stored_id(&id)))
}

pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await.map_err(session_error)
}

/// The signed-in viewer, if any.
pub async fn viewer() -> Result<Option<Viewer>, AppError> {
    // Context first, before any await (see `AppState::current`).
    let state = AppState::current()?;
    let session = session().await?;
    let Some(user_id) = session.get::<UserId>(USER_KEY).await.map_err(session_error)? else {
        return Ok(None);
    };
    let viewer = users::active_viewer(&state.db.pool, user_id).await?;
    if viewer.is_none() {
        // The account was disabled since sign-in: the session is worthless now.
        session.flush().await.map_err(session_error)?;
    }
    Ok(viewer)
}

/// The gate: the signed-in viewer, provided the access policy lets them take `action`.
pub async fn require(action: Action) -> Result<Viewer, AppError> {
    let viewer = viewer().await?.ok_or(AppError::Unauthenticated)?;
    permit(&viewer, action)?;
    Ok(viewer)
}

/// Whether `viewer` may take `action`, as an answer a server function can return.
pub fn permit(viewer: &Viewer, action: Action) -> Result<(), AppError> {
    if viewer.may(action) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
