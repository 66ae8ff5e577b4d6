//! The second factor with `REQUIRE_SECOND_FACTOR` on: setting up an authenticator, the
//! second step of signing in, recovery codes, step-up before money moves, the operator's
//! requirement, an organisation's requirement and the operator's reset.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::roles::Role;
use crate::domain::second_factor::{SignInStep, TotpSetup};
use crate::error::AppError;
use crate::server::seed;
use axum::http::StatusCode;
use chrono::Duration;

const PASSWORD: &str = seed::DEMO_PASSWORD;

/// The code an authenticator app holding `setup`'s secret shows at the app's time.
fn code_now(app: &TestApp, setup: &TotpSetup) -> String {
    let secret = setup.secret.replace(' ', "");
    let bytes = totp_rs::Secret::Encoded(secret).to_bytes().unwrap();
    let totp = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes, None, "test".into()).unwrap();
    totp.generate(u64::try_from(app.clock_now().timestamp()).unwrap())
}

/// Sets up an authenticator for the signed-in `cookie`; answers its secret and the
/// recovery codes.
async fn set_up(app: &TestApp, cookie: &str) -> (TotpSetup, Vec<String>) {
    let begun = app.call("begin_authenticator", &[], Some(cookie)).await;
    assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
    let setup: TotpSetup = serde_json::from_str(&begun.body).unwrap();
    assert!(setup.qr_svg.starts_with("<?xml") || setup.qr_svg.contains("<svg"), "a QR code drawn as SVG");
    let wrong = app.call("confirm_authenticator", &[("code", "000000")], Some(cookie)).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
    let confirmed = app.call("confirm_authenticator", &[("code", &code_now(app, &setup))], Some(cookie)).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    let codes: Vec<String> = serde_json::from_str(&confirmed.body).unwrap();
    (setup, codes)
}

/// Signs in with the password; answers the session and what comes next.
async fn password_step(app: &TestApp, email: &str) -> (String, SignInStep) {
    let response = app.call("sign_in", &[("email", email), ("password", PASSWORD)], None).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    (response.session_cookie(), serde_json::from_str(&response.body).unwrap())
}

async fn who(app: &TestApp, cookie: &str) -> serde_json::Value {
    let response = app.call("who_am_i", &[], Some(cookie)).await;
    serde_json::from_str(&response.body).unwrap()
}

fn demo_email(role: Role) -> &'static str {
    seed::DEMO_USERS.iter().find(|user| user.role == role).unwrap().email
}

/// Signs `role`'s demo user in through both steps, setting up an authenticator first.
async fn signed_in_with_factor(app: &TestApp, role: Role) -> (String, TotpSetup) {
    let cookie = app.sign_in_demo(role).await;
    let (setup, _) = set_up(app, &cookie).await;
    (cookie, setup)
}

