//! Passkeys against a software authenticator that signs as a browser's would: adding
//! one, the second step and a step-up with it, signing in with it alone, and everything
//! a forged, replayed, late or someone else's answer must not achieve.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::roles::Role;
use crate::domain::second_factor::{FactorRefusal, SignInStep};
use crate::error::AppError;
use crate::server::seed;
use axum::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Duration;
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use rand::RngCore;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A passkey on a software authenticator: its key, its id and its signature counter.
struct SoftPasskey {
    key: SigningKey,
    credential_id: Vec<u8>,
    counter: u32,
}

// Flags of the authenticator data: user present, user verified, credential data attached.
const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
const ATTESTED_DATA: u8 = 0x40;

/// The few CBOR shapes WebAuthn's registration needs.
fn cbor_head(major: u8, length: usize, out: &mut Vec<u8>) {
    let major = major << 5;
    match u8::try_from(length) {
        Ok(small) if small < 24 => out.push(major | small),
        Ok(byte) => out.extend([major | 24, byte]),
        Err(_) => {
            out.push(major | 25);
            out.extend(u16::try_from(length).unwrap().to_be_bytes());
        }
    }
}

fn cbor_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    cbor_head(2, bytes.len(), out);
    out.extend(bytes);
}

fn cbor_text(text: &str, out: &mut Vec<u8>) {
    cbor_head(3, text.len(), out);
    out.extend(text.as_bytes());
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

impl SoftPasskey {
    fn new() -> Self {
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        let mut credential_id = vec![0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut credential_id);
        Self { key: SigningKey::from_slice(&secret).unwrap(), credential_id, counter: 0 }
    }

    /// The public key as COSE (EC2, ES256, P-256).
    fn cose_key(&self) -> Vec<u8> {
        let point = self.key.verifying_key().to_sec1_point(false);
        let (x, y) = point.as_bytes()[1..].split_at(32);
        let mut out = vec![0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21];
        cbor_bytes(x, &mut out);
        out.push(0x22);
        cbor_bytes(y, &mut out);
        out
    }

    fn client_data(kind: &str, options: &Value, origin: &str) -> Vec<u8> {
        let challenge = options["publicKey"]["challenge"].as_str().expect("a challenge");
        json!({ "type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false }).to_string().into_bytes()
    }

    fn authenticator_data(&self, rp_id: &str, flags: u8) -> Vec<u8> {
        let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend(self.counter.to_be_bytes());
        data
    }

    /// Answers creation `options` as `navigator.credentials.create` would (`toJSON`).
    fn create(&mut self, options: &Value, origin: &str) -> String {
        let rp_id = options["publicKey"]["rp"]["id"].as_str().expect("a relying party");
        let mut data = self.authenticator_data(rp_id, USER_PRESENT | USER_VERIFIED | ATTESTED_DATA);
        data.extend([0u8; 16]);
        data.extend(u16::try_from(self.credential_id.len()).unwrap().to_be_bytes());
        data.extend(&self.credential_id);
        data.extend(self.cose_key());
        let mut attestation = vec![0xa3];
        cbor_text("fmt", &mut attestation);
        cbor_text("none", &mut attestation);
        cbor_text("attStmt", &mut attestation);
        attestation.push(0xa0);
        cbor_text("authData", &mut attestation);
        cbor_bytes(&data, &mut attestation);
        json!({
            "id": b64(&self.credential_id),
            "rawId": b64(&self.credential_id),
            "type": "public-key",
            "response": {
                "attestationObject": b64(&attestation),
                "clientDataJSON": b64(&Self::client_data("webauthn.create", options, origin)),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        })
        .to_string()
    }

    /// Answers request `options` as `navigator.credentials.get` would, for `user_handle`.
    fn get(&mut self, options: &Value, origin: &str, user_handle: &[u8]) -> String {
        self.counter += 1;
        let rp_id = options["publicKey"]["rpId"].as_str().expect("a relying party id");
        let data = self.authenticator_data(rp_id, USER_PRESENT | USER_VERIFIED);
        let client_data = Self::client_data("webauthn.get", options, origin);
        let mut signed = data.clone();
        signed.extend(Sha256::digest(&client_data));
        let signature: Signature = self.key.sign(&signed);
        json!({
            "id": b64(&self.credential_id),
            "rawId": b64(&self.credential_id),
            "type": "public-key",
            "response": {
                "authenticatorData": b64(&data),
                "clientDataJSON": b64(&client_data),
                "signature": b64(signature.to_der().as_bytes()),
                "userHandle": b64(user_handle),
            },
            "clientExtensionResults": {},
        })
        .to_string()
    }
}

fn demo(role: Role) -> &'static seed::DemoUser {
    seed::DEMO_USERS.iter().find(|user| user.role == role).unwrap()
}

async fn user_handle(app: &TestApp, email: &str) -> Vec<u8> {
    let id: String =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.db.pool).await.unwrap();
    uuid::Uuid::parse_str(&id).unwrap().as_bytes().to_vec()
}

fn origin(app: &TestApp) -> String {
    app.state.config.public_url.clone()
}

fn options(body: &str) -> Value {
    let text: String = serde_json::from_str(body).expect("the options as a JSON string");
    serde_json::from_str(&text).expect("WebAuthn options")
}

fn refusal(response: &super::helpers::TestResponse) -> String {
    match response.app_error() {
        AppError::Conflict(message) | AppError::NotFound(message) => message,
        other => panic!("expected a refusal, got {other:?}: {}", response.body),
    }
}

/// Adds a passkey for the signed-in `cookie`; answers the recovery codes it came with.
async fn add(app: &TestApp, cookie: &str, passkey: &mut SoftPasskey, name: &str) -> Vec<String> {
    let begun = app.call("begin_passkey", &[("current_password", seed::DEMO_PASSWORD)], Some(cookie)).await;
    assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
    let asked = options(&begun.body);
    assert_eq!(asked["publicKey"]["authenticatorSelection"]["residentKey"], "required", "a discoverable passkey");
    assert_eq!(asked["publicKey"]["authenticatorSelection"]["userVerification"], "required");
    let credential = passkey.create(&asked, &origin(app));
    let added = app.call("add_passkey", &[("name", name), ("credential", &credential)], Some(cookie)).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    serde_json::from_str(&added.body).unwrap()
}

/// Signs in with the passkey alone (no cookie to start with); answers the session.
async fn passwordless(app: &TestApp, passkey: &mut SoftPasskey, handle: &[u8]) -> super::helpers::TestResponse {
    let begun = app.call("begin_passkey_sign_in", &[("second_step", "false")], None).await;
    assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
    let cookie = begun.session_cookie();
    let asked = options(&begun.body);
    assert!(asked["publicKey"]["allowCredentials"].as_array().is_none_or(Vec::is_empty), "any passkey of the portal");
    let credential = passkey.get(&asked, &origin(app), handle);
    let mut finished = app.call("finish_passkey_sign_in", &[("credential", &credential)], Some(&cookie)).await;
    if finished.set_cookie.is_none() {
        finished.set_cookie = Some(cookie);
    }
    finished
}

/// When the session of `cookie` (`name=id`) expires, as stored (milliseconds).
async fn session_expiry(app: &TestApp, cookie: &str) -> i64 {
    let id = cookie.split_once('=').expect("name=value").1;
    let stored = crate::server::db::sessions::stored_id(&id.parse().expect("a session id"));
    sqlx::query_scalar("SELECT expires_at FROM sessions WHERE id = $1")
        .bind(stored)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn who(app: &TestApp, cookie: &str) -> Value {
    serde_json::from_str(&app.call("who_am_i", &[], Some(cookie)).await.body).unwrap()
}

on_both_backends! {
    async fn a_passkey_is_added_and_then_signs_in_alone_and_as_the_second_step(app: TestApp) {
        let app = app.enforcing_second_factors();
        let admin = demo(Role::GlobalAdmin);
        let cookie = app.sign_in_demo(Role::GlobalAdmin).await;
        let mut passkey = SoftPasskey::new();
        let codes = add(&app, &cookie, &mut passkey, "  Work   laptop ").await;
        assert_eq!(codes.len(), 10, "the first second factor comes with recovery codes");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'passkey_added'").await, 1);
        let mails = crate::server::db::outbox::for_recipient(&app.db.pool, admin.email).await.unwrap();
        assert!(mails.iter().any(|(kind, _, _)| kind == "second_factor_changed"), "told by email");
        let account: Value = serde_json::from_str(&app.call("get_account", &[], Some(&cookie)).await.body).unwrap();
        let listed = &account["second_factor"]["passkeys"];
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["name"], "Work laptop", "the name tidied");
        assert_eq!(account["second_factor"]["state"]["enrolled"], true);

        // The password alone no longer signs in: the passkey is the second step.
        let step = app.call("sign_in", &[("email", admin.email), ("password", seed::DEMO_PASSWORD)], None).await;
        assert_eq!(serde_json::from_str::<SignInStep>(&step.body).unwrap(), SignInStep::SecondFactor);
        let pending = step.session_cookie();
        let begun = app.call("begin_passkey_sign_in", &[("second_step", "true")], Some(&pending)).await;
        let asked = options(&begun.body);
        let allowed = asked["publicKey"]["allowCredentials"].as_array().unwrap();
        assert_eq!(allowed.len(), 1, "only this person's passkeys are asked for");
        let handle = user_handle(&app, admin.email).await;
        let answer = passkey.get(&asked, &origin(&app), &handle);
        let finished = app.call("finish_passkey_sign_in", &[("credential", &answer)], Some(&pending)).await;
        assert_eq!(finished.status, StatusCode::OK, "{}", finished.body);
        let signed_in = finished.set_cookie.as_ref().map_or(pending.clone(), |_| finished.session_cookie());
        assert_eq!(who(&app, &signed_in).await["email"], admin.email);

        // The same answer again is refused: each challenge works once.
        let replayed = app.call("finish_passkey_sign_in", &[("credential", &answer)], Some(&signed_in)).await;
        assert_eq!(replayed.status, StatusCode::CONFLICT, "{}", replayed.body);

        // With the passkey alone, no password: signed in, and the factor counts as shown.
        let alone = passwordless(&app, &mut passkey, &handle).await;
        assert_eq!(alone.status, StatusCode::OK, "{}", alone.body);
        let session = alone.session_cookie();
        assert_eq!(who(&app, &session).await["email"], admin.email);
        let bank = app.call("set_bank_account", &[("location_id", "x")], Some(&session)).await;
        assert_ne!(bank.app_error(), AppError::StepUpNeeded, "a passkey is a second factor shown");
        let used: Option<i64> = sqlx::query_scalar("SELECT last_used_at FROM passkeys").fetch_one(&app.db.pool).await.unwrap();
        assert!(used.is_some(), "when it was last used is kept");
        let stored: String = sqlx::query_scalar("SELECT passkey FROM passkeys").fetch_one(&app.db.pool).await.unwrap();
        assert!(stored.contains("\"counter\":2"), "the signature counter is kept: {stored}");
    }
}

on_both_backends! {
    async fn a_passkey_confirms_a_step_up_and_a_second_one_needs_a_recent_factor(app: TestApp) {
        let cookie = app.sign_in_demo(Role::GlobalAdmin).await;
        let handle = user_handle(&app, demo(Role::GlobalAdmin).email).await;
        let mut first = SoftPasskey::new();
        add(&app, &cookie, &mut first, "Laptop").await;
        app.clock.advance(Duration::minutes(16));
        assert_eq!(app.call("begin_passkey", &[("current_password", seed::DEMO_PASSWORD)], Some(&cookie)).await.app_error(), AppError::StepUpNeeded, "a stolen session adds no passkey");
        assert_eq!(app.call("remove_passkey", &[("passkey", "x")], Some(&cookie)).await.app_error(), AppError::StepUpNeeded);

        let begun = app.call("begin_passkey_step_up", &[], Some(&cookie)).await;
        assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
        let answer = first.get(&options(&begun.body), &origin(&app), &handle);
        let stepped = app.call("step_up_with_passkey", &[("credential", &answer)], Some(&cookie)).await;
        assert_eq!(stepped.status, StatusCode::OK, "{}", stepped.body);

        let mut second = SoftPasskey::new();
        let codes = add(&app, &cookie, &mut second, "Phone").await;
        assert!(codes.is_empty(), "the recovery codes they have stay theirs");
        assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NULL").await, 10);

        // The same authenticator cannot register a second time, on this account or another.
        let begun = app.call("begin_passkey", &[("current_password", seed::DEMO_PASSWORD)], Some(&cookie)).await;
        let asked = options(&begun.body);
        assert_eq!(asked["publicKey"]["excludeCredentials"].as_array().unwrap().len(), 2, "the browser is told which it has");
        let again = first.create(&asked, &origin(&app));
        let refused = app.call("add_passkey", &[("name", "Again"), ("credential", &again)], Some(&cookie)).await;
        assert_eq!(refusal(&refused), FactorRefusal::PasskeyAlreadyRegistered.to_string());
        let consultant = app.sign_in_demo(Role::Consultant).await;
        let begun = app.call("begin_passkey", &[("current_password", seed::DEMO_PASSWORD)], Some(&consultant)).await;
        let theirs = first.create(&options(&begun.body), &origin(&app));
        let refused = app.call("add_passkey", &[("name", "Borrowed"), ("credential", &theirs)], Some(&consultant)).await;
        assert_eq!(refusal(&refused), FactorRefusal::PasskeyAlreadyRegistered.to_string(), "one passkey, one account");
        assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 2);

        // Removing one leaves the other (and the codes); removing the last ends the second step.
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM passkeys ORDER BY created_at, id").fetch_all(&app.db.pool).await.unwrap();
        for id in &ids {
            let removed = app.call("remove_passkey", &[("passkey", id)], Some(&cookie)).await;
            assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes").await, 0, "no factor left, no codes");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'passkey_removed'").await, 2);
        let gone = app.call("remove_passkey", &[("passkey", &ids[0])], Some(&cookie)).await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
    }
}

