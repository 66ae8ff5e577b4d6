//! Sign-up, sign-in, sign-out and what bad input does to them.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::roles::{OrgKind, Role};
use crate::domain::viewer::Viewer;
use crate::error::AppError;
use crate::server::db::outbox;
use crate::server::seed::{DEMO_PASSWORD, DEMO_USERS};
use axum::http::StatusCode;

async fn who_am_i(app: &TestApp, cookie: &str) -> Option<Viewer> {
    let response = app.call("who_am_i", &[], Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).expect("a viewer or null")
}

const SIGN_UP_COUNTS: &str = "SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM users)";

on_both_backends! {
    async fn every_demo_role_signs_in_and_is_seen_in_its_own_org(app: TestApp) {
        for user in &DEMO_USERS {
            // Act
            let cookie = app.sign_in(user.email, DEMO_PASSWORD).await;
            let viewer = who_am_i(&app, &cookie).await.expect("signed in");
            // Assert
            assert_eq!(viewer.role, user.role);
            assert_eq!(viewer.email, user.email);
            assert_eq!(viewer.org_kind, user.role.org_kind());
        }
    }
}

on_both_backends! {
    async fn the_session_cookie_is_http_only_and_same_site(app: TestApp) {
        let response = app.call("sign_in", &[("email", DEMO_USERS[0].email), ("password", DEMO_PASSWORD)], None).await;
        let set_cookie = response.set_cookie.expect("a session cookie");
        assert!(set_cookie.starts_with("ps_session="), "{set_cookie}");
        assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
        assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
        // Served over plain http in the tests, so not Secure (Config::secure_cookies).
        assert!(!set_cookie.contains("Secure"), "{set_cookie}");
    }
}

#[tokio::test]
async fn behind_https_the_session_cookie_is_secure() {
    let app = TestApp::spawn_with_public_url(crate::server::db::Backend::Sqlite, Some("https://portal.example")).await;
    let cleanup = app.cleanup_handle();
    let response = app.call("sign_in", &[("email", DEMO_USERS[0].email), ("password", DEMO_PASSWORD)], None).await;
    let set_cookie = response.set_cookie.expect("a session cookie");
    assert!(set_cookie.contains("Secure"), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    cleanup.run().await;
}

on_both_backends! {
    async fn a_wrong_password_and_an_unknown_user_get_the_same_clear_401(app: TestApp) {
        let wrong = app.call("sign_in", &[("email", DEMO_USERS[1].email), ("password", "not the password")], None).await;
        let unknown = app.call("sign_in", &[("email", "nobody@nowhere.example"), ("password", DEMO_PASSWORD)], None).await;
        for response in [&wrong, &unknown] {
            assert_eq!(response.status, StatusCode::UNAUTHORIZED);
            assert_eq!(response.app_error(), AppError::InvalidCredentials);
            assert!(response.set_cookie.is_none(), "no session for a failed sign-in");
        }
        assert_eq!(wrong.body, unknown.body, "the answer must not reveal which accounts exist");
    }
}

on_both_backends! {
    async fn sign_in_with_malformed_input_names_the_field_and_starts_no_session(app: TestApp) {
        let sessions_before = app.count("SELECT COUNT(*) FROM sessions").await;
        let long_password = "p".repeat(129);
        let long_email = format!("{}@contoso.example", "a".repeat(250));
        let cases: [(&str, &str, &str, &str); 5] = [
            ("", "x", "email", "Enter an email address."),
            ("not-an-email", "", "password", "Enter your password."),
            ("x' OR '1'='1@contoso.example", "x", "email", "Enter an email address like name@company.com."),
            ("global.admin@contoso.example", &long_password, "password", "Use at most 128 characters."),
            (&long_email, "x", "email", "An email address has at most 254 characters."),
        ];
        for (email, password, field, message) in cases {
            let response = app.call("sign_in", &[("email", email), ("password", password)], None).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{email:?}");
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{email:?}");
            assert!(response.set_cookie.is_none());
        }
        // HTML in a syntactically valid address is refused too, never echoed back as markup.
        let response = app.call("sign_in", &[("email", "<img src=x onerror=alert(1)>@x.example"), ("password", "x")], None).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!response.body.contains("<img"));
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, sessions_before, "no session stored");
    }
}

