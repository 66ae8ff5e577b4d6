//! Forgotten and changed passwords, and one's own sessions.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::account::{AccountView, TokenPurpose};
use crate::domain::people::AccountRefusal;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::server::db::outbox;
use crate::server::seed::DEMO_PASSWORD;
use axum::http::StatusCode;
use std::net::IpAddr;

const EMAIL: &str = "mpn.admin@contoso.example";

async fn account(app: &TestApp, cookie: &str) -> AccountView {
    let response = app.call("get_account", &[], Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

async fn signed_in(app: &TestApp, cookie: &str) -> bool {
    app.call("who_am_i", &[], Some(cookie)).await.body != "null"
}

on_both_backends! {
    async fn a_forgotten_password_is_replaced_through_a_single_use_link(app: TestApp) {
        let elsewhere = app.sign_in(EMAIL, DEMO_PASSWORD).await;
        let known = app.call("request_password_reset", &[("email", "MPN.Admin@contoso.example")], None).await;
        let unknown = app.call("request_password_reset", &[("email", "nobody@contoso.example")], None).await;
        assert_eq!((known.status, unknown.status), (StatusCode::OK, StatusCode::OK));
        assert_eq!(known.body.replace(EMAIL, "ADDRESS"), unknown.body.replace("nobody@contoso.example", "ADDRESS"), "the same answer");
        assert!(outbox::for_recipient(&app.db.pool, "nobody@contoso.example").await.unwrap().is_empty());
        let token = app.mailed_token(EMAIL, TokenPurpose::ResetPassword.path()).await;
        // A short password is refused on its field, and the link is still good.
        let short = app.call("reset_password", &[("token", &token), ("password", "short")], None).await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.app_error().field_message("password").is_some());
        let reset = app.call("reset_password", &[("token", &token), ("password", "a brand new passphrase")], None).await;
        assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
        assert!(signed_in(&app, &reset.session_cookie()).await, "signed in by the reset");
        assert!(!signed_in(&app, &elsewhere).await, "every other session ended");
        // Once only; the old password no longer works, the new one does.
        let again = app.call("reset_password", &[("token", &token), ("password", "someone else's choice")], None).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
        assert_eq!(again.app_error().to_string(), AccountRefusal::ResetLinkGone.to_string());
        assert_eq!(app.call("sign_in", &[("email", EMAIL), ("password", DEMO_PASSWORD)], None).await.status, StatusCode::UNAUTHORIZED);
        app.sign_in(EMAIL, "a brand new passphrase").await;
        let mails = outbox::for_recipient(&app.db.pool, EMAIL).await.unwrap();
        assert!(mails.iter().any(|(kind, _, _)| kind == "password_changed"), "told by email");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'password_reset'").await, 1);
    }
}

on_both_backends! {
    async fn a_password_link_expires_after_an_hour(app: TestApp) {
        assert_eq!(app.call("request_password_reset", &[("email", EMAIL)], None).await.status, StatusCode::OK);
        let token = app.mailed_token(EMAIL, TokenPurpose::ResetPassword.path()).await;
        app.clock.advance(TokenPurpose::ResetPassword.lifetime() + chrono::Duration::seconds(1));
        let late = app.call("reset_password", &[("token", &token), ("password", "a brand new passphrase")], None).await;
        assert_eq!(late.status, StatusCode::NOT_FOUND);
        // A confirmation link is no password link.
        for token in ["", "nonsense", &"0".repeat(64)] {
            assert_eq!(app.call("reset_password", &[("token", token), ("password", "a brand new passphrase")], None).await.status, StatusCode::NOT_FOUND);
        }
        app.sign_in(EMAIL, DEMO_PASSWORD).await;
    }
}

on_both_backends! {
    async fn password_links_are_throttled_per_account_and_address(app: TestApp) {
        let office: IpAddr = "203.0.113.20".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(app.call_from(office, "request_password_reset", &[("email", EMAIL)], None).await.status, StatusCode::OK);
        }
        let fourth = app.call_from(office, "request_password_reset", &[("email", EMAIL)], None).await;
        assert_eq!(fourth.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(matches!(fourth.app_error(), AppError::TooManyAttempts { .. }));
        let sent = outbox::for_recipient(&app.db.pool, EMAIL).await.unwrap();
        assert_eq!(sent.iter().filter(|(kind, _, _)| kind == "password_reset").count(), 3, "no more emails than allowed");
        // Unknown addresses count too, so an address cannot spray requests.
        let sprayer: IpAddr = "203.0.113.21".parse().unwrap();
        for n in 0..30 {
            let email = format!("nobody{n}@contoso.example");
            assert_eq!(app.call_from(sprayer, "request_password_reset", &[("email", &email)], None).await.status, StatusCode::OK);
        }
        assert_eq!(app.call_from(sprayer, "request_password_reset", &[("email", "global.admin@contoso.example")], None).await.status, StatusCode::TOO_MANY_REQUESTS);
    }
}

on_both_backends! {
    async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(app: TestApp) {
        let here = app.sign_in(EMAIL, DEMO_PASSWORD).await;
        let there = app.sign_in(EMAIL, DEMO_PASSWORD).await;
        let wrong = app.call("change_password", &[("current_password", "not my password"), ("new_password", "a brand new passphrase")], Some(&here)).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(wrong.app_error().field_message("current_password"), Some(AccountRefusal::WrongCurrentPassword.to_string()));
        let weak = app.call("change_password", &[("current_password", DEMO_PASSWORD), ("new_password", "short")], Some(&here)).await;
        assert!(weak.app_error().field_message("new_password").is_some());
        assert!(signed_in(&app, &there).await, "nothing changed yet");
        let changed = app.call("change_password", &[("current_password", DEMO_PASSWORD), ("new_password", "a brand new passphrase")], Some(&here)).await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
        assert!(signed_in(&app, &here).await, "this browser stays signed in");
        assert!(!signed_in(&app, &there).await, "the other is signed out");
        app.sign_in(EMAIL, "a brand new passphrase").await;
    }
}

on_both_backends! {
    async fn people_see_and_end_their_own_sessions_only(app: TestApp) {
        let here = app.sign_in(EMAIL, DEMO_PASSWORD).await;
        let there = app.sign_in(EMAIL, DEMO_PASSWORD).await;
        let colleague = app.sign_in_demo(Role::GlobalAdmin).await;
        let mine = account(&app, &here).await;
        assert_eq!(mine.sessions.len(), 2);
        assert_eq!(mine.sessions.iter().filter(|session| session.current).count(), 1);
        let other = mine.sessions.iter().find(|session| !session.current).unwrap().handle.clone();
        // A colleague cannot end it (it is not theirs), nor see it.
        assert!(account(&app, &colleague).await.sessions.iter().all(|session| session.handle != other));
        let foreign = app.call("end_session", &[("handle", &other)], Some(&colleague)).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);
        assert!(signed_in(&app, &there).await);
        assert_eq!(app.call("end_session", &[("handle", &other)], Some(&here)).await.status, StatusCode::OK);
        assert!(!signed_in(&app, &there).await);
        // Everywhere else: the rest go, this one stays.
        let third = app.sign_in(EMAIL, DEMO_PASSWORD).await;
        assert_eq!(app.call("end_other_sessions", &[], Some(&here)).await.body, "1");
        assert!(!signed_in(&app, &third).await && signed_in(&app, &here).await);
        assert!(signed_in(&app, &colleague).await, "a colleague's sessions are not touched");
        // A new name shows at once, and is audited.
        assert_eq!(app.call("rename_self", &[("name", "Marta M. Admin")], Some(&here)).await.status, StatusCode::OK);
        assert_eq!(account(&app, &here).await.name, "Marta M. Admin");
        assert_eq!(app.call("rename_self", &[("name", "")], Some(&here)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'renamed'").await, 1);
    }
}