on_both_backends! {
    async fn forged_late_and_borrowed_passkey_answers_sign_no_one_in(app: TestApp) {
        let cookie = app.sign_in_demo(Role::GlobalAdmin).await;
        let owner = user_handle(&app, demo(Role::GlobalAdmin).email).await;
        let other = user_handle(&app, demo(Role::Consultant).email).await;
        let mut passkey = SoftPasskey::new();
        add(&app, &cookie, &mut passkey, "Laptop").await;

        // Someone else's user handle on this passkey: not theirs, refused.
        let borrowed = passwordless(&app, &mut passkey, &other).await;
        assert_eq!(refusal(&borrowed), FactorRefusal::PasskeyNotAccepted.to_string());
        // A key that never registered, with the owner's handle and this credential's id.
        let mut forger = SoftPasskey::new();
        forger.credential_id = passkey.credential_id.clone();
        let forged = passwordless(&app, &mut forger, &owner).await;
        assert_eq!(refusal(&forged), FactorRefusal::PasskeyNotAccepted.to_string());
        // An answer with no challenge waiting, and one that came too late.
        let unasked = app.call("finish_passkey_sign_in", &[("credential", "{}")], None).await;
        assert_eq!(refusal(&unasked), FactorRefusal::PasskeyStartAgain.to_string());
        let begun = app.call("begin_passkey_sign_in", &[("second_step", "false")], None).await;
        let session = begun.session_cookie();
        app.clock.advance(Duration::minutes(6));
        let late = passkey.get(&options(&begun.body), &origin(&app), &owner);
        let refused = app.call("finish_passkey_sign_in", &[("credential", &late)], Some(&session)).await;
        assert_eq!(refusal(&refused), FactorRefusal::PasskeyStartAgain.to_string());
        // A cloned authenticator (its counter behind the stored one) is refused.
        assert_eq!(passwordless(&app, &mut passkey, &owner).await.status, StatusCode::OK);
        passkey.counter = 0;
        let cloned = passwordless(&app, &mut passkey, &owner).await;
        assert_eq!(refusal(&cloned), FactorRefusal::PasskeyNotAccepted.to_string());
        // Garbage of any size is a refusal, never a 500.
        for junk in ["", "null", "[]", "{\"id\":1}", &"x".repeat(200_000)] {
            let begun = app.call("begin_passkey_sign_in", &[("second_step", "false")], None).await;
            let answer = app.call("finish_passkey_sign_in", &[("credential", junk)], Some(&begun.session_cookie())).await;
            assert!(answer.status.is_client_error(), "{junk:.20}: {} {}", answer.status, answer.body);
        }
        // A disabled person's passkey opens nothing.
        sqlx::query("UPDATE users SET disabled_at = 1 WHERE email = $1").bind(demo(Role::GlobalAdmin).email).execute(&app.db.pool).await.unwrap();
        let disabled = passwordless(&app, &mut passkey, &owner).await;
        assert_eq!(refusal(&disabled), FactorRefusal::PasskeyNotAccepted.to_string());
        assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 1, "nothing stored by any of it");
    }
}