on_both_backends! {
    async fn sign_out_ends_the_session(app: TestApp) {
        let cookie = app.sign_in_demo(Role::BenefitAdmin).await;
        assert!(who_am_i(&app, &cookie).await.is_some());
        let response = app.call("sign_out", &[], Some(&cookie)).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        assert!(who_am_i(&app, &cookie).await.is_none(), "the old cookie no longer works");
    }
}

on_both_backends! {
    async fn a_partner_signs_up_proves_its_address_and_becomes_its_global_admin(app: TestApp) {
        let form = [
            ("org_kind", "partner"),
            ("org_name", "O'Brien & Partners"),
            ("name", "Nora O'Brien"),
            ("email", "Nora@OBrien.example"),
            ("password", "a long enough passphrase"),
        ];
        let response = app.call("sign_up", &form, None).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        assert_eq!(response.set_cookie, None, "not signed in yet");
        let audited = app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('signed_up', 'created')").await;
        assert_eq!(audited, 2, "organisation and user creation are both audited");
        // Unverified, the organisation cannot act: its admin cannot even sign in, and is
        // sent a new link instead.
        let early = app.call("sign_in", &[("email", "nora@obrien.example"), ("password", "a long enough passphrase")], None).await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        assert_eq!(early.app_error().to_string(), crate::domain::people::AccountRefusal::EmailNotVerified.to_string());
        assert_eq!(early.set_cookie, None);
        assert_eq!(app.count("SELECT COUNT(*) FROM account_tokens").await, 2, "a second link");
        // The emailed link proves it and signs in.
        let token = app.mailed_token("nora@obrien.example", "/verify-email/").await;
        let verified = app.call("verify_email", &[("token", &token)], None).await;
        assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
        let viewer = who_am_i(&app, &verified.session_cookie()).await.expect("signed in by the link");
        assert_eq!(viewer.role, Role::GlobalAdmin);
        assert_eq!(viewer.org_kind, OrgKind::Partner);
        assert_eq!(viewer.org_name, "O'Brien & Partners", "apostrophes are data, stored verbatim");
        assert_eq!(viewer.email, "nora@obrien.example");
        // A link works once; from now on the password does.
        let again = app.call("verify_email", &[("token", &token)], None).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
        app.sign_in("nora@obrien.example", "a long enough passphrase").await;
    }
}

