//! Vouchers: creation from the pool, assignment, the 15-day rule, cancel, expiry and
//! the pool's arithmetic (property-tested against a model).

use super::helpers::{on_both_backends, TestApp};
use crate::domain::agreement::{LicensingAgreement, Pool};
use crate::domain::days::PlanningDays;
use crate::domain::roles::Role;
use crate::domain::voucher::{VoucherCreated, VoucherDetail, VoucherPage, WizardOptions};
use crate::domain::voucher_status::VoucherStatus;
use crate::server::vouchers::run_expiry;
use axum::http::StatusCode;
use chrono::Duration;

pub(super) const PM_EMAIL: &str = "project.manager@fabrikam.example";

/// Registers an agreement and activates its benefit; returns its id.
pub(super) async fn active_agreement(
    app: &TestApp,
    admin: &str,
    licensing_id: &str,
    licenses: &str,
    ends_on: &str,
) -> String {
    let registered = app
        .call(
            "register_agreement",
            &[("licensing_id", licensing_id), ("qualifying_licenses", licenses), ("ends_on", ends_on)],
            Some(admin),
        )
        .await;
    assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
    let id = agreement(app, admin, licensing_id).await.id.to_string();
    let activated = app.call("activate_benefit", &[("agreement_id", &id)], Some(admin)).await;
    assert_eq!(activated.status, StatusCode::OK, "{}", activated.body);
    id
}

async fn agreement(app: &TestApp, admin: &str, licensing_id: &str) -> LicensingAgreement {
    let response = app.call("list_agreements", &[], Some(admin)).await;
    let list: Vec<LicensingAgreement> = serde_json::from_str(&response.body).unwrap();
    list.into_iter().find(|agreement| agreement.licensing_id == licensing_id).expect("registered agreement")
}

async fn options(app: &TestApp, admin: &str) -> WizardOptions {
    let response = app.call("voucher_wizard_options", &[], Some(admin)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

pub(super) async fn offering_id(app: &TestApp, admin: &str, code: &str) -> String {
    options(app, admin)
        .await
        .offerings
        .into_iter()
        .find(|choice| choice.offering.code == code)
        .unwrap()
        .offering
        .id
        .to_string()
}

/// The wizard's answers, with the demo project manager unless a test says otherwise.
pub(super) fn form<'a>(
    agreement: &'a str,
    offering: &'a str,
    days: &'a str,
    division: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("agreement_id", agreement),
        ("offering_id", offering),
        ("days", days),
        ("division", division),
        ("project_manager", PM_EMAIL),
        ("new_name", ""),
        ("new_email", ""),
    ]
}