on_both_backends! {
    async fn the_operator_reset_clears_passkeys_and_a_required_last_factor_stays(app: TestApp) {
        let app = app.enforcing_second_factors();
        let mut passkey = SoftPasskey::new();
        let cookie = app.sign_in_demo(Role::Operator).await;
        add(&app, &cookie, &mut passkey, "Operator key").await;
        let id: String = sqlx::query_scalar("SELECT id FROM passkeys").fetch_one(&app.db.pool).await.unwrap();
        let kept = app.call("remove_passkey", &[("passkey", &id)], Some(&cookie)).await;
        assert_eq!(refusal(&kept), FactorRefusal::Required.to_string(), "the operator keeps a second factor");
        assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 1);

        let partner = app.sign_in_demo(Role::GlobalAdmin).await;
        add(&app, &partner, &mut SoftPasskey::new(), "Partner key").await;
        let reset = app.call("reset_second_factor", &[("email", demo(Role::GlobalAdmin).email)], Some(&cookie)).await;
        assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 1, "only the operator's own is left");
        assert_eq!(who(&app, &partner).await, Value::Null, "signed out everywhere");
    }
}

on_both_backends! {
    async fn adding_a_passkey_asks_for_the_password_and_stops_at_ten(app: TestApp) {
        let cookie = app.sign_in_demo(Role::MpnAdmin).await;
        // A stolen session alone cannot add a way in that outlives a password change.
        let wrong = app.call("begin_passkey", &[("current_password", "not the password")], Some(&cookie)).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
        assert!(wrong.app_error().field_message("current_password").is_some());
        let unasked = app.call("add_passkey", &[("name", "x"), ("credential", "{}")], Some(&cookie)).await;
        assert_eq!(refusal(&unasked), FactorRefusal::PasskeyStartAgain.to_string(), "no ceremony was started");
        // A name the page would show wrongly (or PostgreSQL refuse) is a field error.
        let begun = app.call("begin_passkey", &[("current_password", seed::DEMO_PASSWORD)], Some(&cookie)).await;
        let mut passkey = SoftPasskey::new();
        let answer = passkey.create(&options(&begun.body), &origin(&app));
        let named = app.call("add_passkey", &[("name", "Lap\0top"), ("credential", &answer)], Some(&cookie)).await;
        assert_eq!(named.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", named.body);
        assert!(named.app_error().field_message("name").is_some());

        for n in 0..10 {
            add(&app, &cookie, &mut SoftPasskey::new(), &format!("Key {n}")).await;
        }
        let eleventh = app.call("begin_passkey", &[("current_password", seed::DEMO_PASSWORD)], Some(&cookie)).await;
        assert_eq!(refusal(&eleventh), FactorRefusal::TooManyPasskeys.to_string());
        assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 10);
    }
}

