//! Business profiles and the partner directory.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::profile::{DirectoryPage, PublicProfile};
use crate::domain::roles::Role;
use axum::http::StatusCode;

const PROFILE: [(&str, &str); 6] = [
    ("description", "Contoso plans SQL Server and data estate modernisations across Spain."),
    ("website", "https://www.contoso.example"),
    ("contact_name", "Gabriel Global"),
    ("contact_email", "planning@contoso.example"),
    ("languages", "es, en"),
    ("industries", "Retail, Banking"),
];

async fn ok(app: &TestApp, endpoint: &str, form: &[(&str, &str)], cookie: &str) {
    let response = app.call(endpoint, form, Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{endpoint}: {}", response.body);
}

async fn publish(app: &TestApp, cookie: &str) -> super::helpers::TestResponse {
    let mut form = PROFILE.to_vec();
    form.push(("published", "on"));
    app.call("save_profile", &form, Some(cookie)).await
}

/// Contoso enrolled in SSDPS with a location in Spain.
async fn enrolled_partner(app: &TestApp) -> String {
    let admin = app.sign_in_demo(Role::GlobalAdmin).await;
    ok(app, "record_training", &[("completed_on", "2026-01-10")], &admin).await;
    ok(app, "add_competency", &[("name", "Data Platform"), ("level", "gold"), ("valid_until", "2027-12-31")], &admin)
        .await;
    ok(app, "sign_agreement", &[("signer_name", "Gabriel Global"), ("signer_title", "CEO"), ("version", "1")], &admin)
        .await;
    let sql_server: String =
        sqlx::query_scalar("SELECT id FROM offerings WHERE code = 'SSDPS'").fetch_one(&app.db.pool).await.unwrap();
    ok(app, "enroll", &[("offering_id", &sql_server)], &admin).await;
    ok(app, "add_location", &[("location_id", "4800001"), ("name", "Madrid"), ("country", "ES")], &admin).await;
    admin
}

async fn search(app: &TestApp, cookie: &str, offering: &str, country: &str, language: &str) -> Vec<String> {
    let response = app
        .call(
            "search_partners",
            &[("offering", offering), ("country", country), ("language", language), ("page", "1")],
            Some(cookie),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let page: DirectoryPage = serde_json::from_str(&response.body).unwrap();
    page.partners.into_iter().map(|partner| partner.name).collect()
}

on_both_backends! {
    async fn publishing_needs_an_active_enrollment_and_a_location(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        let refused = publish(&app, &admin).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.app_error().field_message("published").as_deref(), Some("Enroll in at least one offering before you publish your profile."));
        assert_eq!(app.count("SELECT COUNT(*) FROM partner_profiles").await, 0);
        // Saving unpublished is fine.
        ok(&app, "save_profile", &PROFILE, &admin).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM partner_profiles WHERE published_at IS NULL").await, 1);
    }
}

on_both_backends! {
    async fn a_customer_finds_a_published_partner_by_offering_country_and_language(app: TestApp) {
        let partner = enrolled_partner(&app).await;
        let customer = app.sign_in_demo(Role::ProjectManager).await;
        ok(&app, "save_profile", &PROFILE, &partner).await;
        assert!(search(&app, &customer, "", "", "").await.is_empty(), "unpublished profiles are not listed");

        let published = publish(&app, &partner).await;
        assert_eq!(published.status, StatusCode::OK, "{}", published.body);
        assert_eq!(search(&app, &customer, "SSDPS", "ES", "es").await, vec!["Contoso Consulting"]);
        assert_eq!(search(&app, &customer, "ssdps", "es", "EN").await, vec!["Contoso Consulting"], "filters forgive case");
        assert!(search(&app, &customer, "DDPS", "", "").await.is_empty(), "not enrolled in DDPS");
        assert!(search(&app, &customer, "", "US", "").await.is_empty(), "no location in the US");
        assert!(search(&app, &customer, "", "", "de").await.is_empty(), "does not work in German");

        let partner_id: String = sqlx::query_scalar("SELECT org_id FROM partner_profiles").fetch_one(&app.db.pool).await.unwrap();
        let profile = app.call("get_partner_profile", &[("org_id", &partner_id)], Some(&customer)).await;
        let profile: PublicProfile = serde_json::from_str(&profile.body).unwrap();
        assert_eq!(profile.offerings, vec!["SSDPS"]);
        assert_eq!(profile.locations.len(), 1);

        // When the enrollment lapses, the offering no longer finds the partner.
        app.clock.advance(chrono::Duration::days(366));
        assert!(search(&app, &customer, "SSDPS", "", "").await.is_empty());
    }
}

on_both_backends! {
    async fn bad_profile_input_gets_field_messages_and_stores_nothing(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        let long_description = "x".repeat(2_001);
        let long_website = format!("https://www.contoso.example/{}", "p".repeat(200));
        let cases: [(&str, &str, &str); 9] = [
            ("description", &long_description, "Use at most 2000 characters for the description."),
            ("website", &long_website, "Enter a web address like https://www.contoso.com."),
            ("industries", "Retail, <b>Banking</b>, Farming, Energy, Health, Media, Telecom, Travel, Legal, Mining, Fishing", "List at most 10 industries."),
            ("description", "Too short", "Write a short description of your company (at least 20 characters)."),
            ("website", "contoso", "Enter a web address like https://www.contoso.com."),
            ("website", "javascript:alert(1)", "Enter a web address like https://www.contoso.com."),
            ("contact_email", "planning@", "Enter an email address like name@company.com."),
            ("languages", "en, elvish", "\"elvish\" is not a language code we know (use two letters, like en or es)."),
            ("contact_name", "", "This field is required."),
        ];
        for (field, value, message) in cases {
            let form: Vec<(&str, &str)> = PROFILE.iter().map(|(name, default)| (*name, if *name == field { value } else { *default })).collect();
            let response = app.call("save_profile", &form, Some(&admin)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{field}");
        }
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let bad_filter = app.call("search_partners", &[("offering", ""), ("country", "Narnia"), ("language", ""), ("page", "1")], Some(&customer)).await;
        assert_eq!(bad_filter.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.count("SELECT COUNT(*) FROM partner_profiles").await, 0);
    }
}

on_both_backends! {
    async fn only_partner_admins_edit_a_profile_and_unpublished_ones_stay_private(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        ok(&app, "save_profile", &PROFILE, &admin).await;
        for role in [Role::Consultant, Role::BenefitAdmin] {
            let cookie = app.sign_in_demo(role).await;
            let response = app.call("save_profile", &PROFILE, Some(&cookie)).await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{role}");
        }
        let partner_id: String = sqlx::query_scalar("SELECT org_id FROM partner_profiles").fetch_one(&app.db.pool).await.unwrap();
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let hidden = app.call("get_partner_profile", &[("org_id", &partner_id)], Some(&customer)).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        let own = app.call("get_partner_profile", &[("org_id", &partner_id)], Some(&admin)).await;
        assert_eq!(own.status, StatusCode::OK, "a partner previews its own unpublished profile");
    }
}