on_both_backends! {
    async fn a_verification_link_expires(app: TestApp) {
        let form = [("org_kind", "customer"), ("org_name", "Northwind"), ("name", "Ana"), ("email", "ana@northwind.example"), ("password", "another long passphrase")];
        assert_eq!(app.call("sign_up", &form, None).await.status, StatusCode::OK);
        let token = app.mailed_token("ana@northwind.example", "/verify-email/").await;
        app.clock.advance(crate::domain::account::TokenPurpose::ConfirmEmail.lifetime() + chrono::Duration::minutes(1));
        let late = app.call("verify_email", &[("token", &token)], None).await;
        assert_eq!(late.status, StatusCode::NOT_FOUND);
        assert_eq!(late.app_error().to_string(), crate::domain::people::AccountRefusal::VerificationGone.to_string());
        for garbage in ["", "nonsense", &"f".repeat(64)] {
            assert_eq!(app.call("verify_email", &[("token", garbage)], None).await.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email_verified_at IS NOT NULL AND email = 'ana@northwind.example'").await, 0);
    }
}

on_both_backends! {
    async fn a_customer_signs_up_and_becomes_its_benefit_admin(app: TestApp) {
        let cookie = app.sign_up(&[("org_kind", "customer"), ("org_name", "Northwind"), ("name", "Ana"), ("email", "ana@northwind.example"), ("password", "another long passphrase")]).await;
        let viewer = who_am_i(&app, &cookie).await.unwrap();
        assert_eq!((viewer.role, viewer.org_kind), (Role::BenefitAdmin, OrgKind::Customer));
    }
}

on_both_backends! {
    async fn bad_sign_up_input_gets_field_messages_and_stores_nothing(app: TestApp) {
        let before = app.count(SIGN_UP_COUNTS).await;
        let long = "x".repeat(500);
        // (form, field that is wrong, the message it gets)
        type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (vec![("org_kind", "partner"), ("org_name", ""), ("name", "A"), ("email", "a@b.example"), ("password", "long enough password")], "org_name", "This field is required."),
            (vec![("org_kind", "partner"), ("org_name", "   "), ("name", "A"), ("email", "a@b.example"), ("password", "long enough password")], "org_name", "This field is required."),
            (vec![("org_kind", "partner"), ("org_name", &long), ("name", "A"), ("email", "a@b.example"), ("password", "long enough password")], "org_name", "Use at most 120 characters (this has 500)."),
            (vec![("org_kind", "partner"), ("org_name", "Acme"), ("name", "A"), ("email", "a@b"), ("password", "long enough password")], "email", "Enter an email address like name@company.com."),
            (vec![("org_kind", "partner"), ("org_name", "Acme"), ("name", "A"), ("email", "x'; DROP TABLE users;--@b.example"), ("password", "long enough password")], "email", "Enter an email address like name@company.com."),
            (vec![("org_kind", "partner"), ("org_name", "<script>alert(1)</script>"), ("name", "A"), ("email", "a@b.example"), ("password", "long enough password")], "org_name", "< and > are not allowed here."),
            (vec![("org_kind", "partner"), ("org_name", "Acme"), ("name", "Line\nbreak"), ("email", "a@b.example"), ("password", "long enough password")], "name", "Line breaks and control characters are not allowed here."),
            (vec![("org_kind", "partner"), ("org_name", "Acme"), ("name", "A"), ("email", "a@b.example"), ("password", "short")], "password", "Use at least 12 characters."),
            (vec![("org_kind", "program"), ("org_name", "Acme"), ("name", "A"), ("email", "a@b.example"), ("password", "long enough password")], "org_kind", "Choose whether you sign up as a partner or as a customer."),
        ];
        for (form, field, message) in cases {
            let response = app.call("sign_up", &form, None).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{form:?}");
            assert!(response.set_cookie.is_none());
        }
        assert_eq!(app.count(SIGN_UP_COUNTS).await, before, "nothing was stored");
    }
}

on_both_backends! {
    async fn sign_up_answers_alike_for_a_registered_address_and_tells_its_owner(app: TestApp) {
        let before = app.count(SIGN_UP_COUNTS).await;
        let form = |email: &'static str| [("org_kind", "customer"), ("org_name", "Copycat"), ("name", "Eve"), ("email", email), ("password", "long enough password")];
        let taken = app.call("sign_up", &form("GLOBAL.ADMIN@contoso.example"), None).await;
        assert_eq!(app.count(SIGN_UP_COUNTS).await, before, "nothing created for a registered address");
        let fresh = app.call("sign_up", &form("eve@copycat.example"), None).await;
        assert_eq!((taken.status, fresh.status), (StatusCode::OK, StatusCode::OK));
        assert_eq!(taken.body.replace("global.admin@contoso.example", "ADDRESS"), fresh.body.replace("eve@copycat.example", "ADDRESS"), "the same answer");
        assert_eq!((taken.set_cookie, fresh.set_cookie), (None, None));
        // The owner of the registered address hears of it by email, with no link that
        // could change anything.
        let mails = outbox::for_recipient(&app.db.pool, "global.admin@contoso.example").await.unwrap();
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].0, "already_registered");
        assert!(mails[0].2.contains("/sign-in") && !mails[0].2.contains("/verify-email/"), "{}", mails[0].2);
        // An owner who never proved their address is sent a new link instead.
        let again = app.call("sign_up", &form("eve@copycat.example"), None).await;
        assert_eq!(again.body, fresh.body);
        let links = outbox::for_recipient(&app.db.pool, "eve@copycat.example").await.unwrap();
        assert_eq!(links.iter().filter(|(kind, _, _)| kind == "email_verification").count(), 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM organisations WHERE name = 'Copycat'").await, 1, "one organisation");
    }
}

