//! Partner onboarding: eligibility, agreement, enrollment and renewal.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::eligibility::OfferingStatus;
use crate::domain::partner::OnboardingOverview;
use crate::domain::roles::Role;
use crate::error::AppError;
use axum::http::StatusCode;
use chrono::Duration;

const ONBOARDING_ROWS: &str = "SELECT (SELECT COUNT(*) FROM partner_training) + (SELECT COUNT(*) FROM partner_competencies)
    + (SELECT COUNT(*) FROM partner_locations) + (SELECT COUNT(*) FROM agreement_signatures) + (SELECT COUNT(*) FROM enrollments)";

async fn overview(app: &TestApp, cookie: &str) -> OnboardingOverview {
    let response = app.call("get_onboarding", &[], Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

async fn offering_id(app: &TestApp, code: &str) -> String {
    sqlx::query_scalar("SELECT id FROM offerings WHERE code = $1").bind(code).fetch_one(&app.db.pool).await.unwrap()
}

async fn ok(app: &TestApp, endpoint: &str, form: &[(&str, &str)], cookie: &str) {
    let response = app.call(endpoint, form, Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{endpoint}: {}", response.body);
}

/// Training on record, a gold Data Platform competency, agreement version 1 signed.
async fn qualify_for_sql_server(app: &TestApp, cookie: &str) {
    ok(app, "record_training", &[("completed_on", "2026-01-10")], cookie).await;
    ok(app, "add_competency", &[("name", "Data Platform"), ("level", "gold"), ("valid_until", "2027-12-31")], cookie)
        .await;
    ok(app, "sign_agreement", &[("signer_name", "Gabriel Global"), ("signer_title", "CEO"), ("version", "1")], cookie)
        .await;
}

fn status_of(overview: &OnboardingOverview, code: &str) -> OfferingStatus {
    overview.eligibility.iter().find(|offering| offering.code == code).unwrap().status
}

on_both_backends! {
    async fn enrollment_is_refused_with_the_reason_until_every_requirement_is_met(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        let sql_server = offering_id(&app, "SSDPS").await;
        assert_eq!(status_of(&overview(&app, &admin).await, "SSDPS"), OfferingStatus::NotStarted);

        let refused = app.call("enroll", &[("offering_id", &sql_server)], Some(&admin)).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert_eq!(refused.app_error().to_string(), "Record your company's compliance training first.");

        ok(&app, "record_training", &[("completed_on", "2026-01-10")], &admin).await;
        assert_eq!(status_of(&overview(&app, &admin).await, "SSDPS"), OfferingStatus::InProgress);
        let refused = app.call("enroll", &[("offering_id", &sql_server)], Some(&admin)).await;
        assert_eq!(refused.app_error().to_string(), "Your company holds no qualifying competency for any engagement type of SSDPS.");

        // Silver does not meet a gold requirement.
        ok(&app, "add_competency", &[("name", "Data Platform"), ("level", "silver"), ("valid_until", "2027-12-31")], &admin).await;
        let refused = app.call("enroll", &[("offering_id", &sql_server)], Some(&admin)).await;
        assert!(refused.app_error().to_string().contains("no qualifying competency"));

        ok(&app, "add_competency", &[("name", "Data Platform"), ("level", "gold"), ("valid_until", "2027-12-31")], &admin).await;
        let refused = app.call("enroll", &[("offering_id", &sql_server)], Some(&admin)).await;
        assert_eq!(refused.app_error().to_string(), "Sign the current program agreement before enrolling.");
        assert_eq!(app.count("SELECT COUNT(*) FROM enrollments").await, 0);

        ok(&app, "sign_agreement", &[("signer_name", "Gabriel Global"), ("signer_title", "CEO"), ("version", "1")], &admin).await;
        let enrolled = app.call("enroll", &[("offering_id", &sql_server)], Some(&admin)).await;
        assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.body);
        assert_eq!(enrolled.body, "\"2027-01-15\"", "one year from the clock's 2026-01-15");
        let after = overview(&app, &admin).await;
        assert_eq!(status_of(&after, "SSDPS"), OfferingStatus::Active);
        assert_eq!(after.latest_signature.unwrap().signer_title, "CEO");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'enrollment' AND action = 'enrolled'").await, 1);

        let twice = app.call("enroll", &[("offering_id", &sql_server)], Some(&admin)).await;
        assert_eq!(twice.status, StatusCode::CONFLICT);
        assert!(twice.app_error().to_string().contains("already enrolled"));
    }
}

on_both_backends! {
    async fn consultants_and_other_kinds_of_organisation_cannot_enroll(app: TestApp) {
        let sql_server = offering_id(&app, "SSDPS").await;
        for role in [Role::Consultant, Role::BenefitAdmin, Role::ProjectManager, Role::Operator] {
            let cookie = app.sign_in_demo(role).await;
            for (endpoint, form) in [
                ("enroll", vec![("offering_id", sql_server.as_str())]),
                ("get_onboarding", vec![]),
                ("record_training", vec![("completed_on", "2026-01-10")]),
            ] {
                let response = app.call(endpoint, &form, Some(&cookie)).await;
                assert_eq!(response.status, StatusCode::FORBIDDEN, "{role} {endpoint}");
                assert_eq!(response.app_error(), AppError::Forbidden);
            }
        }
        assert_eq!(app.count(ONBOARDING_ROWS).await, 0);
    }
}

on_both_backends! {
    async fn another_partner_neither_reads_nor_changes_these_records(app: TestApp) {
        let contoso = app.sign_in_demo(Role::GlobalAdmin).await;
        ok(&app, "add_location", &[("location_id", "4800001"), ("name", "Contoso Madrid"), ("country", "ES")], &contoso).await;
        let location_id = overview(&app, &contoso).await.locations[0].id.to_string();

        let rival = app.sign_up(&[("org_kind", "partner"), ("org_name", "Rival"), ("name", "Rita"), ("email", "rita@rival.example"), ("password", "rival passphrase 1")]).await;
        let seen = overview(&app, &rival).await;
        assert!(seen.locations.is_empty(), "the rival sees only its own (empty) records");
        let retire = app.call("retire_location", &[("id", &location_id)], Some(&rival)).await;
        assert_eq!(retire.status, StatusCode::NOT_FOUND);
        assert_eq!(overview(&app, &contoso).await.locations.len(), 1, "still there");
        // The same location ID is fine for another partner.
        ok(&app, "add_location", &[("location_id", "4800001"), ("name", "Rival Madrid"), ("country", "ES")], &rival).await;
    }
}

on_both_backends! {
    async fn renewal_opens_thirty_days_before_the_year_ends_and_needs_a_new_signature(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        let sql_server = offering_id(&app, "SSDPS").await;
        qualify_for_sql_server(&app, &admin).await;
        ok(&app, "enroll", &[("offering_id", &sql_server)], &admin).await;
        let renew = [("offering_id", sql_server.as_str()), ("signer_name", "Gabriel Global"), ("signer_title", "CEO"), ("version", "1")];

        app.clock.advance(Duration::days(300));
        let early = app.call("renew_enrollment", &renew, Some(&admin)).await;
        assert_eq!(early.status, StatusCode::CONFLICT);
        assert_eq!(early.app_error().to_string(), "Renewal of SSDPS opens 30 days before it expires on 15 Jan 2027.");

        // 350 days in: the dashboard warns, renewal is open and keeps the days left.
        app.clock.advance(Duration::days(50));
        let dashboard = app.get("/dashboard", Some(&admin)).await;
        assert!(dashboard.body.contains("Your enrollment in SSDPS ends on 15 Jan 2027 (15 days left)"), "the dashboard warns");
        assert!(dashboard.body.contains("renewal open · ends 15 Jan 2027"), "the enrollment block says renewal is open");
        let renewed = app.call("renew_enrollment", &renew, Some(&admin)).await;
        assert_eq!(renewed.status, StatusCode::OK, "{}", renewed.body);
        assert_eq!(renewed.body, "\"2028-01-15\"");
        assert_eq!(app.count("SELECT COUNT(*) FROM agreement_signatures").await, 2, "renewal signed again");

        // Without renewal, a year later it expires.
        app.clock.advance(Duration::days(380));
        assert_eq!(status_of(&overview(&app, &admin).await, "SSDPS"), OfferingStatus::Expired);
        // After expiry, renewal re-checks the requirements: the competency lapsed meanwhile.
        let lapsed = app.call("renew_enrollment", &renew, Some(&admin)).await;
        assert!(lapsed.app_error().to_string().contains("no qualifying competency"), "{}", lapsed.body);
        ok(&app, "add_competency", &[("name", "Data Analytics"), ("level", "gold"), ("valid_until", "2029-12-31")], &admin).await;
        // Then it starts a fresh year from today.
        let late = app.call("renew_enrollment", &renew, Some(&admin)).await;
        assert_eq!(late.status, StatusCode::OK, "{}", late.body);
        assert_eq!(status_of(&overview(&app, &admin).await, "SSDPS"), OfferingStatus::Active);
    }
}

on_both_backends! {
    async fn a_new_agreement_version_must_be_signed_before_enrolling_again(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        qualify_for_sql_server(&app, &admin).await;
        ok(&app, "add_competency", &[("name", "Messaging"), ("level", "silver"), ("valid_until", "2027-12-31")], &admin).await;
        let operator = app.sign_in_demo(Role::Operator).await;
        let published = app
            .call("publish_agreement", &[("title", "Partner agreement 2026"), ("body", "Version two of the program terms, with a new clause.")], Some(&operator))
            .await;
        assert_eq!(published.body, "2");

        let exchange = offering_id(&app, "S-EDPS").await;
        let refused = app.call("enroll", &[("offering_id", &exchange)], Some(&admin)).await;
        assert_eq!(refused.app_error().to_string(), "Sign the current program agreement before enrolling.");
        // Signing the old text, read before the update, is refused too.
        let stale = app.call("sign_agreement", &[("signer_name", "Gabriel Global"), ("signer_title", "CEO"), ("version", "1")], Some(&admin)).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.app_error().to_string().contains("updated to version 2"));

        ok(&app, "sign_agreement", &[("signer_name", "Gabriel Global"), ("signer_title", "CEO"), ("version", "2")], &admin).await;
        ok(&app, "enroll", &[("offering_id", &exchange)], &admin).await;

        // Only the operator publishes.
        let partner_publish = app.call("publish_agreement", &[("title", "Mine"), ("body", "A partner cannot publish the program text.")], Some(&admin)).await;
        assert_eq!(partner_publish.status, StatusCode::FORBIDDEN);
    }
}

on_both_backends! {
    async fn bad_onboarding_input_gets_field_messages_and_stores_nothing(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        ok(&app, "add_location", &[("location_id", "4800001"), ("name", "Contoso Madrid"), ("country", "ES")], &admin).await;
        let before = app.count(ONBOARDING_ROWS).await;
        let long = "x".repeat(300);
        // (server function, form, field that is wrong, the message it gets)
        type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str, &'a str);
        let cases: Vec<Case> = vec![
            ("record_training", vec![("completed_on", "")], "completed_on", "Enter a date."),
            ("record_training", vec![("completed_on", "10/01/2026")], "completed_on", "Enter the date as YYYY-MM-DD, for example 2026-03-31."),
            ("record_training", vec![("completed_on", "2030-01-01")], "completed_on", "The completion date cannot be in the future."),
            ("add_competency", vec![("name", "Basket weaving"), ("level", "gold"), ("valid_until", "2027-01-01")], "name", "Choose a competency from the list."),
            ("add_competency", vec![("name", "Messaging"), ("level", "platinum"), ("valid_until", "2027-01-01")], "level", "A competency level is silver or gold."),
            ("add_competency", vec![("name", "Messaging"), ("level", "gold"), ("valid_until", "2025-01-01")], "valid_until", "This competency has already expired."),
            ("add_location", vec![("location_id", "4800001"), ("name", "Again"), ("country", "ES")], "location_id", "You already have a location with this ID."),
            ("add_location", vec![("location_id", "48 00"), ("name", "Spaces"), ("country", "ES")], "location_id", "Use only letters, digits and hyphens in a partner location ID."),
            ("add_location", vec![("location_id", "4800002"), ("name", "Nowhere"), ("country", "XX")], "country", "\"XX\" is not a country code we know (use two letters, like ES or US)."),
            ("add_location", vec![("location_id", "4800002"), ("name", &long), ("country", "ES")], "name", "Use at most 120 characters (this has 300)."),
            ("add_location", vec![("location_id", ""), ("name", "x"), ("country", "ES")], "location_id", "Enter the partner location ID."),
            ("sign_agreement", vec![("signer_name", ""), ("signer_title", "CEO"), ("version", "1")], "signer_name", "This field is required."),
            ("sign_agreement", vec![("signer_name", "G"), ("signer_title", "<b>CEO</b>"), ("version", "1")], "signer_title", "< and > are not allowed here."),
            ("sign_agreement", vec![("signer_name", "G"), ("signer_title", "C\tE\tO"), ("version", "1")], "signer_title", "Line breaks and control characters are not allowed here."),
        ];
        for (endpoint, form, field, message) in cases {
            let response = app.call(endpoint, &form, Some(&admin)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{endpoint} {form:?}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{endpoint} {form:?}");
        }
        let unknown = app.call("enroll", &[("offering_id", "not-an-offering")], Some(&admin)).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(app.count(ONBOARDING_ROWS).await, before, "nothing was stored");
    }
}

on_both_backends! {
    async fn consultants_record_their_own_exams_and_admins_record_anyones(app: TestApp) {
        let consultant = app.sign_in_demo(Role::Consultant).await;
        let consultant_id: String = sqlx::query_scalar("SELECT id FROM users WHERE role = 'consultant'").fetch_one(&app.db.pool).await.unwrap();
        let mpn_id: String = sqlx::query_scalar("SELECT id FROM users WHERE role = 'mpn_admin'").fetch_one(&app.db.pool).await.unwrap();
        let exam = |consultant: &str, passed_on: &str| {
            [("competency", "Data Platform"), ("exam", "DP-300"), ("passed_on", passed_on), ("consultant", consultant)]
                .map(|(key, value)| (key, value.to_owned()))
        };
        let call = |form: [(&'static str, String); 4], cookie: String| {
            let app = &app;
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(key, value)| (*key, value.as_str())).collect();
                app.call("record_exam", &form, Some(&cookie)).await
            }
        };

        assert_eq!(call(exam(&consultant_id, "2026-01-05"), consultant.clone()).await.status, StatusCode::OK);
        // A consultant cannot record an exam for someone else.
        let refused = call(exam(&mpn_id, "2026-01-05"), consultant.clone()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.app_error().field_message("consultant").as_deref(), Some("Choose one of your organisation's consultants."));

        // An admin can; a customer's user id is refused the same way.
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        assert_eq!(call(exam(&mpn_id, "2026-01-05"), admin.clone()).await.status, StatusCode::OK);
        let customer_id: String = sqlx::query_scalar("SELECT id FROM users WHERE role = 'benefit_admin'").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(call(exam(&customer_id, "2026-01-05"), admin.clone()).await.status, StatusCode::UNPROCESSABLE_ENTITY);

        let mine: crate::domain::partner::ExamsOverview = serde_json::from_str(&app.call("list_exams", &[], Some(&consultant)).await.body).unwrap();
        assert_eq!(mine.exams.len(), 1, "a consultant sees only their own");
        let all: crate::domain::partner::ExamsOverview = serde_json::from_str(&app.call("list_exams", &[], Some(&admin)).await.body).unwrap();
        assert_eq!(all.exams.len(), 2);

        let refused = call(exam(&consultant_id, "2030-01-01"), consultant.clone()).await;
        assert_eq!(refused.app_error().field_message("passed_on").as_deref(), Some("The exam date cannot be in the future."));
        assert_eq!(app.count("SELECT COUNT(*) FROM consultant_exams").await, 2);
        let customer = app.sign_in_demo(Role::ProjectManager).await;
        assert_eq!(app.call("list_exams", &[], Some(&customer)).await.status, StatusCode::FORBIDDEN);
    }
}
