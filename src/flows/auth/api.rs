//! Server functions for signing up, in and out, and accepting invitations.

use crate::domain::{people::InvitationPreview, second_factor::SignInStep, viewer::Viewer};
use crate::error::AppError;
use crate::locale::Locale;
use leptos::prelude::*;

/// Who is signed in on this browser, if anyone.
#[server(endpoint = "who_am_i")]
pub async fn who_am_i() -> Result<Option<Viewer>, AppError> {
    use crate::server::auth;
    auth::viewer().await
}

/// The first step of signing in; a person with an authenticator is then asked for its
/// code (`finish_sign_in`).
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<SignInStep, AppError> {
    use crate::server::{accounts, auth, http, state::AppState};
    let state = AppState::current()?;
    let response = http::response_options()?;
    let address = http::current_client_address();
    let user_id = accounts::sign_in(&state, &email, &password, address).await?;
    let step = auth::begin_sign_in(&state, user_id).await?;
    // The language they chose follows them to this browser.
    if let Some(language) = accounts::language(&state, user_id).await? {
        http::set_language_cookie(&response, language);
    }
    Ok(step)
}

/// The second step of signing in: a code from the authenticator app, or a recovery code.
#[server(endpoint = "finish_sign_in")]
pub async fn finish_sign_in(code: String) -> Result<(), AppError> {
    use crate::server::{auth, http, state::AppState};
    let state = AppState::current()?;
    let session = auth::session()?;
    let address = http::current_client_address();
    auth::finish_sign_in(&state, &session, &code, address).await
}

/// Asks the browser for a passkey (WebAuthn JSON): the person's own at the
/// `second_step` of their sign-in, else any passkey of this portal, to sign in with it
/// alone.
#[server(endpoint = "begin_passkey_sign_in")]
pub async fn begin_passkey_sign_in(second_step: bool) -> Result<String, AppError> {
    use crate::server::{auth, state::AppState};
    let state = AppState::current()?;
    let session = auth::session()?;
    auth::begin_passkey_sign_in(&state, &session, second_step).await
}

/// Signs in with the browser's passkey answer (`credential`, WebAuthn JSON).
#[server(endpoint = "finish_passkey_sign_in")]
pub async fn finish_passkey_sign_in(credential: String) -> Result<(), AppError> {
    use crate::server::{accounts, auth, http, state::AppState};
    let state = AppState::current()?;
    let session = auth::session()?;
    let response = http::response_options()?;
    let address = http::current_client_address();
    let user_id = auth::finish_passkey_sign_in(&state, &session, &credential, address).await?;
    if let Some(language) = accounts::language(&state, user_id).await? {
        http::set_language_cookie(&response, language);
    }
    Ok(())
}

/// Shows the portal in `language` from now on: on this browser (a cookie) and, for a
/// signed-in person, on any browser they sign in on.
#[server(endpoint = "choose_language")]
pub async fn choose_language(language: String) -> Result<Locale, AppError> {
    use crate::server::{accounts, auth, http, state::AppState};
    let state = AppState::current()?;
    let response = http::response_options()?;
    let language = crate::locale::parse(&language).map_err(|error| AppError::field("language", error.to_string()))?;
    http::set_language_cookie(&response, language);
    if let Some(viewer) = auth::viewer().await? {
        accounts::remember_language(&state, viewer.user_id, language).await?;
    }
    Ok(language)
}

/// Signs up a new partner or customer organisation; its first user proves their address
/// through an emailed link before they can sign in. The same answer whether or not the
/// address already has an account (its owner is told by email).
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    org_kind: String,
    org_name: String,
    name: String,
    email: String,
    password: String,
) -> Result<String, AppError> {
    use crate::server::{accounts, state::AppState};
    let state = AppState::current()?;
    let form = accounts::SignUpForm {
        org_kind: &org_kind,
        org_name: &org_name,
        name: &name,
        email: &email,
        password: &password,
    };
    accounts::sign_up(&state, form).await
}

/// Proves the address an emailed sign-up link was sent to, and signs its owner in.
#[server(endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use crate::server::{accounts, auth, state::AppState};
    let state = AppState::current()?;
    let user_id = accounts::verify_email(&state, &token).await?;
    auth::start_session(user_id).await
}

/// Emails a link to choose a new password, if the address has an account; the same
/// answer either way.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<String, AppError> {
    use crate::server::{http, passwords, state::AppState};
    let state = AppState::current()?;
    let address = http::current_client_address();
    passwords::request_reset(&state, &email, address).await
}

/// Sets the password chosen through an emailed link, and signs its owner in (after their
/// second factor, if they have one).
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<SignInStep, AppError> {
    use crate::server::{auth, passwords, state::AppState};
    let state = AppState::current()?;
    let user_id = passwords::reset(&state, &token, &password).await?;
    auth::begin_sign_in(&state, user_id).await
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::auth;
    auth::end_session().await
}

/// What an invitation link offers, before the invited person picks a password.
#[server(endpoint = "get_invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationPreview, AppError> {
    use crate::server::{accounts, state::AppState};
    let state = AppState::current()?;
    accounts::preview_invitation(&state, &token).await
}

/// Creates the invited person's account and signs them in.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String, password: String) -> Result<(), AppError> {
    use crate::server::{accounts, auth, state::AppState};
    let state = AppState::current()?;
    let user_id = accounts::accept_invitation(&state, &token, &password).await?;
    auth::start_session(user_id).await
}
