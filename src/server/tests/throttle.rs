//! Abuse limits: failed sign-ins and voucher validations, per account and per address.

use super::helpers::{on_both_backends, TestApp};
use super::reservations::{customer_voucher, ADMIN_EMAIL};
use crate::domain::roles::Role;
use crate::error::AppError;
use axum::http::StatusCode;
use chrono::Duration;
use std::net::IpAddr;

const PASSWORD: &str = "planning-demo-2026";

/// Well-formed voucher codes (their checksum holds) that match nothing, as a guesser
/// would make them.
fn guesses(count: usize) -> Vec<String> {
    let mut seed = 0u8;
    (0..count)
        .map(|_| {
            crate::domain::voucher_code::VoucherCode::generate(|| {
                seed += 1;
                [seed; crate::domain::voucher_code::RANDOM_BYTES]
            })
            .to_string()
        })
        .collect()
}

on_both_backends! {
    async fn wrong_passwords_lock_the_account_for_a_while(app: TestApp) {
        let email = "mpn.admin@contoso.example";
        let office: IpAddr = "203.0.113.7".parse().unwrap();
        for _ in 0..10 {
            let response = app.call_from(office, "sign_in", &[("email", email), ("password", "guess guess guess")], None).await;
            assert_eq!(response.status, StatusCode::UNAUTHORIZED);
        }
        // The right password, from anywhere, waits too.
        let elsewhere: IpAddr = "198.51.100.1".parse().unwrap();
        let locked = app.call_from(elsewhere, "sign_in", &[("email", email), ("password", PASSWORD)], None).await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(locked.app_error(), AppError::TooManyAttempts { minutes: 15 });
        assert_eq!(locked.app_error().to_string(), "Too many attempts. Please try again in 15 minutes.");
        assert_eq!(locked.set_cookie, None, "no session");
        assert_eq!(locked.headers.get("retry-after").and_then(|value| value.to_str().ok()), Some("900"), "when to come back, in seconds");
        // Another account from the same office is not affected.
        let colleague = app.call_from(office, "sign_in", &[("email", "consultant@contoso.example"), ("password", PASSWORD)], None).await;
        assert_eq!(colleague.status, StatusCode::OK);
        // The window slides: 15 minutes after the first failure, the account may try again,
        // and a success wipes its slate.
        app.clock.advance(Duration::minutes(15));
        assert_eq!(app.call_from(elsewhere, "sign_in", &[("email", email), ("password", PASSWORD)], None).await.status, StatusCode::OK);
        for _ in 0..9 {
            app.call_from(office, "sign_in", &[("email", email), ("password", "guess guess guess")], None).await;
        }
        assert_eq!(app.call_from(office, "sign_in", &[("email", email), ("password", PASSWORD)], None).await.status, StatusCode::OK);
    }
}

on_both_backends! {
    async fn one_address_trying_many_accounts_is_stopped(app: TestApp) {
        let sprayer: IpAddr = "2001:db8::66".parse().unwrap();
        for n in 0..50 {
            let email = format!("nobody{n}@contoso.example");
            let response = app.call_from(sprayer, "sign_in", &[("email", &email), ("password", "Winter2026!")], None).await;
            assert_eq!(response.status, StatusCode::UNAUTHORIZED, "attempt {n}");
        }
        let blocked = app.call_from(sprayer, "sign_in", &[("email", "operator@program.example"), ("password", PASSWORD)], None).await;
        assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
        let other: IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(app.call_from(other, "sign_in", &[("email", "operator@program.example"), ("password", PASSWORD)], None).await.status, StatusCode::OK);
        assert_eq!(app.count("SELECT COUNT(*) FROM failed_attempts WHERE key LIKE 'sign_in:address:%'").await, 50);
    }
}

