//! The operator's catalogue.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::partner::OnboardingOverview;
use crate::domain::roles::Role;
use crate::flows::catalogue::api::CatalogueAdmin;
use axum::http::StatusCode;

const CATALOGUE_ROWS: &str = "SELECT (SELECT COUNT(*) FROM offerings) + (SELECT COUNT(*) FROM engagement_types)
    + (SELECT COUNT(*) FROM engagement_type_competencies)";

async fn admin_view(app: &TestApp, cookie: &str) -> CatalogueAdmin {
    let response = app.call("get_catalogue_admin", &[], Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

on_both_backends! {
    async fn the_operator_adds_an_offering_and_an_engagement_type_partners_then_see(app: TestApp) {
        let operator = app.sign_in_demo(Role::Operator).await;
        let added = app.call("add_offering", &[("code", "aidps"), ("name", "AI Deployment Planning")], Some(&operator)).await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.body);
        let offering_id = admin_view(&app, &operator).await.entries.iter().find(|entry| entry.offering.code == "AIDPS").unwrap().offering.id.to_string();
        let engagement = app
            .call(
                "add_engagement_type",
                &[("offering_id", &offering_id), ("name", "Copilot Readiness"), ("lengths", "3, 5"), ("competencies", "Data Platform:gold; AI Solutions")],
                Some(&operator),
            )
            .await;
        assert_eq!(engagement.status, StatusCode::OK, "{}", engagement.body);

        let partner = app.sign_in_demo(Role::GlobalAdmin).await;
        let overview: OnboardingOverview = serde_json::from_str(&app.call("get_onboarding", &[], Some(&partner)).await.body).unwrap();
        let ai = overview.eligibility.iter().find(|offering| offering.code == "AIDPS").expect("partners see the new offering");
        assert_eq!(ai.engagement_types[0].name, "Copilot Readiness");
        assert!(overview.known_competencies.contains(&"AI Solutions".to_owned()));

        // Editing the lengths and competencies, then retiring, are audited.
        let engagement_id = admin_view(&app, &operator).await.entries.iter().find(|entry| entry.offering.code == "AIDPS").unwrap().engagement_types[0].id.to_string();
        let updated = app.call("update_engagement_type", &[("id", &engagement_id), ("lengths", "1,3,5,10"), ("competencies", "AI Solutions:gold")], Some(&operator)).await;
        assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
        let after = admin_view(&app, &operator).await;
        let edited = &after.entries.iter().find(|entry| entry.offering.code == "AIDPS").unwrap().engagement_types[0];
        assert_eq!(edited.allowed_lengths.len(), 4);
        assert_eq!(edited.qualifying_competencies.len(), 1);
        let retired = app.call("retire_engagement_type", &[("id", &engagement_id)], Some(&operator)).await;
        assert_eq!(retired.status, StatusCode::OK);
        assert!(admin_view(&app, &operator).await.entries.iter().find(|entry| entry.offering.code == "AIDPS").unwrap().engagement_types.is_empty());
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE entity IN ('offering', 'engagement_type')").await, 4);
    }
}

on_both_backends! {
    async fn only_the_operator_edits_the_catalogue(app: TestApp) {
        let before = app.count(CATALOGUE_ROWS).await;
        for role in [Role::GlobalAdmin, Role::MpnAdmin, Role::BenefitAdmin] {
            let cookie = app.sign_in_demo(role).await;
            let response = app.call("add_offering", &[("code", "HACK"), ("name", "Not allowed")], Some(&cookie)).await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{role}");
            assert_eq!(app.call("get_catalogue_admin", &[], Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{role}");
        }
        assert_eq!(app.count(CATALOGUE_ROWS).await, before);
    }
}

on_both_backends! {
    async fn bad_catalogue_input_gets_field_messages_and_stores_nothing(app: TestApp) {
        let operator = app.sign_in_demo(Role::Operator).await;
        let ddps = admin_view(&app, &operator).await.entries[0].offering.id.to_string();
        let before = app.count(CATALOGUE_ROWS).await;
        let duplicate = app.call("add_offering", &[("code", "DDPS"), ("name", "Again")], Some(&operator)).await;
        assert_eq!(duplicate.app_error().field_message("code").as_deref(), Some("An offering with this code exists already."));
        let bad_code = app.call("add_offering", &[("code", "x"), ("name", "")], Some(&operator)).await;
        assert_eq!(bad_code.app_error().field_message("code").as_deref(), Some("Use 2 to 12 capital letters, digits or hyphens, starting with a letter, like DDPS."));
        assert_eq!(bad_code.app_error().field_message("name").as_deref(), Some("This field is required."));
        let cases = [
            ("lengths", "4", "An engagement lasts 1, 3, 5, 10 or 15 days."),
            ("lengths", "", "Choose at least one engagement length (1, 3, 5, 10 or 15 days)."),
            ("lengths", "20", "An engagement lasts at most 15 days."),
            ("competencies", "Messaging:platinum", "Write each competency as Name:level, for example Messaging:silver; Data Platform:gold."),
            ("competencies", "", "List at least one qualifying competency."),
        ];
        for (field, value, message) in cases {
            let lengths = if field == "lengths" { value } else { "3" };
            let competencies = if field == "competencies" { value } else { "Messaging" };
            let response = app
                .call("add_engagement_type", &[("offering_id", &ddps), ("name", "New type"), ("lengths", lengths), ("competencies", competencies)], Some(&operator))
                .await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{field}={value}");
        }
        let taken = app
            .call("add_engagement_type", &[("offering_id", &ddps), ("name", "Mobile Productivity Planning"), ("lengths", "3"), ("competencies", "Messaging")], Some(&operator))
            .await;
        assert_eq!(taken.app_error().field_message("name").as_deref(), Some("This offering already has an engagement type with this name."));
        let unknown = app.call("update_engagement_type", &[("id", "nope"), ("lengths", "3"), ("competencies", "Messaging")], Some(&operator)).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(app.count(CATALOGUE_ROWS).await, before, "nothing was stored");
    }
}

on_both_backends! {
    async fn the_operator_edits_entitlement_tiers_which_new_agreements_use(app: TestApp) {
        let operator = app.sign_in_demo(Role::Operator).await;
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        app.call("register_agreement", &[("licensing_id", "BEFORE-1"), ("qualifying_licenses", "800"), ("ends_on", "2028-01-01")], Some(&admin)).await;

        let set = app.call("set_entitlement_tier", &[("min_licenses", "750"), ("days", "7")], Some(&operator)).await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.body);
        let tiers = admin_view(&app, &operator).await.tiers;
        assert_eq!(tiers.iter().find(|tier| tier.min_licenses == 750).unwrap().days.get(), 7);
        let registered = app.call("register_agreement", &[("licensing_id", "AFTER-1"), ("qualifying_licenses", "800"), ("ends_on", "2028-01-01")], Some(&admin)).await;
        assert_eq!(registered.body, "7", "new agreements earn the edited tier");
        assert_eq!(
            app.count("SELECT entitled_days FROM licensing_agreements WHERE licensing_id = 'BEFORE-1'").await,
            5,
            "an agreement keeps the days it was registered with"
        );

        // More licences never earn fewer days; nonsense changes nothing.
        for (min, days, field, message) in [
            ("2500", "6", "days", "A tier from 2500 licences cannot earn fewer days than the one below it (7 days from 750)."),
            ("250", "8", "days", "A tier from 250 licences cannot earn more days than the one above it (7 days from 750)."),
            ("many", "3", "min_licenses", "Enter the number of qualifying Software Assurance licences (a whole number)."),
            ("100", "-1", "days", "Enter the planning days as a whole number from 0 to 100."),
        ] {
            let refused = app.call("set_entitlement_tier", &[("min_licenses", min), ("days", days)], Some(&operator)).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
            assert_eq!(refused.app_error().field_message(field).as_deref(), Some(message));
        }
        assert_eq!(admin_view(&app, &operator).await.tiers, tiers);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'entitlement_tier'").await, 1);
        assert_eq!(app.call("set_entitlement_tier", &[("min_licenses", "750"), ("days", "5")], Some(&admin)).await.status, StatusCode::FORBIDDEN);
    }
}