on_both_backends! {
    async fn a_visitor_s_passkey_attempts_neither_keep_sessions_nor_lock_the_owner_out(app: TestApp) {
        let cookie = app.sign_in_demo(Role::GlobalAdmin).await;
        let owner = user_handle(&app, demo(Role::GlobalAdmin).email).await;
        let mut passkey = SoftPasskey::new();
        add(&app, &cookie, &mut passkey, "Laptop").await;

        // The session a visitor's ceremony needs ends with the ceremony.
        let begun = app.call("begin_passkey_sign_in", &[("second_step", "false")], None).await;
        let expires = session_expiry(&app, &begun.session_cookie()).await;
        let in_ten_minutes = (time::OffsetDateTime::now_utc() + time::Duration::minutes(10)).unix_timestamp() * 1000;
        assert!(expires < in_ten_minutes, "a visitor's ceremony session lasts minutes, not a week");

        // Answers naming the owner with a credential that is not theirs count against no one.
        for _ in 0..12 {
            let mut stranger = SoftPasskey::new();
            assert_eq!(passwordless(&app, &mut stranger, &owner).await.status, StatusCode::CONFLICT);
        }
        let alone = passwordless(&app, &mut passkey, &owner).await;
        assert_eq!(alone.status, StatusCode::OK, "the owner still signs in: {}", alone.body);
        let expires = session_expiry(&app, &alone.session_cookie()).await;
        let in_six_days = (time::OffsetDateTime::now_utc() + time::Duration::days(6)).unix_timestamp() * 1000;
        assert!(expires > in_six_days, "signed in, the session lasts the usual week");

        // The second step's passkey needs a password step first.
        let second = app.call("begin_passkey_sign_in", &[("second_step", "true")], None).await;
        assert_eq!(refusal(&second), FactorRefusal::SignInAgain.to_string());
    }
}
