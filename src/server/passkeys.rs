//! Passkeys (WebAuthn, through webauthn-rs): registering one on the account page, using
//! one as the second step of a sign-in or a step-up, and signing in with one alone.
//!
//! Each ceremony is two requests: the server's challenge, then the browser's signed
//! answer. Between them the ceremony's state waits in the server-side session (shared by
//! every replica, never sent to the browser), for [`PASSKEY_CEREMONY_MINUTES`], and is
//! taken out by the answer so that it works once.

use super::db::{passkeys, second_factors, users};
use super::mail::FactorChange;
use super::state::AppState;
use super::throttle;
use crate::domain::ids::{PasskeyId, UserId};
use crate::domain::second_factor::{FactorRefusal, PasskeyName, MAX_PASSKEYS, PASSKEY_CEREMONY_MINUTES};
use crate::domain::viewer::Viewer;
use crate::error::AppError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use tower_sessions::Session;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Webauthn, WebauthnBuilder,
};
use webauthn_rs_proto::ResidentKeyRequirement;

/// The name browsers show when asking for a passkey of this portal.
const RELYING_PARTY_NAME: &str = "Planning Services";

/// The session entry of a ceremony waiting for the browser's answer.
const CEREMONY_KEY: &str = "passkey_ceremony";

/// The largest browser answer read (a credential with its attestation is a few KiB).
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// The relying party for the portal at `public_url`: its host is the passkeys' scope.
/// `None` when the host is an IP address (WebAuthn needs a domain name; `localhost` is
/// one) or the address does not parse: passkeys are then unavailable and say so.
pub fn relying_party(public_url: &str) -> Option<Webauthn> {
    let url = Url::parse(public_url).ok()?;
    let host = url.host_str()?.to_owned();
    // Any port on this machine (a developer's or a test's); elsewhere, the public port only,
    // so another service on the same host cannot relay passkey answers.
    let local = host == "localhost";
    let built = WebauthnBuilder::new(&host, &url)
        .and_then(|builder| builder.rp_name(RELYING_PARTY_NAME).allow_any_port(local).build());
    match built {
        Ok(webauthn) => Some(webauthn),
        Err(error) => {
            tracing::warn!(%error, public_url, "passkeys are off: the public address has no domain name");
            None
        }
    }
}

/// A ceremony between its two requests.
#[derive(Serialize, Deserialize)]
enum Ceremony {
    /// A signed-in person adding a passkey.
    Register { user_id: UserId, state: PasskeyRegistration },
    /// A person showing one of their passkeys: the second step of a sign-in, or a step-up.
    Confirm { user_id: UserId, state: PasskeyAuthentication },
    /// Anyone signing in with a passkey alone; the passkey says whose it is.
    SignIn { state: DiscoverableAuthentication },
}

#[derive(Serialize, Deserialize)]
struct Waiting {
    ceremony: Ceremony,
    /// Milliseconds since the epoch.
    until: i64,
}

fn webauthn(state: &AppState) -> Result<&Webauthn, AppError> {
    state.passkeys.as_deref().ok_or_else(|| AppError::Conflict(FactorRefusal::PasskeysUnavailable.to_string()))
}

fn refused(refusal: FactorRefusal) -> AppError {
    AppError::Conflict(refusal.to_string())
}

fn not_accepted() -> AppError {
    refused(FactorRefusal::PasskeyNotAccepted)
}

fn ceremony_failed(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "a passkey challenge could not be made");
    AppError::Internal
}

fn to_json(value: &impl Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|error| {
        tracing::error!(%error, "a passkey value does not serialise");
        AppError::Internal
    })
}

/// The browser's answer, read as `T`; anything else is a passkey not accepted.
fn answer<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, AppError> {
    if json.len() > MAX_ANSWER_BYTES {
        return Err(not_accepted());
    }
    serde_json::from_str(json).map_err(|_| not_accepted())
}

fn stored_passkey(json: &str) -> Result<Passkey, AppError> {
    serde_json::from_str(json).map_err(|error| {
        tracing::error!(%error, "a stored passkey does not read back");
        AppError::Internal
    })
}

