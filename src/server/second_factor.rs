//! The second factor: an authenticator app (TOTP, RFC 6238) whose secret is sealed at
//! rest, passkeys (`server::passkeys`), ten single-use recovery codes stored hashed, the
//! operator's reset for a lost phone, and an organisation's requirement that all its
//! members have one.

use super::account_links::hash_token;
use super::db::{audit, passkeys, second_factors, sessions, users};
use super::mail::{self, FactorChange, Mail};
use super::secrets::SecretKind;
use super::state::AppState;
use super::throttle;
use crate::domain::email::EmailAddress;
use crate::domain::ids::UserId;
use crate::domain::second_factor::{
    show_recovery_code, FactorCode, FactorRefusal, FactorSummary, TotpSetup, RECOVERY_ALPHABET, RECOVERY_CODES,
    RECOVERY_CODE_CHARS,
};
use crate::domain::viewer::Viewer;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use rand::{seq::SliceRandom, RngCore};
use serde_json::json;
use std::net::IpAddr;
use totp_rs::{Algorithm, Secret, TOTP};

/// The name authenticator apps show above the code.
const ISSUER: &str = "Planning Services";
/// 160 bits, as RFC 4226 recommends for HMAC-SHA1.
const SECRET_BYTES: usize = 20;
const STEP_SECONDS: u64 = 30;

fn authenticator(secret_base32: &str, email: &str) -> Result<TOTP, AppError> {
    let bytes = Secret::Encoded(secret_base32.to_owned()).to_bytes().map_err(|error| {
        tracing::error!(?error, "a stored authenticator secret is not base32");
        AppError::Internal
    })?;
    // Apps differ in how they show an account name with a colon; an email has none.
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECONDS, bytes, Some(ISSUER.to_owned()), email.replace(':', "")).map_err(
        |error| {
            tracing::error!(?error, "authenticator parameters refused");
            AppError::Internal
        },
    )
}

/// A stored (sealed) authenticator secret, in base32.
fn open_secret(state: &AppState, sealed: &str) -> Result<String, AppError> {
    state.keys.open(SecretKind::AuthenticatorSecret, sealed).map_err(|error| {
        tracing::error!(%error, "an authenticator secret does not open");
        AppError::Internal
    })
}

/// The time step whose code `code` is, among the current one and one either side (a
/// phone's clock may be a little off).
fn matching_step(totp: &TOTP, code: &str, now: DateTime<Utc>) -> Option<i64> {
    let current = u64::try_from(now.timestamp()).ok()? / STEP_SECONDS;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .find(|step| same_bytes(totp.generate(step * STEP_SECONDS).as_bytes(), code.as_bytes()))
        .and_then(|step| i64::try_from(step).ok())
}

/// Compares in time independent of where the first difference is.
fn same_bytes(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len() && left.iter().zip(right).fold(0u8, |difference, (a, b)| difference | (a ^ b)) == 0
}

/// What the account page shows about the viewer's second factor.
pub async fn summary(state: &AppState, viewer: &Viewer) -> Result<FactorSummary, AppError> {
    let pool = &state.db.pool;
    let left = second_factors::recovery_codes_left(pool, viewer.user_id).await?;
    let organisation_requires = second_factors::organisation_requires(pool, viewer.org_id).await?;
    let authenticator = second_factors::has_authenticator(pool, viewer.user_id).await?;
    Ok(FactorSummary {
        state: viewer.second_factor,
        authenticator,
        passkeys: passkeys::summaries(pool, viewer.user_id).await?,
        passkeys_available: state.passkeys.is_some(),
        recovery_codes_left: u32::try_from(left).unwrap_or(0),
        organisation_requires,
    })
}

/// Starts setting up an authenticator: a new secret, shown as a QR code and as text. It
/// counts only once a code from the app confirms it.
pub async fn begin(state: &AppState, viewer: &Viewer) -> Result<TotpSetup, AppError> {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = Secret::Raw(bytes.to_vec()).to_encoded().to_string();
    let totp = authenticator(&secret, &viewer.email)?;
    let sealed = state.keys.seal(SecretKind::AuthenticatorSecret, &secret);
    if !second_factors::start(&state.db.pool, viewer.user_id, &sealed, state.clock.now()).await? {
        return Err(AppError::Conflict(FactorRefusal::AlreadySetUp.to_string()));
    }
    let qr_svg = qrcode::QrCode::new(totp.get_url().as_bytes())
        .map_err(|error| {
            tracing::error!(%error, "the otpauth address does not fit a QR code");
            AppError::Internal
        })?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    let grouped = secret.as_bytes().chunks(4).map(|chunk| String::from_utf8_lossy(chunk)).collect::<Vec<_>>().join(" ");
    Ok(TotpSetup { secret: grouped, qr_svg })
}

