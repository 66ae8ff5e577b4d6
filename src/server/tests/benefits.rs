//! Licensing agreements, entitlement and benefit activation.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::agreement::LicensingAgreement;
use crate::domain::days::PlanningDays;
use crate::domain::roles::Role;
use axum::http::StatusCode;

async fn agreements(app: &TestApp, cookie: &str) -> Vec<LicensingAgreement> {
    let response = app.call("list_agreements", &[], Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

on_both_backends! {
    async fn an_agreement_earns_days_from_its_tier_and_the_benefit_activates_once(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let registered = app.call("register_agreement", &[("licensing_id", "v1234567"), ("qualifying_licenses", "2,500"), ("ends_on", "2028-06-30")], Some(&admin)).await;
        assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
        assert_eq!(registered.body, "10", "2,500 licences earn 10 days");
        let [agreement] = agreements(&app, &admin).await.try_into().unwrap();
        assert_eq!(agreement.licensing_id, "V1234567");
        assert_eq!((agreement.pool.entitled, agreement.pool.left), (PlanningDays::new(10), PlanningDays::new(10)));
        assert!(agreement.activated_at.is_none());

        let id = agreement.id.to_string();
        assert_eq!(app.call("activate_benefit", &[("agreement_id", &id)], Some(&admin)).await.status, StatusCode::OK);
        assert!(agreements(&app, &admin).await[0].activated_at.is_some());
        let again = app.call("activate_benefit", &[("agreement_id", &id)], Some(&admin)).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.app_error().to_string(), "The benefit is already active on agreement V1234567.");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'licensing_agreement'").await, 2);
    }
}

on_both_backends! {
    async fn an_agreement_without_days_or_already_ended_cannot_be_activated(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        app.call("register_agreement", &[("licensing_id", "SMALL-1"), ("qualifying_licenses", "249"), ("ends_on", "2028-01-01")], Some(&admin)).await;
        app.call("register_agreement", &[("licensing_id", "ENDING-1"), ("qualifying_licenses", "900"), ("ends_on", "2026-02-01")], Some(&admin)).await;
        let list = agreements(&app, &admin).await;
        let small = list.iter().find(|agreement| agreement.licensing_id == "SMALL-1").unwrap().id.to_string();
        let ending = list.iter().find(|agreement| agreement.licensing_id == "ENDING-1").unwrap().id.to_string();
        let refused = app.call("activate_benefit", &[("agreement_id", &small)], Some(&admin)).await;
        assert_eq!(refused.app_error().to_string(), "Agreement SMALL-1 earns no planning days (249 qualifying licences; 250 are needed).");
        app.clock.advance(chrono::Duration::days(30));
        let ended = app.call("activate_benefit", &[("agreement_id", &ending)], Some(&admin)).await;
        assert_eq!(ended.app_error().to_string(), "Agreement ENDING-1 ended on 1 Feb 2026.");
        assert_eq!(app.count("SELECT COUNT(*) FROM licensing_agreements WHERE activated_at IS NOT NULL").await, 0);
    }
}

on_both_backends! {
    async fn agreements_are_the_benefit_admins_own(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        app.call("register_agreement", &[("licensing_id", "V7654321"), ("qualifying_licenses", "800"), ("ends_on", "2028-01-01")], Some(&admin)).await;
        let id = agreements(&app, &admin).await[0].id.to_string();
        for role in [Role::ProjectManager, Role::GlobalAdmin, Role::Operator] {
            let cookie = app.sign_in_demo(role).await;
            assert_eq!(app.call("list_agreements", &[], Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{role}");
            assert_eq!(app.call("activate_benefit", &[("agreement_id", &id)], Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{role}");
        }
        // Another customer's benefit admin does not see it and cannot activate it.
        let other = app.sign_up(&[("org_kind", "customer"), ("org_name", "Other"), ("name", "Olga"), ("email", "olga@other.example"), ("password", "olga passphrase 1")]).await;
        assert!(agreements(&app, &other).await.is_empty());
        assert_eq!(app.call("activate_benefit", &[("agreement_id", &id)], Some(&other)).await.status, StatusCode::NOT_FOUND);
        // The same licensing ID may be registered by another organisation, not twice by one.
        let own_twice = app.call("register_agreement", &[("licensing_id", "v7654321"), ("qualifying_licenses", "800"), ("ends_on", "2028-01-01")], Some(&admin)).await;
        assert_eq!(own_twice.app_error().field_message("licensing_id").as_deref(), Some("You registered this agreement already."));
    }
}

on_both_backends! {
    async fn bad_agreement_input_gets_field_messages_and_stores_nothing(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let cases = [
            ("licensing_id", "", "Enter the licensing ID of the agreement."),
            ("licensing_id", "x' OR 1=1", "A licensing ID has 4 to 20 letters, digits or hyphens."),
            ("qualifying_licenses", "-3", "Enter the number of qualifying Software Assurance licences (a whole number)."),
            ("qualifying_licenses", "99999999999999", "That is more licences than any agreement holds; check the number."),
            ("ends_on", "2020-01-01", "This agreement has already ended."),
            ("ends_on", "soon", "Enter the date as YYYY-MM-DD, for example 2026-03-31."),
        ];
        for (field, value, message) in cases {
            let mut form = vec![("licensing_id", "V1111111"), ("qualifying_licenses", "800"), ("ends_on", "2028-01-01")];
            for entry in form.iter_mut().filter(|(name, _)| *name == field) {
                entry.1 = value;
            }
            let response = app.call("register_agreement", &form, Some(&admin)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{field}={value}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM licensing_agreements").await, 0);
    }
}