async fn wait_for_answer(
    session: &Session,
    ceremony: Ceremony,
    now: DateTime<Utc>,
    challenge: &impl Serialize,
) -> Result<String, AppError> {
    let until = (now + chrono::Duration::minutes(PASSKEY_CEREMONY_MINUTES)).timestamp_millis();
    // A visitor's session that holds nothing but this ceremony lasts no longer than it.
    if !super::auth::has_user(session).await {
        let minutes = time::Duration::minutes(PASSKEY_CEREMONY_MINUTES);
        session.set_expiry(Some(tower_sessions::Expiry::OnInactivity(minutes)));
    }
    session.insert(CEREMONY_KEY, Waiting { ceremony, until }).await.map_err(super::auth::session_error)?;
    to_json(challenge)
}

/// Forgets a ceremony still waiting (one signed in, or started another way in).
pub async fn forget_ceremony(session: &Session) -> Result<(), AppError> {
    session.remove_value(CEREMONY_KEY).await.map_err(super::auth::session_error)?;
    Ok(())
}

/// Takes the waiting ceremony out of the session (so its answer works once).
async fn take_ceremony(session: &Session, now: DateTime<Utc>) -> Result<Ceremony, AppError> {
    let start_again = || refused(FactorRefusal::PasskeyStartAgain);
    // A session written by an older build may hold a state this one cannot read: start again.
    let waiting = session.remove::<Waiting>(CEREMONY_KEY).await.map_err(|_| start_again())?.ok_or_else(start_again)?;
    if now.timestamp_millis() > waiting.until {
        return Err(start_again());
    }
    Ok(waiting.ceremony)
}

/// Starts adding a passkey to `viewer`'s account, their current password confirmed (a
/// passkey signs in alone: a stolen session must not be able to add one): the options
/// the browser creates it with (JSON). Authenticators that hold one of theirs already are
/// asked not to make another.
pub async fn begin_registration(
    state: &AppState,
    session: &Session,
    viewer: &Viewer,
    current_password: &str,
) -> Result<String, AppError> {
    let webauthn = webauthn(state)?;
    let theirs = passkeys::credential_ids(&state.db.pool, viewer.user_id).await?;
    if theirs.len() >= MAX_PASSKEYS {
        return Err(refused(FactorRefusal::TooManyPasskeys));
    }
    super::passwords::confirm_current(state, viewer, current_password).await?;
    let exclude = theirs.iter().filter_map(|id| URL_SAFE_NO_PAD.decode(id).ok()).collect::<Vec<_>>();
    let (mut challenge, registration) = webauthn
        .start_passkey_registration(viewer.user_id.as_uuid(), &viewer.email, &viewer.name, Some(exclude))
        .map_err(ceremony_failed)?;
    // A passkey the browser can offer without being told whose it is, so that it can also
    // sign in on its own.
    if let Some(selection) = challenge.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(ResidentKeyRequirement::Required);
        selection.require_resident_key = true;
    }
    let ceremony = Ceremony::Register { user_id: viewer.user_id, state: registration };
    wait_for_answer(session, ceremony, state.clock.now(), &challenge).await
}