on_both_backends! {
    async fn unreadable_requests_get_400_never_500(app: TestApp) {
        let before = app.count(SIGN_UP_COUNTS).await;
        // Percent-encoded invalid UTF-8 decodes to U+FFFD, which names refuse.
        let mangled = app
            .call_raw("sign_up", b"org_kind=partner&org_name=%FF%FE&name=A&email=a%40b.example&password=long+enough+password".to_vec(), None)
            .await;
        assert_eq!(mangled.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", mangled.body);
        assert!(mangled.app_error().field_message("org_name").unwrap().contains("could not be read"));
        // Raw invalid UTF-8, a missing argument, garbage: the form cannot be read at all.
        let bodies: Vec<Vec<u8>> = vec![
            b"org_kind=partner&org_name=\xff\xfe&name=A&email=a%40b.example&password=long+enough+password".to_vec(),
            b"org_kind=partner&org_name=Acme".to_vec(),
            b"\x00\x01\x02".to_vec(),
        ];
        for body in bodies {
            let response = app.call_raw("sign_up", body.clone(), None).await;
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{:?}: {}", String::from_utf8_lossy(&body), response.body);
            assert_eq!(
                response.app_error().to_string(),
                "The form could not be read. Please check what you entered and try again."
            );
        }
        let response = app.call_raw("sign_in", b"email=%FF&password=x".to_vec(), None).await;
        assert!(response.status.is_client_error(), "{}", response.status);
        assert_eq!(app.count(SIGN_UP_COUNTS).await, before, "nothing was stored");
    }
}

on_both_backends! {
    async fn a_request_ending_after_sign_out_does_not_bring_the_session_back(app: TestApp) {
        use crate::server::db::sessions::DbSessionStore;
        use tower_sessions::session::{Id, Record};
        use tower_sessions::SessionStore;
        let store = DbSessionStore::new(app.db.clone());
        let mut record = Record {
            id: Id::default(),
            data: [("user".to_owned(), serde_json::json!("someone"))].into_iter().collect(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::days(1),
        };
        store.create(&mut record).await.unwrap();
        // Another request of the same browser loaded the session, then the person signs out.
        let loaded = store.load(&record.id).await.unwrap().expect("the session");
        store.delete(&record.id).await.unwrap();
        // That request ends and saves what it loaded (the idle expiry saves on every request).
        store.save(&loaded).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none(), "signed out stays signed out");
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);

        // A live session is still kept up to date by its saves.
        let mut live = Record { id: Id::default(), ..loaded };
        store.create(&mut live).await.unwrap();
        live.data.insert("seen".to_owned(), serde_json::json!(true));
        store.save(&live).await.unwrap();
        assert_eq!(store.load(&live.id).await.unwrap().unwrap().data.get("seen"), Some(&serde_json::json!(true)));
    }
}

on_both_backends! {
    async fn the_database_keeps_no_session_id_a_cookie_could_replay(app: TestApp) {
        let cookie = app.sign_in_demo(Role::GlobalAdmin).await;
        let id = cookie.split_once('=').expect("name=value").1.to_owned();
        let in_clear = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions WHERE id = $1 OR data LIKE $2")
            .bind(&id)
            .bind(format!("%{id}%"))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(in_clear, 0, "the cookie's id is nowhere in the sessions table");
        let hashed = crate::server::db::sessions::stored_id(&id.parse().expect("a session id"));
        let owner: Option<String> = sqlx::query_scalar("SELECT user_id FROM sessions WHERE id = $1").bind(&hashed).fetch_one(&app.db.pool).await.unwrap();
        let admin: String = sqlx::query_scalar("SELECT id FROM users WHERE email = 'global.admin@contoso.example'").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(owner, Some(admin), "the session names whom it signs in");
        assert!(who_am_i(&app, &cookie).await.is_some(), "and still signs them in");
    }
}
