//! Server functions of one's own account.

use crate::domain::account::AccountView;
use crate::domain::second_factor::TotpSetup;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_account")]
pub async fn get_account() -> Result<AccountView, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, own_account, state::AppState};
    let state = AppState::current()?;
    let this_session = auth::this_session()?;
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    own_account::view(&state, &viewer, this_session).await
}

#[server(endpoint = "rename_self")]
pub async fn rename_self(name: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, own_account, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    own_account::rename(&state, &viewer, &name).await
}

/// Changes the password after checking the current one; every other session ends.
#[server(endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, passwords, state::AppState};
    let state = AppState::current()?;
    let this_session = auth::this_session()?;
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    passwords::change(&state, &viewer, &current_password, &new_password, this_session).await
}

/// Signs one of the viewer's sessions out.
#[server(endpoint = "end_session")]
pub async fn end_session(handle: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, own_account, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    own_account::end_session(&state, &viewer, &handle).await
}

/// Signs the viewer out on every other browser; returns how many sessions ended.
#[server(endpoint = "end_other_sessions")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, own_account, state::AppState};
    let state = AppState::current()?;
    let this_session = auth::this_session()?;
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    own_account::end_other_sessions(&state, &viewer, this_session).await
}

/// Starts setting up an authenticator app: its secret as a QR code and as text.
#[server(endpoint = "begin_authenticator")]
pub async fn begin_authenticator() -> Result<TotpSetup, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, second_factor, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    second_factor::begin(&state, &viewer).await
}

/// Confirms the authenticator with a first code; answers the recovery codes (shown once).
#[server(endpoint = "confirm_authenticator")]
pub async fn confirm_authenticator(code: String) -> Result<Vec<String>, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, second_factor, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    let codes = second_factor::confirm(&state, &viewer, &code).await?;
    auth::factor_just_shown(&state).await?;
    Ok(codes)
}

/// Turns the authenticator off (after a recent code), unless it is required.
#[server(endpoint = "turn_off_authenticator")]
pub async fn turn_off_authenticator() -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, second_factor, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ChangeSecondFactors).await?;
    second_factor::turn_off(&state, &viewer).await
}

/// New recovery codes in place of the old (after a recent code); shown once.
#[server(endpoint = "renew_recovery_codes")]
pub async fn renew_recovery_codes() -> Result<Vec<String>, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, second_factor, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ChangeSecondFactors).await?;
    second_factor::renew_recovery_codes(&state, &viewer).await
}

/// Confirms it is the viewer with a code, for the next 15 minutes of actions that move
/// money (step-up).
#[server(endpoint = "step_up")]
pub async fn step_up(code: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, http, state::AppState};
    let state = AppState::current()?;
    let address = http::current_client_address();
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    auth::step_up(&state, &viewer, &code, address).await
}