on_both_backends! {
    async fn an_authenticator_is_set_up_and_then_asked_for_at_every_sign_in(app: TestApp) {
        let app = app.enforcing_second_factors();
        let email = demo_email(Role::GlobalAdmin);
        let (cookie, step) = password_step(&app, email).await;
        assert_eq!(step, SignInStep::Done, "no factor yet, none required of a partner admin");
        let (setup, codes) = set_up(&app, &cookie).await;
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|code| code.len() == 11 && code.as_bytes()[5] == b'-'), "{codes:?}");

        // Sealed at rest: the secret is nowhere in the database in clear.
        let stored: String = sqlx::query_scalar("SELECT secret FROM totp_factors").fetch_one(&app.db.pool).await.unwrap();
        assert!(stored.starts_with("sealed1:"), "{stored}");
        assert!(!stored.contains(&setup.secret.replace(' ', "")));
        let hashes: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes").fetch_all(&app.db.pool).await.unwrap();
        assert!(codes.iter().all(|code| hashes.iter().all(|hash| !hash.contains(&code.replace('-', "")))));
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'second_factor_added'").await, 1);
        let mails = crate::server::db::outbox::for_recipient(&app.db.pool, email).await.unwrap();
        assert!(mails.iter().any(|(kind, _, _)| kind == "second_factor_changed"), "told by email");

        // The password alone now signs in no one.
        let (pending, step) = password_step(&app, email).await;
        assert_eq!(step, SignInStep::SecondFactor);
        assert_eq!(who(&app, &pending).await, serde_json::Value::Null, "not signed in yet");
        assert_eq!(app.call("get_claims", &[], Some(&pending)).await.status, StatusCode::UNAUTHORIZED);
        // The code used to confirm the app does not work twice.
        let replay = app.call("finish_sign_in", &[("code", &code_now(&app, &setup))], Some(&pending)).await;
        assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", replay.body);
        app.clock.advance(Duration::seconds(30));
        let finished = app.call("finish_sign_in", &[("code", &code_now(&app, &setup))], Some(&pending)).await;
        assert_eq!(finished.status, StatusCode::OK, "{}", finished.body);
        let signed_in = finished.session_cookie();
        assert_ne!(signed_in, pending, "a new session id once signed in");
        assert_eq!(who(&app, &signed_in).await["email"], email);

        // A recovery code works once.
        let (pending, _) = password_step(&app, email).await;
        let recovered = app.call("finish_sign_in", &[("code", &codes[0].to_uppercase())], Some(&pending)).await;
        assert_eq!(recovered.status, StatusCode::OK, "{}", recovered.body);
        let (pending, _) = password_step(&app, email).await;
        let again = app.call("finish_sign_in", &[("code", &codes[0])], Some(&pending)).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NULL").await, 9);

        // The second step times out, and guessing is cut short (the wrong codes above
        // have left the 15-minute window by then).
        app.clock.advance(Duration::minutes(11));
        let late = app.call("finish_sign_in", &[("code", &code_now(&app, &setup))], Some(&pending)).await;
        assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
        app.clock.advance(Duration::minutes(5));
        let (pending, _) = password_step(&app, email).await;
        for guess in ["111111", "222222", "333333", "444444"] {
            assert_eq!(app.call("finish_sign_in", &[("code", guess)], Some(&pending)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let guessed = app.call("finish_sign_in", &[("code", "555555")], Some(&pending)).await;
        assert_eq!(guessed.status, StatusCode::UNPROCESSABLE_ENTITY, "the fifth is still evaluated");
        let locked = app.call("finish_sign_in", &[("code", &code_now(&app, &setup))], Some(&pending)).await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{}", locked.body);
    }
}

on_both_backends! {
    async fn a_forgotten_password_does_not_skip_the_second_step(app: TestApp) {
        let app = app.enforcing_second_factors();
        let email = demo_email(Role::GlobalAdmin);
        let (_, setup) = signed_in_with_factor(&app, Role::GlobalAdmin).await;
        let asked = app.call("request_password_reset", &[("email", email)], None).await;
        assert_eq!(asked.status, StatusCode::OK);
        let token = app.mailed_token(email, crate::domain::account::TokenPurpose::ResetPassword.path()).await;
        let reset = app.call("reset_password", &[("token", &token), ("password", "a brand new passphrase")], None).await;
        assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
        assert_eq!(serde_json::from_str::<SignInStep>(&reset.body).unwrap(), SignInStep::SecondFactor);
        let pending = reset.session_cookie();
        assert_eq!(who(&app, &pending).await, serde_json::Value::Null);
        app.clock.advance(Duration::seconds(30));
        let finished = app.call("finish_sign_in", &[("code", &code_now(&app, &setup))], Some(&pending)).await;
        assert_eq!(finished.status, StatusCode::OK, "{}", finished.body);
    }
}

on_both_backends! {
    async fn money_moves_only_within_fifteen_minutes_of_a_code(app: TestApp) {
        let app = app.enforcing_second_factors();
        let bank = [("location_id", "nowhere"), ("account_holder", ""), ("account_number", ""), ("bank_code", "")];
        let payment = [("legal_name", ""), ("tax_id", ""), ("remit_address", "")];
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        // Without an authenticator, none of it: set one up first.
        let refused = app.call("set_bank_account", &bank, Some(&admin)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(refused.app_error(), AppError::SecondFactorSetUpNeeded);
        assert_eq!(app.call("get_claims", &[], Some(&admin)).await.status, StatusCode::OK, "reading needs no code");
        let (setup, _) = set_up(&app, &admin).await;
        // Setting it up just now showed a code: the form's own rules answer.
        assert_eq!(app.call("set_bank_account", &bank, Some(&admin)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        app.clock.advance(Duration::minutes(16));
        for (endpoint, form) in [("set_bank_account", &bank[..]), ("register_for_payment", &payment[..])] {
            let stale = app.call(endpoint, form, Some(&admin)).await;
            assert_eq!(stale.status, StatusCode::FORBIDDEN, "{endpoint}");
            assert_eq!(stale.app_error(), AppError::StepUpNeeded, "{endpoint}");
        }
        let turn_off = app.call("turn_off_authenticator", &[], Some(&admin)).await;
        assert_eq!(turn_off.app_error(), AppError::StepUpNeeded, "weakening the factor needs a code too");
        assert_eq!(app.call("step_up", &[("code", "000000")], Some(&admin)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        let stepped = app.call("step_up", &[("code", &code_now(&app, &setup))], Some(&admin)).await;
        assert_eq!(stepped.status, StatusCode::OK, "{}", stepped.body);
        assert_eq!(app.call("set_bank_account", &bank, Some(&admin)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.call("register_for_payment", &payment, Some(&admin)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        // New recovery codes replace the old ones; then the factor may be turned off.
        let renewed = app.call("renew_recovery_codes", &[], Some(&admin)).await;
        assert_eq!(renewed.status, StatusCode::OK, "{}", renewed.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes").await, 10);
        assert_eq!(app.call("turn_off_authenticator", &[], Some(&admin)).await.status, StatusCode::OK);
        assert_eq!(app.count("SELECT COUNT(*) FROM totp_factors").await + app.count("SELECT COUNT(*) FROM recovery_codes").await, 0);
    }
}

on_both_backends! {
    async fn the_operator_sets_up_a_second_factor_before_anything_else(app: TestApp) {
        let app = app.enforcing_second_factors();
        let operator = app.sign_in_demo(Role::Operator).await;
        let blocked = app.call("list_all_claims", &[("status", ""), ("find", "")], Some(&operator)).await;
        assert_eq!(blocked.status, StatusCode::FORBIDDEN);
        assert_eq!(blocked.app_error(), AppError::SecondFactorSetUpNeeded);
        assert_eq!(app.call("get_account", &[], Some(&operator)).await.status, StatusCode::OK, "their own account stays open");
        let page = app.get("/review", Some(&operator)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.body.contains("/account#second-factor"), "the page says where to set it up");
        set_up(&app, &operator).await;
        assert_eq!(app.call("list_all_claims", &[("status", ""), ("find", "")], Some(&operator)).await.status, StatusCode::OK);
        let turn_off = app.call("turn_off_authenticator", &[], Some(&operator)).await;
        assert_eq!(turn_off.status, StatusCode::CONFLICT, "required of the operator: {}", turn_off.body);
    }
}

on_both_backends! {
    async fn an_admin_requires_it_of_every_member_and_the_operator_resets_a_lost_one(app: TestApp) {
        let app = app.enforcing_second_factors();
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        let consultant_email = demo_email(Role::Consultant);
        let consultant = app.sign_in_demo(Role::Consultant).await;
        assert_eq!(app.call("get_next_steps", &[], Some(&consultant)).await.status, StatusCode::OK);
        assert_eq!(app.call("require_second_factor", &[("required", "true")], Some(&admin)).await.status, StatusCode::OK);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'second_factor_required'").await, 1);
        let blocked = app.call("get_next_steps", &[], Some(&consultant)).await;
        assert_eq!(blocked.app_error(), AppError::SecondFactorSetUpNeeded, "at once, without signing in again");
        // Another organisation is not affected.
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        assert_eq!(app.call("get_next_steps", &[], Some(&customer)).await.status, StatusCode::OK);
        let (setup, _) = set_up(&app, &consultant).await;
        assert_eq!(app.call("get_next_steps", &[], Some(&consultant)).await.status, StatusCode::OK);
        app.clock.advance(Duration::seconds(30));
        let stepped = app.call("step_up", &[("code", &code_now(&app, &setup))], Some(&consultant)).await;
        assert_eq!(stepped.status, StatusCode::OK);
        let turn_off = app.call("turn_off_authenticator", &[], Some(&consultant)).await;
        assert_eq!(turn_off.status, StatusCode::CONFLICT, "required by the organisation");

        // The consultant lost their phone: the operator (with their own factor) resets it.
        let (operator, _) = signed_in_with_factor(&app, Role::Operator).await;
        assert_eq!(app.call("reset_second_factor", &[("email", consultant_email)], Some(&admin)).await.status, StatusCode::FORBIDDEN);
        let unknown = app.call("reset_second_factor", &[("email", "nobody@nowhere.example")], Some(&operator)).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        let reset = app.call("reset_second_factor", &[("email", consultant_email)], Some(&operator)).await;
        assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
        assert_eq!(who(&app, &consultant).await, serde_json::Value::Null, "signed out everywhere");
        let entry: (String, String) = sqlx::query_as(
            "SELECT a.org_id, u.org_id FROM audit_log a JOIN users u ON u.email = $1 WHERE a.action = 'second_factor_reset'",
        )
        .bind(consultant_email)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(entry.0, entry.1, "in the person's organisation's log");
        let (again, step) = password_step(&app, consultant_email).await;
        assert_eq!(step, SignInStep::Done, "the password alone, once");
        assert_eq!(app.call("get_next_steps", &[], Some(&again)).await.app_error(), AppError::SecondFactorSetUpNeeded);
    }
}