/// Verifies the browser's new passkey and stores it under `name`. Answers recovery codes
/// (shown once) when it is the person's first second factor, else none.
pub async fn finish_registration(
    state: &AppState,
    session: &Session,
    viewer: &Viewer,
    name: &str,
    credential: &str,
) -> Result<Vec<String>, AppError> {
    let name = PasskeyName::parse(name).map_err(|error| AppError::field("name", error.to_string()))?;
    let webauthn = webauthn(state)?;
    let now = state.clock.now();
    let Ceremony::Register { user_id, state: registration } = take_ceremony(session, now).await? else {
        return Err(refused(FactorRefusal::PasskeyStartAgain));
    };
    if user_id != viewer.user_id {
        return Err(refused(FactorRefusal::PasskeyStartAgain));
    }
    let credential: RegisterPublicKeyCredential = answer(credential)?;
    // A browser that ignored the list of passkeys this account has already.
    let theirs = passkeys::credential_ids(&state.db.pool, viewer.user_id).await?;
    if theirs.contains(&URL_SAFE_NO_PAD.encode(&credential.raw_id)) {
        return Err(refused(FactorRefusal::PasskeyAlreadyRegistered));
    }
    let passkey = webauthn.finish_passkey_registration(&credential, &registration).map_err(|error| {
        tracing::info!(%error, "a new passkey did not verify");
        not_accepted()
    })?;
    let first = !viewer.second_factor.enrolled;
    let mut tx = state.db.pool.begin().await?;
    let new = passkeys::NewPasskey {
        id: PasskeyId::from_uuid(uuid::Uuid::new_v4()),
        user_id: viewer.user_id,
        credential_id: &URL_SAFE_NO_PAD.encode(passkey.cred_id()),
        passkey: &to_json(&passkey)?,
        name: name.as_str(),
    };
    if passkeys::count(&mut *tx, viewer.user_id).await? >= i64::try_from(MAX_PASSKEYS).unwrap_or(i64::MAX) {
        return Err(refused(FactorRefusal::TooManyPasskeys));
    }
    if !passkeys::add(&mut *tx, new, now).await? {
        return Err(refused(FactorRefusal::PasskeyAlreadyRegistered));
    }
    let codes =
        if first { super::second_factor::issue_recovery_codes(&mut tx, viewer.user_id, now).await? } else { vec![] };
    super::second_factor::record(&mut tx, state, viewer, viewer, "passkey_added", FactorChange::PasskeyAdded, now)
        .await?;
    tx.commit().await?;
    Ok(codes)
}

/// Asks the browser for one of `user_id`'s passkeys (the second step of their sign-in,
/// or a step-up).
pub async fn begin_confirmation(state: &AppState, session: &Session, user_id: UserId) -> Result<String, AppError> {
    let webauthn = webauthn(state)?;
    let theirs = passkeys::of_user(&state.db.pool, user_id)
        .await?
        .iter()
        .map(|stored| stored_passkey(&stored.passkey))
        .collect::<Result<Vec<_>, _>>()?;
    if theirs.is_empty() {
        return Err(refused(FactorRefusal::NoPasskeys));
    }
    let (challenge, authentication) = webauthn.start_passkey_authentication(&theirs).map_err(ceremony_failed)?;
    wait_for_answer(session, Ceremony::Confirm { user_id, state: authentication }, state.clock.now(), &challenge).await
}

/// Checks the browser's answer to [`begin_confirmation`] for `user_id`. Wrong answers
/// count against the second-factor limit of their account.
pub async fn finish_confirmation(
    state: &AppState,
    session: &Session,
    user_id: UserId,
    email: &str,
    credential: &str,
    address: Option<IpAddr>,
) -> Result<(), AppError> {
    let webauthn = webauthn(state)?;
    let now = state.clock.now();
    let Ceremony::Confirm { user_id: asked, state: authentication } = take_ceremony(session, now).await? else {
        return Err(refused(FactorRefusal::PasskeyStartAgain));
    };
    if asked != user_id {
        return Err(refused(FactorRefusal::PasskeyStartAgain));
    }
    let attempt = throttle::Attempt { account: email, address };
    let admitted = throttle::admit(&state.db.pool, &throttle::SECOND_FACTOR, attempt, now).await?;
    let checked = match answer::<PublicKeyCredential>(credential) {
        Ok(credential) => webauthn.finish_passkey_authentication(&credential, &authentication).ok().map(|result| {
            let credential_id = URL_SAFE_NO_PAD.encode(result.cred_id());
            (credential_id, result)
        }),
        Err(_) => None,
    };
    let Some((credential_id, result)) = checked else {
        admitted.failed(&state.db.pool).await?;
        return Err(not_accepted());
    };
    let stored = passkeys::by_credential(&state.db.pool, user_id, &credential_id).await?.ok_or_else(not_accepted)?;
    admitted.succeeded(&state.db.pool).await?;
    note_use(state, &stored, &result, now).await
}