on_both_backends! {
    async fn voucher_codes_cannot_be_guessed(app: TestApp) {
        let (code, _) = customer_voucher(&app, "DDPS").await;
        let partner = app.sign_in_demo(Role::MpnAdmin).await;
        let office: IpAddr = "203.0.113.9".parse().unwrap();
        // Guesses: every miss gets the same answer...
        let guesses = guesses(10);
        for guess in &guesses {
            let response = app.call_from(office, "check_voucher", &[("code", guess), ("admin_email", ADMIN_EMAIL)], Some(&partner)).await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{guess}: {}", response.body);
            assert_eq!(response.app_error().to_string(), crate::domain::reservation::ReservationError::NoMatch.to_string());
        }
        // ... and the eleventh, even the right pair, waits.
        let right = [("code", code.as_str()), ("admin_email", ADMIN_EMAIL)];
        let locked = app.call_from(office, "check_voucher", &right, Some(&partner)).await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(!locked.body.contains("Fabrikam"), "nothing about the voucher: {}", locked.body);
        let reserve = app.call_from(office, "reserve_voucher", &[("code", &code), ("admin_email", ADMIN_EMAIL), ("engagement_type_id", ""), ("location_id", ""), ("consultants", ""), ("starts_on", ""), ("ends_on", ""), ("accept_terms", "")], Some(&partner)).await;
        assert_eq!(reserve.status, StatusCode::TOO_MANY_REQUESTS, "reserving checks the pair too");
        // Another partner admin elsewhere is not slowed down by it.
        let colleague = app.sign_in_demo(Role::GlobalAdmin).await;
        let other: IpAddr = "198.51.100.9".parse().unwrap();
        assert_eq!(app.call_from(other, "check_voucher", &right, Some(&colleague)).await.status, StatusCode::OK);
        app.clock.advance(Duration::minutes(16));
        assert_eq!(app.call_from(office, "check_voucher", &right, Some(&partner)).await.status, StatusCode::OK);
    }
}

/// Sends `count` sign-ins (or voucher checks) at once and sorts the answers.
async fn burst(
    app: &TestApp,
    count: usize,
    call: impl Fn(usize) -> (IpAddr, &'static str, Vec<(String, String)>, Option<String>),
) -> Vec<StatusCode> {
    let calls = (0..count).map(|n| {
        let (address, endpoint, form, cookie) = call(n);
        async move {
            let borrowed: Vec<(&str, &str)> =
                form.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
            app.call_from(address, endpoint, &borrowed, cookie.as_deref()).await.status
        }
    });
    futures::future::join_all(calls).await
}

on_both_backends! {
    async fn a_burst_of_wrong_passwords_gets_no_more_than_the_limit_evaluated(app: TestApp) {
        let email = "mpn.admin@contoso.example";
        // 100 at once, each from its own address: only the account's limit can stop them.
        let answers = burst(&app, 100, |n| {
            let address = IpAddr::from([198, 51, 100, u8::try_from(n).unwrap()]);
            (address, "sign_in", vec![("email".into(), email.into()), ("password".into(), format!("guess number {n}"))], None)
        }).await;
        let evaluated = answers.iter().filter(|status| **status == StatusCode::UNAUTHORIZED).count();
        let refused = answers.iter().filter(|status| **status == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!(evaluated + refused, 100, "only 401s and 429s: {answers:?}");
        assert!(evaluated <= 10, "{evaluated} wrong passwords were evaluated at once (limit 10)");
        // What the burst left unused may be tried one by one, and no more: in all, exactly
        // the limit was ever evaluated in the window.
        let office: IpAddr = "203.0.113.50".parse().unwrap();
        let mut later = 0;
        while app.call_from(office, "sign_in", &[("email", email), ("password", "one more guess")], None).await.status == StatusCode::UNAUTHORIZED {
            later += 1;
            assert!(later <= 10, "the account never locks");
        }
        assert_eq!(evaluated + later, 10, "{evaluated} in the burst, {later} after it");
        assert_eq!(app.count("SELECT COUNT(*) FROM failed_attempts WHERE key LIKE 'sign_in:account:%'").await, 10, "refused attempts leave nothing counted");
    }
}

on_both_backends! {
    async fn a_burst_of_wrong_voucher_checks_gets_no_more_than_the_limit_evaluated(app: TestApp) {
        let partner = app.sign_in_demo(Role::MpnAdmin).await;
        let guesses = guesses(40);
        let answers = burst(&app, 40, |n| {
            let address = IpAddr::from([198, 51, 100, u8::try_from(n).unwrap()]);
            let form = vec![("code".into(), guesses[n].clone()), ("admin_email".into(), ADMIN_EMAIL.into())];
            (address, "check_voucher", form, Some(partner.clone()))
        }).await;
        let evaluated = answers.iter().filter(|status| **status == StatusCode::NOT_FOUND).count();
        let refused = answers.iter().filter(|status| **status == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!(evaluated + refused, 40, "only misses and 429s: {answers:?}");
        assert!(evaluated <= 10, "{evaluated} guesses were evaluated at once (limit 10)");
    }
}