/// Confirms the authenticator being set up with a first code from it; answers the
/// recovery codes, shown this once, when it is the person's first second factor (someone
/// with a passkey keeps the codes they have).
pub async fn confirm(state: &AppState, viewer: &Viewer, code: &str) -> Result<Vec<String>, AppError> {
    let FactorCode::OneTime(code) =
        FactorCode::parse(code).map_err(|error| AppError::field("code", error.to_string()))?
    else {
        return Err(AppError::field("code", FactorRefusal::WrongCode.to_string()));
    };
    let now = state.clock.now();
    let stored = second_factors::authenticator(&state.db.pool, viewer.user_id)
        .await?
        .filter(|stored| stored.confirmed_at.is_none())
        .ok_or_else(|| AppError::Conflict(FactorRefusal::NothingToConfirm.to_string()))?;
    let secret = open_secret(state, &stored.secret)?;
    let attempt = throttle::Attempt { account: &viewer.email, address: None };
    let admitted = throttle::admit(&state.db.pool, &throttle::SECOND_FACTOR, attempt, now).await?;
    let Some(step) = matching_step(&authenticator(&secret, &viewer.email)?, &code, now) else {
        admitted.failed(&state.db.pool).await?;
        return Err(AppError::field("code", FactorRefusal::WrongCode.to_string()));
    };
    admitted.succeeded(&state.db.pool).await?;
    let mut tx = state.db.pool.begin().await?;
    if !second_factors::confirm(&mut *tx, viewer.user_id, &stored.secret, step, now).await? {
        return Err(AppError::Conflict(FactorRefusal::NothingToConfirm.to_string()));
    }
    let codes =
        if viewer.second_factor.enrolled { vec![] } else { issue_recovery_codes(&mut tx, viewer.user_id, now).await? };
    record(&mut tx, state, viewer, viewer, "second_factor_added", FactorChange::Added, now).await?;
    tx.commit().await?;
    Ok(codes)
}

pub(super) async fn issue_recovery_codes(
    tx: &mut sqlx::AnyConnection,
    user_id: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<String>, sqlx::Error> {
    let mut rng = rand::rngs::OsRng;
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            (0..RECOVERY_CODE_CHARS)
                .filter_map(|_| RECOVERY_ALPHABET.choose(&mut rng).map(|&byte| char::from(byte)))
                .collect()
        })
        .collect();
    let hashes: Vec<String> = codes.iter().map(|code| hash_token(code)).collect();
    second_factors::replace_recovery_codes(tx, user_id, &hashes, now).await?;
    Ok(codes.iter().map(|code| show_recovery_code(code)).collect())
}

