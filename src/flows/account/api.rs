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
    let viewer = auth::require(Action::AddSecondFactor).await?;
    second_factor::begin(&state, &viewer).await
}

/// Confirms the authenticator with a first code; answers the recovery codes (shown once)
/// when it is the first second factor.
#[server(endpoint = "confirm_authenticator")]
pub async fn confirm_authenticator(code: String) -> Result<Vec<String>, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, second_factor, state::AppState};
    let state = AppState::current()?;
    let session = auth::session()?;
    let viewer = auth::require(Action::AddSecondFactor).await?;
    let codes = second_factor::confirm(&state, &viewer, &code).await?;
    auth::factor_just_shown(&state, &session).await?;
    Ok(codes)
}

/// Starts adding a passkey, the current password confirmed: the options the browser
/// creates it with (WebAuthn JSON).
#[server(endpoint = "begin_passkey")]
pub async fn begin_passkey(current_password: String) -> Result<String, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, passkeys, state::AppState};
    let state = AppState::current()?;
    let session = auth::session()?;
    let viewer = auth::require(Action::AddSecondFactor).await?;
    passkeys::begin_registration(&state, &session, &viewer, &current_password).await
}

/// Stores the browser's new passkey (`credential`, WebAuthn JSON) under `name`; answers
/// recovery codes (shown once) when it is the first second factor.
#[server(endpoint = "add_passkey")]
pub async fn add_passkey(name: String, credential: String) -> Result<Vec<String>, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, passkeys, state::AppState};
    let state = AppState::current()?;
    let session = auth::session()?;
    let viewer = auth::require(Action::AddSecondFactor).await?;
    let codes = passkeys::finish_registration(&state, &session, &viewer, &name, &credential).await?;
    auth::factor_just_shown(&state, &session).await?;
    Ok(codes)
}

/// Removes one of the viewer's passkeys (after a recent second factor).
#[server(endpoint = "remove_passkey")]
pub async fn remove_passkey(passkey: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, passkeys, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ChangeSecondFactors).await?;
    passkeys::remove(&state, &viewer, &passkey).await
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
    let session = auth::session()?;
    let address = http::current_client_address();
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    auth::step_up(&state, &session, &viewer, &code, address).await
}

/// Asks the browser for one of the viewer's passkeys, for a step-up (WebAuthn JSON).
#[server(endpoint = "begin_passkey_step_up")]
pub async fn begin_passkey_step_up() -> Result<String, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, passkeys, state::AppState};
    let state = AppState::current()?;
    let session = auth::session()?;
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    passkeys::begin_confirmation(&state, &session, viewer.user_id).await
}

/// Step-up with the browser's passkey answer (`credential`, WebAuthn JSON).
#[server(endpoint = "step_up_with_passkey")]
pub async fn step_up_with_passkey(credential: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, http, state::AppState};
    let state = AppState::current()?;
    let session = auth::session()?;
    let address = http::current_client_address();
    let viewer = auth::require(Action::ManageOwnAccount).await?;
    auth::step_up_with_passkey(&state, &session, &viewer, &credential, address).await
}