/// Asks the browser for any passkey of this portal (a sign-in with a passkey alone).
pub async fn begin_sign_in(state: &AppState, session: &Session) -> Result<String, AppError> {
    let webauthn = webauthn(state)?;
    let (mut challenge, authentication) = webauthn.start_discoverable_authentication().map_err(ceremony_failed)?;
    // Asked for by a button, not offered in the email field's autofill.
    challenge.mediation = None;
    wait_for_answer(session, Ceremony::SignIn { state: authentication }, state.clock.now(), &challenge).await
}

/// Checks the browser's answer to [`begin_sign_in`]: whose passkey it is, then that it
/// verifies. Answers the person it signs in; they must still be active.
pub async fn finish_sign_in(
    state: &AppState,
    session: &Session,
    credential: &str,
    address: Option<IpAddr>,
) -> Result<UserId, AppError> {
    let webauthn = webauthn(state)?;
    let now = state.clock.now();
    let Ceremony::SignIn { state: authentication } = take_ceremony(session, now).await? else {
        return Err(refused(FactorRefusal::PasskeyStartAgain));
    };
    let credential: PublicKeyCredential = answer(credential)?;
    let (handle, credential_id) =
        webauthn.identify_discoverable_authentication(&credential).map_err(|_| not_accepted())?;
    let user_id = UserId::from_uuid(handle);
    // A credential that is not this person's names no account: nothing to count against
    // theirs (else anyone knowing a person's id could lock their passkey sign-in).
    let stored = passkeys::by_credential(&state.db.pool, user_id, &URL_SAFE_NO_PAD.encode(credential_id))
        .await?
        .ok_or_else(not_accepted)?;
    let account = user_id.to_string();
    let attempt = throttle::Attempt { account: &account, address };
    let admitted = throttle::admit(&state.db.pool, &throttle::SIGN_IN, attempt, now).await?;
    let verified =
        webauthn.finish_discoverable_authentication_v2(&credential, authentication, &stored_passkey(&stored.passkey)?);
    let Ok(result) = verified else {
        admitted.failed(&state.db.pool).await?;
        return Err(not_accepted());
    };
    admitted.succeeded(&state.db.pool).await?;
    // A disabled account's passkey signs no one in (and says no more than a wrong one).
    if users::active_viewer(&state.db.pool, user_id, state.config.require_second_factor).await?.is_none() {
        return Err(not_accepted());
    }
    note_use(state, &stored, &result, now).await?;
    Ok(user_id)
}

/// Notes when the passkey was used, and keeps its new signature counter.
async fn note_use(
    state: &AppState,
    stored: &passkeys::StoredPasskey,
    result: &webauthn_rs::prelude::AuthenticationResult,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut passkey = stored_passkey(&stored.passkey)?;
    let changed = passkey.update_credential(result) == Some(true);
    let json = if changed { Some(to_json(&passkey)?) } else { None };
    passkeys::used(&state.db.pool, &stored.id, json.as_deref(), now).await?;
    Ok(())
}

/// Removes one of the viewer's passkeys (the caller has shown a recent factor), unless it
/// is their last second factor and their role or organisation requires one. With the
/// last factor gone, the recovery codes go too.
pub async fn remove(state: &AppState, viewer: &Viewer, id: &str) -> Result<(), AppError> {
    let no_such_passkey = || AppError::NotFound(FactorRefusal::NoSuchPasskey.to_string());
    let id = PasskeyId::parse(id).map_err(|_| no_such_passkey())?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    if passkeys::remove(&mut tx, viewer.user_id, id).await?.is_none() {
        return Err(no_such_passkey());
    }
    let authenticator = second_factors::has_authenticator(&mut *tx, viewer.user_id).await?;
    let none_left = !authenticator && passkeys::count(&mut *tx, viewer.user_id).await? == 0;
    if none_left && viewer.second_factor.required {
        return Err(refused(FactorRefusal::Required));
    }
    if none_left {
        second_factors::remove_all(&mut tx, viewer.user_id).await?;
    }
    super::second_factor::record(&mut tx, state, viewer, viewer, "passkey_removed", FactorChange::PasskeyRemoved, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
