//! One's own account: name, the browsers one is signed in on, and ending those sessions.

use super::db::{audit, sessions, users};
use super::state::AppState;
use crate::domain::{
    account::{AccountView, SessionSummary},
    people::AccountRefusal,
    text::PersonName,
    viewer::Viewer,
};
use crate::error::AppError;
use serde_json::json;

/// The account page: who the viewer is and where they are signed in (`this_session` is the
/// stored id of the asking browser's session).
pub async fn view(state: &AppState, viewer: &Viewer, this_session: Option<String>) -> Result<AccountView, AppError> {
    let open = sessions::open_for(&state.db.pool, viewer.user_id, state.clock.now()).await?;
    let sessions = open
        .into_iter()
        .map(|session| SessionSummary {
            current: this_session.as_deref() == Some(session.stored_id.as_str()),
            handle: session.stored_id,
            signed_in_at: session.signed_in_at,
            expires_at: session.expires_at,
        })
        .collect();
    let second_factor = super::second_factor::summary(state, viewer).await?;
    Ok(AccountView {
        name: viewer.name.clone(),
        email: viewer.email.clone(),
        role: viewer.role,
        org_name: viewer.org_name.clone(),
        language: viewer.language,
        sessions,
        second_factor,
    })
}

pub async fn rename(state: &AppState, viewer: &Viewer, name: &str) -> Result<(), AppError> {
    let name = PersonName::parse(name).map_err(|error| AppError::field("name", error.to_string()))?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let before = users::set_name(&mut tx, viewer.user_id, &name).await?;
    if before.as_deref() != Some(name.as_str()) {
        audit::record(
            &mut *tx,
            audit::Change::by(viewer, "user", &viewer.user_id.to_string(), "renamed")
                .before(json!({ "name": before }))
                .after(json!({ "name": name.as_str() })),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends one of the viewer's sessions (another browser, or this one).
pub async fn end_session(state: &AppState, viewer: &Viewer, handle: &str) -> Result<(), AppError> {
    let handle = handle.trim();
    // A handle is a stored id: 64 hexadecimal digits. Anything else names no session.
    let well_formed = handle.len() == 64 && handle.bytes().all(|byte| byte.is_ascii_hexdigit());
    if well_formed && sessions::end_one(&state.db.pool, viewer.user_id, handle).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(AccountRefusal::NoSuchSession.to_string()))
    }
}

/// Signs the viewer out everywhere but this browser; returns how many sessions ended.
pub async fn end_other_sessions(
    state: &AppState,
    viewer: &Viewer,
    this_session: Option<String>,
) -> Result<u64, AppError> {
    Ok(sessions::end_all_but(&state.db.pool, viewer.user_id, this_session.as_deref()).await?)
}
