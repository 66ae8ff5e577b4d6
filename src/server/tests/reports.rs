//! Step 6: completion reports, deliverables checked by content, submission → Delivered.

use super::helpers::{on_both_backends, TestApp};
use super::reservations::{
    customer_voucher, engagement_type, ok, onboard_partner, user_id, AsFields, Reservation, ADMIN_EMAIL,
};
use crate::domain::report::{ReportView, MAX_DELIVERABLE_BYTES};
use crate::domain::roles::Role;
use crate::domain::voucher::VoucherDetail;
use crate::domain::voucher_status::VoucherStatus;
use axum::http::StatusCode;
use chrono::Duration;

pub(super) const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

pub(super) struct Reserved {
    pub(super) engagement: String,
    pub(super) voucher_id: String,
    pub(super) partner: String,
    pub(super) consultant: String,
    pub(super) consultant_id: String,
}

/// Contoso onboarded for Windows & Office engagements, Carlos with a passed exam.
pub(super) struct Contoso {
    pub(super) partner: String,
    pub(super) consultant: String,
    pub(super) consultant_id: String,
    pub(super) location: String,
    pub(super) windows: String,
}

pub(super) async fn contoso(app: &TestApp) -> Contoso {
    let partner = app.sign_in_demo(Role::GlobalAdmin).await;
    let consultant_id = user_id(app, "consultant@contoso.example").await;
    let location = onboard_partner(app, &partner, &consultant_id).await;
    let windows = engagement_type(app, "Windows & Office Deployment Planning").await;
    let consultant = app.sign_in_demo(Role::Consultant).await;
    Contoso { partner, consultant, consultant_id, location, windows }
}

/// A new 3-day DDPS voucher of Fabrikam reserved by Contoso (Carlos named).
pub(super) async fn reserve_for(app: &TestApp, contoso: &Contoso) -> Reserved {
    let (code, voucher_id) = customer_voucher(app, "DDPS").await;
    let start = (app.clock_now() + Duration::days(5)).date_naive().to_string();
    let end = (app.clock_now() + Duration::days(7)).date_naive().to_string();
    let reservation = Reservation {
        code: &code,
        admin_email: ADMIN_EMAIL,
        engagement_type_id: &contoso.windows,
        location_id: &contoso.location,
        consultants: &contoso.consultant_id,
        starts_on: &start,
        ends_on: &end,
        accept_terms: "on",
    };
    let engagement: String =
        serde_json::from_str(&ok(app, "reserve_voucher", &reservation.fields(), &contoso.partner).await).unwrap();
    Reserved {
        engagement,
        voucher_id,
        partner: contoso.partner.clone(),
        consultant: contoso.consultant.clone(),
        consultant_id: contoso.consultant_id.clone(),
    }
}

/// A 3-day DDPS voucher reserved by Contoso on 2026-01-15.
async fn reserved(app: &TestApp) -> Reserved {
    let contoso = contoso(app).await;
    reserve_for(app, &contoso).await
}

fn report<'a>(engagement: &'a str, consultant: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("engagement_id", engagement),
        ("delivered_from", "2026-01-20"),
        ("delivered_to", "2026-01-22"),
        ("days_delivered", "3"),
        ("consultants", consultant),
        ("customer_contact_name", "Pablo Project"),
        ("customer_contact_email", "project.manager@fabrikam.example"),
        ("summary", "Assessed 1,200 desktops and planned the Windows 11 rollout in three waves."),
        ("recommendations", "Start with the finance pilot group; automate with Autopilot."),
    ]
}

