//! The portal in English and Spanish: picked from the browser, switched by the person,
//! remembered on their account.

use super::helpers::{on_both_backends, TestApp};
use super::reservations::ok;
use super::vouchers::{active_agreement, create, form, offering_id, PM_EMAIL};
use crate::domain::roles::Role;
use crate::server::db::outbox;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

async fn page_with_language(app: &TestApp, path: &str, accept_language: &str, cookie: Option<&str>) -> String {
    let mut request =
        Request::get(path).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, accept_language);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app.send(request.body(Body::empty()).unwrap()).await;
    assert_eq!(response.status, StatusCode::OK, "{path}");
    response.body
}

on_both_backends! {
    async fn the_browser_language_picks_the_page_language(app: TestApp) {
        let spanish = page_with_language(&app, "/sign-in", "es-ES,es;q=0.9,en;q=0.5", None).await;
        assert!(spanish.contains(r#"<html lang="es""#), "{spanish}");
        assert!(spanish.contains("Iniciar sesión"));
        assert!(spanish.contains("Contraseña"));
        let english = page_with_language(&app, "/sign-in", "en-GB,en;q=0.9", None).await;
        assert!(english.contains(r#"<html lang="en""#));
        assert!(english.contains("Password"));
        let other = page_with_language(&app, "/sign-in", "fr-FR,fr;q=0.9", None).await;
        assert!(other.contains(r#"<html lang="en""#), "a language we lack falls back to English");
    }
}

on_both_backends! {
    async fn a_chosen_language_is_remembered_on_the_account(app: TestApp) {
        let cookie = app.sign_in_demo(Role::BenefitAdmin).await;
        let chosen = app.call("choose_language", &[("language", "es")], Some(&cookie)).await;
        assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
        let set_cookie = chosen.set_cookie.expect("the language cookie");
        assert!(set_cookie.starts_with("i18n_pref_locale=es;"), "{set_cookie}");
        assert!(set_cookie.contains("Path=/"), "{set_cookie}");
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'benefit.admin@fabrikam.example' AND language = 'es'").await, 1);

        // Another browser, which speaks English: signing in brings the Spanish back.
        let signed_in = app
            .call("sign_in", &[("email", "benefit.admin@fabrikam.example"), ("password", crate::server::seed::DEMO_PASSWORD)], None)
            .await;
        assert_eq!(signed_in.status, StatusCode::OK);
        let cookies: Vec<String> = signed_in
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .map(|value| value.split(';').next().unwrap_or_default().to_owned())
            .collect();
        assert!(cookies.iter().any(|cookie| cookie == "i18n_pref_locale=es"), "{cookies:?}");
        let both = cookies.join("; ");
        let dashboard = page_with_language(&app, "/dashboard", "en", Some(&both)).await;
        assert!(dashboard.contains(r#"<html lang="es""#));
        assert!(dashboard.replace("<!>", "").contains("Le damos la bienvenida, Beatriz Benefit"), "{dashboard}");
        assert!(dashboard.contains("Administrador de beneficios"));
    }
}

on_both_backends! {
    async fn someone_signed_out_can_switch_too_and_nothing_is_stored(app: TestApp) {
        let chosen = app.call("choose_language", &[("language", "es")], None).await;
        assert_eq!(chosen.status, StatusCode::OK);
        assert!(chosen.set_cookie.expect("cookie").starts_with("i18n_pref_locale=es;"));
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE language IS NOT NULL").await, 0);
    }
}

on_both_backends! {
    async fn a_language_we_do_not_offer_is_refused_and_changes_nothing(app: TestApp) {
        let cookie = app.sign_in_demo(Role::Consultant).await;
        for bad in ["fr", "", "es; Path=/admin", "español"] {
            let refused = app.call("choose_language", &[("language", bad)], Some(&cookie)).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {}", refused.body);
            let message = refused.app_error().field_message("language");
            assert_eq!(message.as_deref(), Some("The portal is written in English (en) and Spanish (es)."), "{bad:?}");
            assert!(refused.set_cookie.is_none(), "{bad:?}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE language IS NOT NULL").await, 0);
    }
}

on_both_backends! {
    async fn what_the_server_writes_reads_in_the_request_language(app: TestApp) {
        use crate::domain::reservation::ReservationError;
        use crate::locale::{messages, Locale};
        let partner = app.sign_in_demo(Role::MpnAdmin).await;
        // A well-formed code nobody holds.
        let code = crate::domain::voucher_code::VoucherCode::generate(|| [7u8; 12]).to_string();
        let form = [("code", code.as_str()), ("admin_email", "someone@fabrikam.example")];

        let spanish = app.call("check_voucher", &form, Some(&format!("{partner}; i18n_pref_locale=es"))).await;
        assert_eq!(spanish.status, StatusCode::NOT_FOUND, "{}", spanish.body);
        assert_eq!(spanish.app_error().to_string(), messages::reservation(Locale::es, &ReservationError::NoMatch));

        // No cookie: the browser's languages decide.
        let body = format!("code={code}&admin_email=someone%40fabrikam.example");
        let request = Request::post("/api/check_voucher")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &partner)
            .header(header::ACCEPT_LANGUAGE, "es-MX,es;q=0.9")
            .body(Body::from(body))
            .unwrap();
        let from_browser = app.send(request).await;
        assert_eq!(from_browser.app_error().to_string(), messages::reservation(Locale::es, &ReservationError::NoMatch));

        let english = app.call("check_voucher", &form, Some(&partner)).await;
        assert_eq!(english.app_error().to_string(), messages::reservation(Locale::en, &ReservationError::NoMatch));
        assert_ne!(english.app_error().to_string(), spanish.app_error().to_string());
    }
}

on_both_backends! {
    async fn the_server_s_refusals_with_dates_and_statuses_read_in_spanish(app: TestApp) {
        let spanish = |cookie: &str| format!("{cookie}; i18n_pref_locale=es");
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let unknown = app.call("voucher_detail", &[("id", &uuid::Uuid::new_v4().to_string())], Some(&spanish(&customer))).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(unknown.app_error().to_string(), "No existe ese vale entre los suyos.");

        // An agreement that ended: its date in the Spanish way.
        let form = [("licensing_id", "ENDING-2"), ("qualifying_licenses", "600"), ("ends_on", "2026-02-01")];
        let registered = app.call("register_agreement", &form, Some(&customer)).await;
        assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
        app.clock.advance(chrono::Duration::days(40));
        let agreements: Vec<crate::domain::agreement::LicensingAgreement> =
            serde_json::from_str(&app.call("list_agreements", &[], Some(&customer)).await.body).unwrap();
        let ending = agreements.iter().find(|agreement| agreement.licensing_id == "ENDING-2").unwrap();
        let ended = app.call("activate_benefit", &[("agreement_id", &ending.id.to_string())], Some(&spanish(&customer))).await;
        assert_eq!(ended.status, StatusCode::CONFLICT);
        assert_eq!(ended.app_error().to_string(), "El contrato ENDING-2 terminó el 1 feb 2026.");

        // A person cannot disable themself; the refusal reads in the request's language.
        let partner = app.sign_in_demo(Role::GlobalAdmin).await;
        let own_id: String = sqlx::query_scalar("SELECT id FROM users WHERE email = 'global.admin@contoso.example'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let own = app.call("set_user_access", &[("user_id", &own_id), ("active", "false")], Some(&spanish(&partner))).await;
        assert_eq!(own.status, StatusCode::CONFLICT, "{}", own.body);
        assert_eq!(own.app_error().to_string(), "No puede desactivar su propia cuenta.");
    }
}

on_both_backends! {
    async fn emails_are_written_in_the_recipient_s_language(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000077", "2500", "2028-06-30").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        // The project manager never chose a language: English, whatever the sender reads.
        let spanish_admin = format!("{admin}; i18n_pref_locale=es");
        create(&app, &spanish_admin, &form(&agreement_id, &ddps, "1", "")).await;
        let mail = outbox::for_recipient(&app.db.pool, PM_EMAIL).await.unwrap();
        assert_eq!(mail[0].1, "Planning Services voucher for 1 day of Desktop Deployment Planning");

        // Once they choose Spanish, their emails are in Spanish; the admin works in English.
        let pm = app.sign_in_demo(Role::ProjectManager).await;
        ok(&app, "choose_language", &[("language", "es")], &pm).await;
        let created = create(&app, &admin, &form(&agreement_id, &ddps, "3", "")).await;
        let mail = outbox::for_recipient(&app.db.pool, PM_EMAIL).await.unwrap();
        let (kind, subject, body) = &mail[0];
        assert_eq!(kind, "voucher_assigned");
        assert_eq!(subject, "Vale de Planning Services de 3 días de Desktop Deployment Planning");
        assert!(body.starts_with("Hola, Pablo Project:\n\n"), "{body}");
        assert!(body.contains(&format!("Código del vale: {}", created.code)), "{body}");
        assert!(body.contains("Para: Toda la organización"), "{body}");

        // An invitee has no account yet: the invitation is in the inviter's language.
        let invited = [("name", "Inés Ibáñez"), ("email", "ines@fabrikam.example"), ("role", "project_manager")];
        ok(&app, "invite_user", &invited, &format!("{admin}; i18n_pref_locale=es")).await;
        let invitation = outbox::for_recipient(&app.db.pool, "ines@fabrikam.example").await.unwrap();
        assert_eq!(invitation[0].1, "Fabrikam Industries le invita al portal de Planning Services");
        assert!(invitation[0].2.contains("como Jefe de proyecto"), "{}", invitation[0].2);

        // The same invitation from a request in English reads in English.
        let english = [("name", "Ed English"), ("email", "ed@fabrikam.example"), ("role", "project_manager")];
        ok(&app, "invite_user", &english, &admin).await;
        let invitation = outbox::for_recipient(&app.db.pool, "ed@fabrikam.example").await.unwrap();
        assert_eq!(invitation[0].1, "Fabrikam Industries invites you to the Planning Services portal");
    }
}