/// New recovery codes in place of the old ones (the caller has shown a recent code).
pub async fn renew_recovery_codes(state: &AppState, viewer: &Viewer) -> Result<Vec<String>, AppError> {
    if !viewer.second_factor.enrolled {
        return Err(AppError::Conflict(FactorRefusal::NotSetUp.to_string()));
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let codes = issue_recovery_codes(&mut tx, viewer.user_id, now).await?;
    record(&mut tx, state, viewer, viewer, "recovery_codes_renewed", FactorChange::RecoveryCodesRenewed, now).await?;
    tx.commit().await?;
    Ok(codes)
}

/// Turns the viewer's authenticator off (the caller has shown a recent factor), unless it
/// is their last second factor and their role or organisation requires one. With no
/// passkey left either, the recovery codes go too.
pub async fn turn_off(state: &AppState, viewer: &Viewer) -> Result<(), AppError> {
    if !viewer.second_factor.enrolled {
        return Err(AppError::Conflict(FactorRefusal::NotSetUp.to_string()));
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let passkeys_left = passkeys::count(&mut *tx, viewer.user_id).await?;
    if viewer.second_factor.required && passkeys_left == 0 {
        return Err(AppError::Conflict(FactorRefusal::Required.to_string()));
    }
    let removed = if passkeys_left == 0 {
        second_factors::remove_all(&mut tx, viewer.user_id).await?
    } else {
        second_factors::remove_authenticator(&mut *tx, viewer.user_id).await?
    };
    if !removed {
        return Err(AppError::Conflict(FactorRefusal::NotSetUp.to_string()));
    }
    record(&mut tx, state, viewer, viewer, "second_factor_removed", FactorChange::TurnedOff, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks a second-step code of `user_id`: a code from their authenticator (each works
/// once) or an unused recovery code (used up). Wrong codes count against a tight limit.
pub async fn verify(
    state: &AppState,
    user_id: UserId,
    email: &str,
    code: &str,
    address: Option<IpAddr>,
) -> Result<(), AppError> {
    let code = FactorCode::parse(code).map_err(|error| AppError::field("code", error.to_string()))?;
    let now = state.clock.now();
    let attempt = throttle::Attempt { account: email, address };
    let admitted = throttle::admit(&state.db.pool, &throttle::SECOND_FACTOR, attempt, now).await?;
    let accepted = match &code {
        FactorCode::OneTime(digits) => match second_factors::authenticator(&state.db.pool, user_id).await? {
            Some(stored) if stored.confirmed_at.is_some() => {
                match matching_step(&authenticator(&open_secret(state, &stored.secret)?, email)?, digits, now) {
                    Some(step) => second_factors::use_step(&state.db.pool, user_id, step).await?,
                    None => false,
                }
            }
            _ => false,
        },
        FactorCode::Recovery(recovery) => {
            second_factors::use_recovery_code(&state.db.pool, user_id, &hash_token(recovery), now).await?
        }
    };
    if accepted {
        admitted.succeeded(&state.db.pool).await?;
        Ok(())
    } else {
        admitted.failed(&state.db.pool).await?;
        Err(AppError::field("code", FactorRefusal::WrongCode.to_string()))
    }
}

/// The operator clears a person's second factors, authenticator and passkeys (they lost
/// their phone and their recovery codes): every session of theirs ends, they are told by email, and it is
/// audited in their organisation's log.
pub async fn reset(state: &AppState, operator: &Viewer, email: &str) -> Result<(), AppError> {
    let no_such_person = || AppError::NotFound(FactorRefusal::NoSuchPerson.to_string());
    let email = EmailAddress::parse(email).map_err(|error| AppError::field("email", error.to_string()))?;
    let person_id = users::credentials_by_email(&state.db.pool, &email).await?.ok_or_else(no_such_person)?.user_id;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let person = users::active_viewer(&mut *tx, person_id, state.config.require_second_factor)
        .await?
        .ok_or_else(no_such_person)?;
    let authenticator = second_factors::remove_all(&mut tx, person.user_id).await?;
    let passkeys_removed = passkeys::remove_all(&mut tx, person.user_id).await?;
    if !authenticator && passkeys_removed == 0 {
        return Err(AppError::Conflict(FactorRefusal::NotSetUp.to_string()));
    }
    sessions::end_all_but(&mut *tx, person.user_id, None).await?;
    record(&mut tx, state, operator, &person, "second_factor_reset", FactorChange::Reset, now).await?;
    tx.commit().await?;
    Ok(())
}

/// An admin requires (or stops requiring) a second factor of every member of their
/// organisation. Those without one are asked to set it up at their next step.
pub async fn require_for_organisation(state: &AppState, admin: &Viewer, required: bool) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    if second_factors::set_organisation_requires(&mut *tx, admin.org_id, required, now).await? {
        let action = if required { "second_factor_required" } else { "second_factor_optional" };
        audit::record(&mut *tx, audit::Change::by(admin, "organisation", &admin.org_id.to_string(), action), now)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The audit entry (in the person's organisation) and the email telling the person.
pub(super) async fn record(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    actor: &Viewer,
    person: &Viewer,
    action: &'static str,
    change: FactorChange,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let person_id = person.user_id.to_string();
    let mut entry = audit::Change::by(actor, "user", &person_id, action).after(json!({ "email": person.email }));
    entry.org_id = Some(person.org_id);
    audit::record(&mut *tx, entry, now).await?;
    let account = format!("{}/account", state.config.public_url);
    let mail = Mail::SecondFactorChanged { name: person.name.clone(), change, account };
    mail::send(&mut *tx, Some(person.org_id), &person.email, mail, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_own_step_and_one_either_side_only() {
        let totp = authenticator("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "someone@example.com").unwrap();
        let now = DateTime::from_timestamp(1_800_000_015, 0).unwrap();
        let step = 1_800_000_015 / 30;
        let code_at = |step: u64| totp.generate(step * 30);
        assert_eq!(matching_step(&totp, &code_at(step), now), Some(i64::try_from(step).unwrap()));
        assert!(matching_step(&totp, &code_at(step - 1), now).is_some(), "a slow phone");
        assert!(matching_step(&totp, &code_at(step + 1), now).is_some(), "a fast phone");
        assert_eq!(matching_step(&totp, &code_at(step - 2), now), None, "a minute old");
        assert_eq!(matching_step(&totp, "12345", now), None);
    }

    #[test]
    fn the_rfc_6238_test_vector_holds() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); its last six digits.
        let secret = Secret::Raw(b"12345678901234567890".to_vec()).to_encoded().to_string();
        let totp = authenticator(&secret, "rfc@example.com").unwrap();
        assert_eq!(totp.generate(59), "287082");
    }
}