on_both_backends! {
    async fn a_report_with_a_deliverable_delivers_the_voucher(app: TestApp) {
        let r = reserved(&app).await;
        app.clock.advance(Duration::days(8)); // 2026-01-23, the engagement is over
        let id = [("engagement_id", r.engagement.as_str())];

        // The named consultant drafts; submitting is for admins.
        ok(&app, "save_report", &report(&r.engagement, &r.consultant_id), &r.consultant).await;
        assert_eq!(app.call("submit_report", &id, Some(&r.consultant)).await.status, StatusCode::FORBIDDEN);
        let without_file = app.call("submit_report", &id, Some(&r.partner)).await;
        assert_eq!(without_file.status, StatusCode::CONFLICT);
        assert_eq!(without_file.app_error().to_string(), "Upload at least one customer deliverable before submitting.");

        // Files are judged by their content, not their name.
        let disguised = app.upload("upload_deliverable", &id, ("plan.pdf", b"<html><script>alert(1)</script></html>"), Some(&r.consultant)).await;
        assert_eq!(disguised.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            disguised.app_error().field_message("file").as_deref(),
            Some("Upload a PDF, Word (.docx), PowerPoint (.pptx) or Excel (.xlsx) file; this file is none of these.")
        );
        let empty = app.upload("upload_deliverable", &id, ("empty.pdf", b""), Some(&r.consultant)).await;
        assert_eq!(empty.app_error().field_message("file").as_deref(), Some("Choose a file to upload."));
        let mut huge = PDF.to_vec();
        huge.resize(MAX_DELIVERABLE_BYTES + 10, b' ');
        let too_big = app.upload("upload_deliverable", &id, ("huge.pdf", &huge), Some(&r.consultant)).await;
        assert_eq!(too_big.app_error().field_message("file").as_deref(), Some("The file is larger than 10 MB."));
        assert_eq!(app.count("SELECT COUNT(*) FROM deliverables").await, 0);

        let uploaded = app.upload("upload_deliverable", &id, ("../Rollout plan.exe", PDF), Some(&r.consultant)).await;
        assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
        let deliverable: String = serde_json::from_str(&uploaded.body).unwrap();

        let view: ReportView = serde_json::from_str(&ok(&app, "get_report", &id, &r.partner).await).unwrap();
        assert_eq!(view.deliverables.len(), 1);
        assert_eq!(view.deliverables[0].file_name, "Rollout plan.pdf");
        assert!(view.can_submit);
        ok(&app, "submit_report", &id, &r.partner).await;

        // Delivered: the customer sees it and the report can no longer change.
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let detail: VoucherDetail = serde_json::from_str(&ok(&app, "voucher_detail", &[("id", &r.voucher_id)], &customer).await).unwrap();
        assert_eq!(detail.voucher.status, VoucherStatus::Delivered);
        assert_eq!(detail.timeline.last().unwrap().action, "delivered");
        assert_eq!(app.call("save_report", &report(&r.engagement, &r.consultant_id), Some(&r.partner)).await.status, StatusCode::CONFLICT);
        assert_eq!(app.upload("upload_deliverable", &id, ("more.pdf", PDF), Some(&r.partner)).await.status, StatusCode::CONFLICT);
        assert_eq!(app.call("submit_report", &id, Some(&r.partner)).await.status, StatusCode::CONFLICT);

        // The partner, the customer and the operator download it, as an attachment.
        let operator = app.sign_in_demo(Role::Operator).await;
        for cookie in [&r.partner, &customer, &operator] {
            let download = app.get(&format!("/api/download_deliverable?id={deliverable}"), Some(cookie)).await;
            assert_eq!(download.status, StatusCode::OK, "{:?} {}", download.location, download.body);
            assert_eq!(download.body.as_bytes(), PDF);
            assert_eq!(download.content_disposition.as_deref(), Some("attachment; filename=\"Rollout plan.pdf\""));
        }
        // Anyone else learns nothing.
        let stranger = app.sign_up(&[("org_kind", "partner"), ("org_name", "Nosy Partner"), ("name", "Nora"), ("email", "nora@nosy.example"), ("password", "nora passphrase 1")]).await;
        assert_eq!(app.get(&format!("/api/download_deliverable?id={deliverable}"), Some(&stranger)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.call("get_report", &id, Some(&stranger)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/api/download_deliverable?id={deliverable}"), None).await.status, StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn bad_report_input_gets_field_messages_and_stores_nothing(app: TestApp) {
        let r = reserved(&app).await;
        app.clock.advance(Duration::days(8));
        for (field, value, message) in [
            ("days_delivered", "4", "Enter the days delivered, from 1 to the voucher's 3."),
            ("days_delivered", "-1", "Enter the days delivered, from 1 to the voucher's 3."),
            ("days_delivered", "99999999999999999999", "Enter the days delivered, from 1 to the voucher's 3."),
            ("days_delivered", "2.5", "Enter the days delivered, from 1 to the voucher's 3."),
            ("days_delivered", "", "Enter the days delivered, from 1 to the voucher's 3."),
            ("delivered_from", "31/01/2026", "Enter the date as YYYY-MM-DD, for example 2026-03-31."),
            ("delivered_to", "2026-02-20", "Delivery cannot end after the engagement's planned end (22 Jan 2026). If it ran longer, move its dates first."),
            ("delivered_from", "2026-01-01", "Delivery cannot start before the engagement's planned start (20 Jan 2026). If it started earlier, move its dates first."),
            ("customer_contact_email", "pablo at fabrikam", "Enter an email address like name@company.com."),
            ("summary", "Done.", "Write at least 20 characters."),
            ("consultants", "", "Choose at least one consultant."),
        ] {
            let mut form = report(&r.engagement, &r.consultant_id);
            form.retain(|(name, _)| *name != field);
            form.push((field, value));
            let response = app.call("save_report", &form, Some(&r.consultant)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{field}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM completion_reports").await, 0);
        // The customer reads the report, but cannot write it.
        let customer = app.sign_in_demo(Role::ProjectManager).await;
        assert_eq!(app.call("save_report", &report(&r.engagement, &r.consultant_id), Some(&customer)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.count("SELECT COUNT(*) FROM completion_reports").await, 0);
    }
}

/// Delivers a reserved voucher: report and deliverable submitted 8 days later.
pub(super) async fn deliver(app: &TestApp, r: Reserved) -> Reserved {
    app.clock.advance(Duration::days(8));
    // Delivered on the planned dates, as many days as they hold (a weekend may fall
    // between them).
    let id = [("engagement_id", r.engagement.as_str())];
    let view: ReportView = serde_json::from_str(&ok(app, "get_report", &id, &r.partner).await).unwrap();
    let (from, to) = (view.engagement.starts_on, view.engagement.ends_on);
    let (from_text, to_text) = (from.to_string(), to.to_string());
    let days = crate::domain::report::days_of_work(from, to).min(3).to_string();
    let mut form = report(&r.engagement, &r.consultant_id);
    form.retain(|(name, _)| !matches!(*name, "delivered_from" | "delivered_to" | "days_delivered"));
    form.extend([
        ("delivered_from", from_text.as_str()),
        ("delivered_to", to_text.as_str()),
        ("days_delivered", days.as_str()),
    ]);
    ok(app, "save_report", &form, &r.consultant).await;
    assert_eq!(
        app.upload("upload_deliverable", &id, ("plan.pdf", PDF), Some(&r.consultant)).await.status,
        StatusCode::OK
    );
    ok(app, "submit_report", &id, &r.partner).await;
    r
}

async fn delivered(app: &TestApp) -> Reserved {
    let r = reserved(app).await;
    deliver(app, r).await
}

on_both_backends! {
    async fn delivered_vouchers_are_redeemed_once_and_only_before_expiry(app: TestApp) {
        let contoso = contoso(&app).await;
        let first = reserve_for(&app, &contoso).await;
        let first = deliver(&app, first).await;
        // A second engagement that is only reserved.
        let second = reserve_for(&app, &contoso).await;
        let both = format!("{},{}", first.engagement, second.engagement);
        let refused = app.call("redeem_engagements", &[("engagement_ids", &both)], Some(&first.partner)).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert!(refused.app_error().to_string().ends_with("is reserved: only delivered vouchers can be redeemed."), "{}", refused.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE status = 'redeemed'").await, 0, "all or nothing");

        assert_eq!(app.call("redeem_engagements", &[("engagement_ids", "")], Some(&first.partner)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.call("redeem_engagements", &[("engagement_ids", &first.engagement)], Some(&first.consultant)).await.status, StatusCode::FORBIDDEN);
        let redeemed = ok(&app, "redeem_engagements", &[("engagement_ids", &first.engagement)], &first.partner).await;
        assert_eq!(redeemed, "1");
        let again = app.call("redeem_engagements", &[("engagement_ids", &first.engagement)], Some(&first.partner)).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "no double redeem");
        assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE status = 'redeemed' AND redeemed_at IS NOT NULL").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'redeemed'").await, 1);

        // The customer's pool counts the redeemed days as used.
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreements: Vec<crate::domain::agreement::LicensingAgreement> =
            serde_json::from_str(&ok(&app, "list_agreements", &[], &customer).await).unwrap();
        let used: u32 = agreements.iter().map(|agreement| agreement.pool.used.get()).sum();
        assert_eq!(used, 3);
        assert!(agreements.iter().all(|agreement| agreement.pool.balances()));

        // Another partner cannot redeem someone else's engagement.
        let other = app.sign_up(&[("org_kind", "partner"), ("org_name", "Other"), ("name", "Otto"), ("email", "otto@other.example"), ("password", "otto passphrase 1")]).await;
        let foreign = app.call("redeem_engagements", &[("engagement_ids", &second.engagement)], Some(&other)).await;
        assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

on_both_backends! {
    async fn a_delivered_voucher_past_its_180_days_cannot_be_redeemed(app: TestApp) {
        let r = delivered(&app).await;
        app.clock.advance(Duration::days(180));
        let late = app.call("redeem_engagements", &[("engagement_ids", &r.engagement)], Some(&r.partner)).await;
        assert_eq!(late.status, StatusCode::CONFLICT);
        assert!(late.app_error().to_string().contains("expired on 14 Jul 2026"), "{}", late.body);
    }
}

on_both_backends! {
    async fn a_partner_moves_the_dates_within_the_voucher_life_and_the_customer_is_told(app: TestApp) {
        let r = reserved(&app).await;
        let id = r.engagement.as_str();
        let late = app.call("change_engagement_dates", &[("engagement_id", id), ("starts_on", "2026-07-10"), ("ends_on", "2026-07-20")], Some(&r.partner)).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(late.app_error().field_message("ends_on").as_deref(), Some("The engagement must end by 14 Jul 2026, when the voucher expires."));
        assert_eq!(app.call("change_engagement_dates", &[("engagement_id", id), ("starts_on", "2026-03-02"), ("ends_on", "2026-03-04")], Some(&r.consultant)).await.status, StatusCode::FORBIDDEN);
        ok(&app, "change_engagement_dates", &[("engagement_id", id), ("starts_on", "2026-03-02"), ("ends_on", "2026-03-04")], &r.partner).await;

        let mail = crate::server::db::outbox::for_recipient(&app.db.pool, "project.manager@fabrikam.example").await.unwrap();
        assert_eq!(mail[0].0, "engagement_dates_changed");
        assert!(mail[0].2.contains("2 Mar 2026 – 4 Mar 2026"), "{}", mail[0].2);

        // The partner sees the voucher's history without the customer's internal details.
        let partner_view: ReportView = serde_json::from_str(&ok(&app, "get_report", &[("engagement_id", id)], &r.partner).await).unwrap();
        assert_eq!(partner_view.engagement.starts_on.to_string(), "2026-03-02");
        assert_eq!(partner_view.timeline.iter().map(|entry| entry.action.as_str()).collect::<Vec<_>>(), ["assigned", "reserved", "dates_changed"]);
        assert!(partner_view.timeline.iter().all(|entry| entry.before.is_none() && entry.after.is_none()));
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let customer_view: ReportView = serde_json::from_str(&ok(&app, "get_report", &[("engagement_id", id)], &customer).await).unwrap();
        assert!(customer_view.timeline[0].after.as_deref().is_some_and(|after| after.contains("project.manager@fabrikam.example")));
    }
}

on_both_backends! {
    async fn the_report_keeps_to_the_engagement_dates_and_the_days_of_work_between_them(app: TestApp) {
        // Reserved on Thursday 15 January 2026 for Tuesday 20 to Thursday 22 January.
        let r = reserved(&app).await;
        app.clock.advance(Duration::days(8));
        let id = [("engagement_id", r.engagement.as_str())];
        let with = |changes: &[(&'static str, &'static str)]| {
            let mut form = report(&r.engagement, &r.consultant_id);
            for (field, value) in changes {
                form.retain(|(name, _)| name != field);
                form.push((*field, *value));
            }
            form
        };
        for (changes, field, message) in [
            (vec![("delivered_from", "2026-01-19")], "delivered_from", "Delivery cannot start before the engagement's planned start (20 Jan 2026). If it started earlier, move its dates first."),
            (vec![("delivered_to", "2026-01-23")], "delivered_to", "Delivery cannot end after the engagement's planned end (22 Jan 2026). If it ran longer, move its dates first."),
            (vec![("delivered_to", "2026-01-21")], "days_delivered", "The delivery dates hold 2 days of work (Monday to Friday): enter no more than that."),
        ] {
            let response = app.call("save_report", &with(&changes), Some(&r.consultant)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{changes:?}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{changes:?}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM completion_reports").await, 0, "a refused report stores nothing");
        ok(&app, "save_report", &with(&[]), &r.consultant).await;
        assert_eq!(app.upload("upload_deliverable", &id, ("plan.pdf", PDF), Some(&r.consultant)).await.status, StatusCode::OK);

        // The engagement began a day later than the saved report says: moving its dates
        // makes the report wrong, and it cannot be submitted until it is corrected.
        ok(&app, "change_engagement_dates", &[("engagement_id", &r.engagement), ("starts_on", "2026-01-21"), ("ends_on", "2026-01-22")], &r.partner).await;
        let stale = app.call("submit_report", &id, Some(&r.partner)).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert_eq!(stale.app_error().to_string(), "Delivery cannot start before the engagement's planned start (21 Jan 2026). If it started earlier, move its dates first.");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM vouchers WHERE id = '{}' AND status = 'reserved'", r.voucher_id)).await, 1);
        // Dates move back no earlier than the day of the reservation, even once passed.
        let too_early = app.call("change_engagement_dates", &[("engagement_id", &r.engagement), ("starts_on", "2026-01-14"), ("ends_on", "2026-01-22")], Some(&r.partner)).await;
        assert_eq!(too_early.app_error().field_message("starts_on").as_deref(), Some("The engagement cannot start before the day it was reserved (15 Jan 2026)."));
        ok(&app, "change_engagement_dates", &[("engagement_id", &r.engagement), ("starts_on", "2026-01-16"), ("ends_on", "2026-01-22")], &r.partner).await;
        ok(&app, "submit_report", &id, &r.partner).await;

        // The customer reads the dates it was delivered on.
        let customer = app.sign_in_demo(Role::ProjectManager).await;
        let view: ReportView = serde_json::from_str(&ok(&app, "get_report", &id, &customer).await).unwrap();
        let delivered = view.report.expect("the customer reads the report");
        assert_eq!((delivered.delivered_from.to_string(), delivered.delivered_to.to_string()), ("2026-01-20".into(), "2026-01-22".into()));
    }
}

on_both_backends! {
    async fn a_deliverable_uploaded_by_mistake_is_removed_before_submission(app: TestApp) {
        let r = reserved(&app).await;
        app.clock.advance(Duration::days(8));
        let id = [("engagement_id", r.engagement.as_str())];
        ok(&app, "save_report", &report(&r.engagement, &r.consultant_id), &r.consultant).await;
        let upload = |name: &'static str| app.upload("upload_deliverable", &id, (name, PDF), Some(&r.consultant));
        let wrong: String = serde_json::from_str(&upload("Someone else's plan.pdf").await.body).unwrap();
        let right: String = serde_json::from_str(&upload("Rollout plan.pdf").await.body).unwrap();
        let remove = |deliverable: &str| [("deliverable", deliverable.to_owned())];

        // Nobody outside the engagement's partner removes anything, and nothing changes.
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let wrong_form = remove(&wrong);
        let wrong_fields: Vec<(&str, &str)> = wrong_form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.call("remove_deliverable", &wrong_fields, Some(&customer)).await.status, StatusCode::FORBIDDEN);
        let stranger = app.sign_up(&[("org_kind", "partner"), ("org_name", "Nosy Partner"), ("name", "Nora"), ("email", "nora@nosy.example"), ("password", "nora passphrase 1")]).await;
        assert_eq!(app.call("remove_deliverable", &wrong_fields, Some(&stranger)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.call("remove_deliverable", &[("deliverable", "not-an-id")], Some(&r.consultant)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.count("SELECT COUNT(*) FROM deliverables").await, 2);

        // The named consultant removes the wrong one; the audit log keeps its name.
        ok(&app, "remove_deliverable", &wrong_fields, &r.consultant).await;
        let view: ReportView = serde_json::from_str(&ok(&app, "get_report", &id, &r.partner).await).unwrap();
        assert_eq!(view.deliverables.iter().map(|file| file.file_name.as_str()).collect::<Vec<_>>(), ["Rollout plan.pdf"]);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'deliverable_removed' AND before_json LIKE '%Someone else%'").await, 1);
        assert_eq!(app.call("remove_deliverable", &wrong_fields, Some(&r.consultant)).await.status, StatusCode::NOT_FOUND, "gone");

        // Once submitted, the deliverables stay as the customer received them.
        ok(&app, "submit_report", &id, &r.partner).await;
        let right_form = remove(&right);
        let right_fields: Vec<(&str, &str)> = right_form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.call("remove_deliverable", &right_fields, Some(&r.partner)).await.status, StatusCode::CONFLICT);
        assert_eq!(app.count("SELECT COUNT(*) FROM deliverables").await, 1);
    }
}