pub(super) async fn create(app: &TestApp, admin: &str, form: &[(&str, &str)]) -> VoucherCreated {
    let response = app.call("create_voucher", form, Some(admin)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

async fn list(app: &TestApp, cookie: &str, filters: &[(&str, &str)]) -> VoucherPage {
    let mut form = vec![("status", ""), ("agreement", ""), ("offering", ""), ("after", "")];
    for (name, value) in filters {
        form.retain(|(field, _)| field != name);
        form.push((name, value));
    }
    let response = app.call("list_vouchers", &form, Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

/// The pool as the database's rows add it up, independently of the stored balance.
async fn pool_from_rows(app: &TestApp, agreement_id: &str) -> (i64, i64) {
    let entitled_minus_drawn = app
        .count(&format!(
            "SELECT CAST(a.entitled_days - COALESCE((SELECT SUM(v.days) - SUM(v.returned_days) FROM vouchers v WHERE v.agreement_id = a.id), 0) AS BIGINT)
             FROM licensing_agreements a WHERE a.id = '{agreement_id}'"
        ))
        .await;
    let stored = app.count(&format!("SELECT days_left FROM licensing_agreements WHERE id = '{agreement_id}'")).await;
    (entitled_minus_drawn, stored)
}

on_both_backends! {
    async fn a_benefit_admin_creates_a_voucher_the_project_manager_sees_and_is_emailed(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000001", "2500", "2028-06-30").await;
        let wizard = options(&app, &admin).await;
        assert_eq!(wizard.agreements.len(), 1);
        assert!(wizard.project_managers.iter().any(|pm| pm.email == PM_EMAIL));
        let ddps = offering_id(&app, &admin, "DDPS").await;

        let created = create(&app, &admin, &form(&agreement_id, &ddps, "3", "Retail")).await;
        assert_eq!(created.code.len(), 23, "four groups of five with hyphens: {}", created.code);
        assert!(!created.invited);
        let pool = agreement(&app, &admin, "V1000001").await.pool;
        assert_eq!((pool.entitled, pool.reserved, pool.left), (PlanningDays::new(10), PlanningDays::new(3), PlanningDays::new(7)));
        assert!(pool.balances());

        let mail = crate::server::db::outbox::for_recipient(&app.db.pool, PM_EMAIL).await.unwrap();
        let (kind, subject, body) = &mail[0];
        assert_eq!(kind, "voucher_assigned");
        assert_eq!(subject, "Planning Services voucher for 3 days of Desktop Deployment Planning");
        assert!(body.contains(&created.code), "{body}");
        assert!(body.contains("benefit.admin@fabrikam.example"), "the partner needs the admin's email: {body}");

        let pm = app.sign_in_demo(Role::ProjectManager).await;
        let page = list(&app, &pm, &[]).await;
        assert_eq!(page.vouchers.len(), 1);
        assert_eq!(page.vouchers[0].code, created.code);
        assert_eq!(page.vouchers[0].status, VoucherStatus::Assigned);
        let detail = app.call("voucher_detail", &[("id", &created.id.to_string())], Some(&pm)).await;
        let detail: VoucherDetail = serde_json::from_str(&detail.body).unwrap();
        assert_eq!(detail.timeline.iter().map(|entry| entry.action.as_str()).collect::<Vec<_>>(), ["assigned"]);
        assert!(!detail.can_cancel, "project managers do not cancel");
        assert_eq!(app.call("cancel_voucher", &[("id", &created.id.to_string())], Some(&pm)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.call("create_voucher", &form(&agreement_id, &ddps, "1", ""), Some(&pm)).await.status, StatusCode::FORBIDDEN);

        // Partners, the operator and other customers see nothing of it.
        for role in [Role::GlobalAdmin, Role::MpnAdmin, Role::Consultant, Role::Operator] {
            let cookie = app.sign_in_demo(role).await;
            assert_eq!(app.call("voucher_detail", &[("id", &created.id.to_string())], Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{role}");
            assert_eq!(app.call("list_vouchers", &[("status", ""), ("agreement", ""), ("offering", ""), ("after", "")], Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{role}");
        }
        let other = app.sign_up(&[("org_kind", "customer"), ("org_name", "Other"), ("name", "Olga"), ("email", "olga@other.example"), ("password", "olga passphrase 1")]).await;
        assert!(list(&app, &other, &[]).await.vouchers.is_empty());
        assert_eq!(app.call("voucher_detail", &[("id", &created.id.to_string())], Some(&other)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.call("cancel_voucher", &[("id", &created.id.to_string())], Some(&other)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.call("create_voucher", &form(&agreement_id, &ddps, "1", ""), Some(&other)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.count("SELECT COUNT(*) FROM vouchers").await, 1);
    }
}

on_both_backends! {
    async fn a_new_project_manager_is_invited_with_the_voucher(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000002", "800", "2028-06-30").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let mut answers = form(&agreement_id, &ddps, "5", "");
        answers.retain(|(name, _)| !matches!(*name, "project_manager" | "new_name" | "new_email"));
        answers.extend([("project_manager", ""), ("new_name", "Nadia Novak"), ("new_email", "Nadia@Fabrikam.example")]);
        let created = create(&app, &admin, &answers).await;
        assert!(created.invited);
        assert_eq!(created.project_manager_email, "nadia@fabrikam.example");
        let mail = crate::server::db::outbox::for_recipient(&app.db.pool, "nadia@fabrikam.example").await.unwrap();
        let mut kinds: Vec<_> = mail.iter().map(|(kind, _, _)| kind.as_str()).collect();
        kinds.sort();
        assert_eq!(kinds, ["invitation", "voucher_assigned"]);
        assert_eq!(app.count("SELECT COUNT(*) FROM invitations WHERE email = 'nadia@fabrikam.example' AND role = 'project_manager'").await, 1);
    }
}

on_both_backends! {
    async fn bad_voucher_input_gets_a_clear_message_and_changes_nothing(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000003", "800", "2028-06-30").await; // 5 days
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let pvdps = offering_id(&app, &admin, "PVDPS").await;
        let stranger = uuid::Uuid::new_v4().to_string();
        let outbox_before = app.count("SELECT COUNT(*) FROM outbox").await;
        type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (form(&stranger, &ddps, "1", ""), "agreement_id", "Choose one of your agreements with the benefit active."),
            (form("'; DROP TABLE vouchers; --", &ddps, "1", ""), "agreement_id", "Choose one of your agreements with the benefit active."),
            (form(&agreement_id, &stranger, "1", ""), "offering_id", "Choose an offering from the catalogue."),
            (form(&agreement_id, &ddps, "0", ""), "days", "This offering's engagements last 1, 3, 5, 10, 15 days; choose one of those."),
            (form(&agreement_id, &ddps, "2", ""), "days", "This offering's engagements last 1, 3, 5, 10, 15 days; choose one of those."),
            (form(&agreement_id, &ddps, "16", ""), "days", "This offering's engagements last 1, 3, 5, 10, 15 days; choose one of those."),
            (form(&agreement_id, &ddps, "-3", ""), "days", "This offering's engagements last 1, 3, 5, 10, 15 days; choose one of those."),
            (form(&agreement_id, &ddps, "99999999999999999999", ""), "days", "This offering's engagements last 1, 3, 5, 10, 15 days; choose one of those."),
            (form(&agreement_id, &ddps, "3.5", ""), "days", "This offering's engagements last 1, 3, 5, 10, 15 days; choose one of those."),
            (form(&agreement_id, &pvdps, "1", ""), "days", "This offering's engagements last 3, 5, 10, 15 days; choose one of those."),
            (form(&agreement_id, &ddps, "10", ""), "days", "Only 5 days left on this agreement."),
            (form(&agreement_id, &ddps, "", ""), "days", "Choose how many planning days the voucher holds."),
        ];
        for (answers, field, message) in cases {
            let response = app.call("create_voucher", &answers, Some(&admin)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{answers:?}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{answers:?}");
        }
        for (pm, name, email, field, message) in [
            ("", "", "", "project_manager", "Choose a project manager, or enter the name and email of someone to invite."),
            ("", "Nadia", "not-an-email", "new_email", "Enter an email address like name@company.com."),
            ("someone@elsewhere.example", "", "", "project_manager", "This person is not an active member of your organisation; choose someone from the list."),
            ("", "Olaf", "operator@program.example", "new_email", "This address belongs to another organisation's account; vouchers go to people in yours."),
        ] {
            let mut answers = form(&agreement_id, &ddps, "1", "");
            answers.retain(|(name, _)| !matches!(*name, "project_manager" | "new_name" | "new_email"));
            answers.extend([("project_manager", pm), ("new_name", name), ("new_email", email)]);
            let response = app.call("create_voucher", &answers, Some(&admin)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{email}");
        }
        let long_division = "x".repeat(101);
        let response = app.call("create_voucher", &form(&agreement_id, &ddps, "1", &long_division), Some(&admin)).await;
        assert_eq!(response.app_error().field_message("division").as_deref(), Some("A division name is at most 100 characters."));
        // A missing field is a malformed request, answered without a crash.
        assert_eq!(app.call("create_voucher", &[("agreement_id", &agreement_id)], Some(&admin)).await.status, StatusCode::BAD_REQUEST);

        assert_eq!(app.count("SELECT COUNT(*) FROM vouchers").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, outbox_before);
        assert_eq!(agreement(&app, &admin, "V1000003").await.pool, Pool::untouched(PlanningDays::new(5)));
    }
}

on_both_backends! {
    async fn vouchers_need_an_activated_running_agreement(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        app.call("register_agreement", &[("licensing_id", "V1000004"), ("qualifying_licenses", "800"), ("ends_on", "2028-06-30")], Some(&admin)).await;
        let inactive = agreement(&app, &admin, "V1000004").await.id.to_string();
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let response = app.call("create_voucher", &form(&inactive, &ddps, "1", ""), Some(&admin)).await;
        assert_eq!(response.app_error().field_message("agreement_id").as_deref(), Some("Activate the benefit on agreement V1000004 first."));
        assert!(options(&app, &admin).await.agreements.is_empty(), "the wizard offers only agreements that can issue vouchers");
    }
}

on_both_backends! {
    async fn one_live_fifteen_day_voucher_per_offering_and_division(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let first = active_agreement(&app, &admin, "V1500001", "15000", "2028-06-30").await; // 25 days
        let second = active_agreement(&app, &admin, "V1500002", "15000", "2028-06-30").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let sdps = offering_id(&app, &admin, "SDPS").await;
        let whole = create(&app, &admin, &form(&first, &ddps, "15", "")).await;

        let refused = app.call("create_voucher", &form(&second, &ddps, "15", ""), Some(&admin)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            refused.app_error().field_message("division").as_deref(),
            Some("You already hold a 15-day voucher for this offering for the whole organisation: use another division or legal entity, or cancel that voucher first.")
        );
        assert_eq!(agreement(&app, &admin, "V1500002").await.pool.left, PlanningDays::new(25), "the refused voucher drew nothing");

        create(&app, &admin, &form(&second, &ddps, "15", "Retail Banking")).await;
        let same_division = app.call("create_voucher", &form(&first, &ddps, "15", "  retail   banking "), Some(&admin)).await;
        assert_eq!(same_division.status, StatusCode::UNPROCESSABLE_ENTITY, "case and spacing do not make a new division");
        create(&app, &admin, &form(&first, &sdps, "5", "")).await;
        // Shorter vouchers and other offerings are not limited.
        create(&app, &admin, &form(&second, &ddps, "10", "")).await;

        // Once the first is cancelled, the whole organisation may hold a 15-day voucher again.
        assert_eq!(app.call("cancel_voucher", &[("id", &whole.id.to_string())], Some(&admin)).await.status, StatusCode::OK);
        create(&app, &admin, &form(&first, &ddps, "15", "")).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE days = 15 AND status = 'assigned'").await, 2);
    }
}

on_both_backends! {
    async fn cancelling_an_assigned_voucher_returns_its_days_once(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000005", "2500", "2028-06-30").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let voucher = create(&app, &admin, &form(&agreement_id, &ddps, "5", "")).await;
        let id = voucher.id.to_string();
        assert_eq!(app.call("cancel_voucher", &[("id", &id)], Some(&admin)).await.status, StatusCode::OK);
        let again = app.call("cancel_voucher", &[("id", &id)], Some(&admin)).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.app_error().to_string(), "Only an assigned voucher can be cancelled; this one is cancelled.");
        assert_eq!(app.call("cancel_voucher", &[("id", "nonsense")], Some(&admin)).await.status, StatusCode::NOT_FOUND);
        let pool = agreement(&app, &admin, "V1000005").await.pool;
        assert_eq!((pool.left, pool.returned, pool.reserved), (PlanningDays::new(10), PlanningDays::new(5), PlanningDays::ZERO));
        let mail = crate::server::db::outbox::for_recipient(&app.db.pool, PM_EMAIL).await.unwrap();
        assert_eq!(mail[0].0, "voucher_cancelled");
        let detail: VoucherDetail = serde_json::from_str(&app.call("voucher_detail", &[("id", &id)], Some(&admin)).await.body).unwrap();
        assert_eq!(detail.voucher.status, VoucherStatus::Cancelled);
        assert_eq!(detail.timeline.iter().map(|entry| entry.action.as_str()).collect::<Vec<_>>(), ["assigned", "cancelled"]);
    }
}

on_both_backends! {
    async fn the_pool_figures_the_database_keeps_are_checked_against_the_vouchers(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000015", "2500", "2028-06-30").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        create(&app, &admin, &form(&agreement_id, &ddps, "3", "Kept")).await;
        let cancelled = create(&app, &admin, &form(&agreement_id, &ddps, "5", "Cancelled")).await;
        let cancel = app.call("cancel_voucher", &[("id", &cancelled.id.to_string())], Some(&admin)).await;
        assert_eq!(cancel.status, StatusCode::OK, "{}", cancel.body);
        let pool = agreement(&app, &admin, "V1000015").await.pool;
        assert_eq!((pool.reserved, pool.returned, pool.left), (PlanningDays::new(3), PlanningDays::new(5), PlanningDays::new(7)));
        assert!(crate::server::integrity::violations(&app.db).await.unwrap().is_empty());

        // Figures that drift from the vouchers (a trigger lost, a hand edit of the table) are
        // what the check exists for.
        sqlx::query("UPDATE licensing_agreements SET open_days = open_days + 1 WHERE id = $1")
            .bind(&agreement_id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let broken = crate::server::integrity::violations(&app.db).await.unwrap();
        assert!(
            broken.iter().any(|found| found.contains("V1000015 keeps (open, used, returned, lost) = (4, 0, 5, 0), its vouchers sum to (3, 0, 5, 0)")),
            "{broken:#?}"
        );

        // So are the dashboard's tallies: the cancelled voucher counts once, in its status.
        let tally: (i64, i64) = sqlx::query_as(
            "SELECT CAST(vouchers AS BIGINT), CAST(days AS BIGINT) FROM voucher_tallies
             WHERE customer_org_id = $1 AND status = 'cancelled' AND month = '2026-01'",
        )
        .bind(crate::server::seed::DEMO_CUSTOMER.id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(tally, (1, 5));
        sqlx::query("UPDATE voucher_tallies SET vouchers = vouchers + 1 WHERE customer_org_id = $1 AND status = 'cancelled'")
            .bind(crate::server::seed::DEMO_CUSTOMER.id.to_string())
            .execute(&app.db.pool)
            .await
            .unwrap();
        let broken = crate::server::integrity::violations(&app.db).await.unwrap();
        assert!(
            broken.iter().any(|found| found.contains("keeps 2 cancelled vouchers (5 days)") && found.contains("created in 2026-01, its vouchers count 1 (5 days)")),
            "{broken:#?}"
        );
    }
}

on_both_backends! {
    async fn vouchers_warn_at_150_days_and_expire_at_180_returning_their_days(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000006", "2500", "2028-06-30").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let voucher = create(&app, &admin, &form(&agreement_id, &ddps, "3", "")).await;

        app.clock.advance(Duration::days(149));
        assert_eq!(run_expiry(&app.db, app.clock_now()).await.unwrap().warned, 0, "more than 30 days left");
        app.clock.advance(Duration::days(1));
        let run = run_expiry(&app.db, app.clock_now()).await.unwrap();
        assert_eq!((run.warned, run.expired), (1, 0));
        assert_eq!(run_expiry(&app.db, app.clock_now()).await.unwrap().warned, 0, "warned once");

        app.clock.advance(Duration::days(30) - Duration::minutes(1));
        assert_eq!(run_expiry(&app.db, app.clock_now()).await.unwrap().expired, 0, "still inside its 180 days");
        app.clock.advance(Duration::minutes(1));
        let run = run_expiry(&app.db, app.clock_now()).await.unwrap();
        assert_eq!((run.expired, run.days_returned), (1, 3));

        let pool = agreement(&app, &admin, "V1000006").await.pool;
        assert_eq!((pool.left, pool.returned, pool.lost), (PlanningDays::new(10), PlanningDays::new(3), PlanningDays::ZERO));
        let detail: VoucherDetail =
            serde_json::from_str(&app.call("voucher_detail", &[("id", &voucher.id.to_string())], Some(&admin)).await.body).unwrap();
        assert_eq!(detail.voucher.status, VoucherStatus::Expired);
        assert_eq!(detail.timeline.last().unwrap().actor_name, None, "the system expired it");
        let kinds: Vec<String> = crate::server::db::outbox::for_recipient(&app.db.pool, PM_EMAIL).await.unwrap().into_iter().map(|m| m.0).collect();
        assert_eq!(kinds, ["voucher_expired", "voucher_expiring", "voucher_assigned"]);
    }
}

on_both_backends! {
    async fn days_of_a_voucher_expiring_after_its_agreement_ended_are_lost(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000007", "2500", "2026-03-31").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        create(&app, &admin, &form(&agreement_id, &ddps, "5", "")).await;
        app.clock.advance(Duration::days(180));
        let run = run_expiry(&app.db, app.clock_now()).await.unwrap();
        assert_eq!((run.expired, run.days_returned), (1, 0));
        let pool = agreement(&app, &admin, "V1000007").await.pool;
        assert_eq!((pool.left, pool.lost, pool.returned), (PlanningDays::new(5), PlanningDays::new(5), PlanningDays::ZERO));
        assert!(pool.balances());
    }
}

on_both_backends! {
    async fn one_expiry_batch_returns_days_only_to_agreements_that_still_run(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let running = active_agreement(&app, &admin, "V1000010", "2500", "2028-06-30").await;
        let ended = active_agreement(&app, &admin, "V1000011", "2500", "2026-03-31").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        for (agreement, division) in [(&running, "North"), (&running, "South"), (&ended, "North"), (&ended, "South")] {
            create(&app, &admin, &form(agreement, &ddps, "3", division)).await;
        }
        app.clock.advance(Duration::days(181));
        let run = run_expiry(&app.db, app.clock_now()).await.unwrap();
        assert_eq!((run.expired, run.days_returned), (4, 6), "the running agreement's two vouchers give back 3 days each");
        let kept = agreement(&app, &admin, "V1000010").await.pool;
        assert_eq!((kept.returned, kept.lost), (PlanningDays::new(6), PlanningDays::ZERO));
        let lapsed = agreement(&app, &admin, "V1000011").await.pool;
        assert_eq!((lapsed.returned, lapsed.lost), (PlanningDays::ZERO, PlanningDays::new(6)));
        assert!(kept.balances() && lapsed.balances());
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'expired'").await, 4);
        let expired: Vec<(String, String, String)> = crate::server::db::outbox::for_recipient(&app.db.pool, PM_EMAIL).await.unwrap();
        assert_eq!(expired.iter().filter(|message| message.0 == "voucher_expired").count(), 4);
        assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'voucher_expired'").await, 4, "the project manager has an account");
        assert!(crate::server::integrity::violations(&app.db).await.unwrap().is_empty());
    }
}

on_both_backends! {
    async fn concurrent_expiry_jobs_return_days_once(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000008", "15000", "2028-06-30").await; // 25 days
        let ddps = offering_id(&app, &admin, "DDPS").await;
        for division in 0..8 {
            create(&app, &admin, &form(&agreement_id, &ddps, "3", &format!("Division {division}"))).await;
        }
        app.clock.advance(Duration::days(181));
        let now = app.clock_now();
        let (a, b, c) = tokio::join!(run_expiry(&app.db, now), run_expiry(&app.db, now), run_expiry(&app.db, now));
        let runs = [a.unwrap(), b.unwrap(), c.unwrap()];
        assert_eq!(runs.iter().map(|run| run.expired).sum::<usize>(), 8, "{runs:?}");
        assert_eq!(runs.iter().map(|run| run.days_returned).sum::<u32>(), 24);
        let pool = agreement(&app, &admin, "V1000008").await.pool;
        assert_eq!((pool.left, pool.returned), (PlanningDays::new(25), PlanningDays::new(24)));
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'expired'").await, 8);
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'voucher_expired'").await, 8);
    }
}

on_both_backends! {
    async fn concurrent_wizards_cannot_overdraw_the_pool(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000009", "2500", "2028-06-30").await; // 10 days
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let divisions: Vec<String> = (0..6).map(|n| format!("Team {n}")).collect();
        let forms: Vec<_> = divisions.iter().map(|division| form(&agreement_id, &ddps, "3", division)).collect();
        let calls = forms.iter().map(|answers| app.call("create_voucher", answers, Some(&admin)));
        let responses = futures::future::join_all(calls).await;
        let created = responses.iter().filter(|response| response.status == StatusCode::OK).count();
        assert_eq!(created, 3, "10 days hold three 3-day vouchers");
        for refused in responses.iter().filter(|response| response.status != StatusCode::OK) {
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        }
        let (from_rows, stored) = pool_from_rows(&app, &agreement_id).await;
        assert_eq!((from_rows, stored), (1, 1));
    }
}

on_both_backends! {
    async fn the_list_filters_pages_and_exports(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000010", "15000", "2028-06-30").await; // 25 days
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let sdps = offering_id(&app, &admin, "SDPS").await;
        let mut ids = Vec::new();
        for n in 0..22 {
            let offering = if n % 2 == 0 { &ddps } else { &sdps };
            ids.push(create(&app, &admin, &form(&agreement_id, offering, "1", &format!("Unit {n}"))).await.id);
            app.clock.advance(Duration::seconds(1));
        }
        app.call("cancel_voucher", &[("id", &ids[0].to_string())], Some(&admin)).await;

        let first = list(&app, &admin, &[]).await;
        // 25 per page: all 22 on one page, newest first.
        assert_eq!(first.vouchers.len(), 22);
        assert_eq!(first.vouchers[0].id, ids[21]);
        assert!(first.next.is_none());
        assert_eq!(list(&app, &admin, &[("status", "cancelled")]).await.vouchers.len(), 1);
        assert_eq!(list(&app, &admin, &[("offering", &sdps)]).await.vouchers.len(), 11);
        assert_eq!(list(&app, &admin, &[("agreement", &agreement_id), ("status", "assigned"), ("offering", &ddps)]).await.vouchers.len(), 10);
        assert_eq!(list(&app, &admin, &[("status", "bogus")]).await.vouchers.len(), 22, "an unknown filter value is ignored");

        let csv = app.call("export_vouchers", &[("status", "assigned"), ("agreement", ""), ("offering", "")], Some(&admin)).await;
        assert_eq!(csv.status, StatusCode::OK);
        let csv: String = serde_json::from_str(&csv.body).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 22, "a header and 21 assigned vouchers");
        assert!(lines[0].starts_with("code,status,agreement,offering,days"));
        assert!(lines[1].contains(",assigned,V1000010,"));
    }
}

on_both_backends! {
    async fn keyset_pages_cover_every_voucher_once(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let mut all = Vec::new();
        for n in 0..3 {
            let agreement_id = active_agreement(&app, &admin, &format!("V20000{n}"), "15000", "2028-06-30").await;
            let ddps = offering_id(&app, &admin, "DDPS").await;
            for m in 0..20 {
                // Several vouchers in the same millisecond: the id breaks the tie.
                all.push(create(&app, &admin, &form(&agreement_id, &ddps, "1", &format!("{n}-{m}"))).await.id);
            }
        }
        let mut seen = Vec::new();
        let mut after = String::new();
        loop {
            let page = list(&app, &admin, &[("after", &after)]).await;
            assert!(page.vouchers.len() <= 25);
            seen.extend(page.vouchers.into_iter().map(|voucher| voucher.id));
            match page.next {
                Some(next) => after = next,
                None => break,
            }
        }
        assert_eq!(seen.len(), 60);
        seen.sort();
        seen.dedup();
        all.sort();
        assert_eq!(seen, all);
    }
}

/// One step of the pool property test.
#[derive(Debug, Clone)]
enum PoolStep {
    Create(u32),
    Cancel(usize),
    /// Moves the clock this many days and runs the expiry job.
    Wait(i64),
}

fn pool_steps() -> impl proptest::strategy::Strategy<Value = (i64, Vec<PoolStep>)> {
    use proptest::prelude::*;
    let step = prop_oneof![
        4 => prop::sample::select(vec![1u32, 3, 5, 10, 15]).prop_map(PoolStep::Create),
        2 => (0usize..8).prop_map(PoolStep::Cancel),
        1 => (1i64..120).prop_map(PoolStep::Wait),
    ];
    // The agreement ends 30 to 400 days from the start, so some cases see it end.
    (30i64..400, prop::collection::vec(step, 1..14))
}

/// What the pool must look like, worked out independently of the server.
#[derive(Debug, Default)]
struct PoolModel {
    left: u32,
    open: Vec<(u32, chrono::DateTime<chrono::Utc>, bool)>,
    returned: u32,
    lost: u32,
}

on_both_backends! {
    async fn days_are_never_created_or_lost_over_create_cancel_and_expire(app: TestApp) {
        use proptest::test_runner::{Config, TestCaseError, TestRunner};
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let mut runner = TestRunner::new(Config { cases: 24, failure_persistence: None, ..Config::default() });
        let case = std::sync::atomic::AtomicUsize::new(0);
        let handle = tokio::runtime::Handle::current();
        let result = runner.run(&pool_steps(), |(ends_in_days, steps)| {
            tokio::task::block_in_place(|| handle.block_on(async {
                let n = case.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let licensing_id = format!("PROP-{n}");
                let ends_on = (app.clock_now() + Duration::days(ends_in_days)).date_naive().to_string();
                let agreement_id = active_agreement(&app, &admin, &licensing_id, "15000", &ends_on).await;
                let mut model = PoolModel { left: 25, ..PoolModel::default() };
                let mut ids = Vec::new();
                for (index, step) in steps.iter().enumerate() {
                    let today = app.clock_now().date_naive();
                    let agreement_runs = today.to_string() <= ends_on;
                    match step {
                        PoolStep::Create(days) => {
                            let division = format!("{n}-{index}");
                            let days_text = days.to_string();
                            let response = app.call("create_voucher", &form(&agreement_id, &ddps, &days_text, &division), Some(&admin)).await;
                            if agreement_runs && *days <= model.left && model.left > 0 {
                                prop_ensure(response.status == StatusCode::OK, &response.body)?;
                                let created: VoucherCreated = serde_json::from_str(&response.body).unwrap();
                                ids.push(created.id.to_string());
                                model.left -= days;
                                model.open.push((*days, app.clock_now(), true));
                            } else {
                                prop_ensure(response.status == StatusCode::UNPROCESSABLE_ENTITY, &response.body)?;
                            }
                        }
                        PoolStep::Cancel(pick) => {
                            let Some(id) = ids.get(*pick % ids.len().max(1)) else { continue };
                            let index = ids.iter().position(|known| known == id).unwrap();
                            let response = app.call("cancel_voucher", &[("id", id)], Some(&admin)).await;
                            let (days, _, open) = &mut model.open[index];
                            if *open {
                                prop_ensure(response.status == StatusCode::OK, &response.body)?;
                                *open = false;
                                if agreement_runs { model.left += *days; model.returned += *days } else { model.lost += *days }
                            } else {
                                prop_ensure(response.status == StatusCode::CONFLICT, &response.body)?;
                            }
                        }
                        PoolStep::Wait(days) => {
                            app.clock.advance(Duration::days(*days));
                            let now = app.clock_now();
                            run_expiry(&app.db, now).await.unwrap();
                            let agreement_runs = now.date_naive().to_string() <= ends_on;
                            for (days, assigned_at, open) in model.open.iter_mut() {
                                if *open && *assigned_at + Duration::days(180) <= now {
                                    *open = false;
                                    if agreement_runs { model.left += *days; model.returned += *days } else { model.lost += *days }
                                }
                            }
                        }
                    }
                    let pool = agreement(&app, &admin, &licensing_id).await.pool;
                    let reserved: u32 = model.open.iter().filter(|voucher| voucher.2).map(|voucher| voucher.0).sum();
                    let expected = Pool {
                        entitled: PlanningDays::new(25),
                        reserved: PlanningDays::new(reserved),
                        used: PlanningDays::ZERO,
                        returned: PlanningDays::new(model.returned),
                        lost: PlanningDays::new(model.lost),
                        left: PlanningDays::new(model.left),
                    };
                    prop_ensure(pool == expected, &format!("after {step:?}: {pool:?} != {expected:?}"))?;
                    prop_ensure(pool.balances(), "pool does not balance")?;
                    let (from_rows, stored) = pool_from_rows(&app, &agreement_id).await;
                    prop_ensure(from_rows == stored, "stored balance differs from the voucher rows")?;
                }
                Ok::<(), TestCaseError>(())
            }))
        });
        if let Err(error) = result {
            panic!("{error}");
        }
    }
}

fn prop_ensure(condition: bool, message: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    if condition {
        Ok(())
    } else {
        Err(proptest::test_runner::TestCaseError::fail(message.to_owned()))
    }
}
