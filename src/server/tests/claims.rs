//! Step 8: payment registration, bank accounts, claims and the operator's decisions.

use super::helpers::{on_both_backends, TestApp};
use super::reports::{contoso, deliver, reserve_for, Contoso, Reserved};
use super::reservations::{customer_voucher, ok};
use crate::domain::claim::{ClaimPage, ClaimStatus, ClaimsOverview};
use crate::domain::roles::Role;
use axum::http::StatusCode;
use chrono::Duration;

/// A delivered and redeemed voucher of Contoso; returns it with its voucher id.
pub(super) async fn redeemed(app: &TestApp, contoso: &Contoso) -> Reserved {
    let reserved = reserve_for(app, contoso).await;
    let delivered = deliver(app, reserved).await;
    ok(app, "redeem_engagements", &[("engagement_ids", &delivered.engagement)], &delivered.partner).await;
    delivered
}

pub(super) async fn overview(app: &TestApp, cookie: &str) -> ClaimsOverview {
    serde_json::from_str(&ok(app, "get_claims", &[], cookie).await).unwrap()
}

/// Registration and the Madrid bank account.
pub(super) async fn ready_to_claim(app: &TestApp, contoso: &Contoso) {
    ok(
        app,
        "register_for_payment",
        &[
            ("legal_name", "Contoso Consulting S.L."),
            ("tax_id", "ESB12345678"),
            ("remit_address", "Calle Mayor 1, 28013 Madrid"),
        ],
        &contoso.partner,
    )
    .await;
    ok(
        app,
        "set_bank_account",
        &[
            ("location_id", &contoso.location),
            ("account_holder", "Contoso Consulting S.L."),
            ("account_number", "ES91 2100 0418 4502 0005 1332"),
            ("bank_code", "CAIXESBBXXX"),
        ],
        &contoso.partner,
    )
    .await;
}

/// A Fabrikam voucher Contoso delivered, redeemed and claimed: its code as people read it
/// (grouped) and the claim's reference.
pub(super) struct Claimed {
    pub(super) code: String,
    pub(super) reference: String,
}

pub(super) async fn claimed(app: &TestApp, contoso: &Contoso) -> Claimed {
    let voucher = redeemed(app, contoso).await;
    ready_to_claim(app, contoso).await;
    let voucher_id = voucher_id_of(&overview(app, &contoso.partner).await, &voucher.engagement);
    let form = [("location_id", contoso.location.as_str()), ("voucher_ids", voucher_id.as_str())];
    let reference: String = serde_json::from_str(&ok(app, "submit_claim", &form, &contoso.partner).await).unwrap();
    let stored: String = sqlx::query_scalar("SELECT code FROM vouchers WHERE id = $1")
        .bind(&voucher_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    Claimed { code: crate::domain::voucher_code::VoucherCode::parse(&stored).unwrap().to_string(), reference }
}

async fn resubmit(
    app: &TestApp,
    claim_id: &str,
    kept: &str,
    reply: &str,
    cookie: &str,
) -> super::helpers::TestResponse {
    app.call("resubmit_claim", &[("claim_id", claim_id), ("voucher_ids", kept), ("reply", reply)], Some(cookie)).await
}

pub(super) fn voucher_id_of(app_overview: &ClaimsOverview, engagement: &str) -> String {
    app_overview
        .claimable
        .iter()
        .find(|voucher| voucher.engagement_id.to_string() == engagement)
        .unwrap()
        .voucher_id
        .to_string()
}

on_both_backends! {
    async fn a_claim_goes_from_submission_to_payment(app: TestApp) {
        let contoso = contoso(&app).await;
        // Registration opens only after a redemption.
        let early = app.call("register_for_payment", &[("legal_name", "Contoso Consulting S.L."), ("tax_id", "ESB12345678"), ("remit_address", "Calle Mayor 1, 28013 Madrid")], Some(&contoso.partner)).await;
        assert_eq!(early.app_error().to_string(), "Registration opens once your organisation has redeemed a voucher.");
        let voucher = redeemed(&app, &contoso).await;
        let view = overview(&app, &contoso.partner).await;
        let voucher_id = voucher_id_of(&view, &voucher.engagement);
        let claim_form = [("location_id", contoso.location.as_str()), ("voucher_ids", voucher_id.as_str())];

        let unregistered = app.call("submit_claim", &claim_form, Some(&contoso.partner)).await;
        assert_eq!(unregistered.app_error().to_string(), "Register for payment first: legal name, tax ID and remit address.");
        let marta = app.sign_in_demo(Role::MpnAdmin).await;
        assert_eq!(app.call("set_bank_account", &[("location_id", &contoso.location), ("account_holder", "x"), ("account_number", "ES9121000418450200051332"), ("bank_code", "CAIXESBB")], Some(&marta)).await.status, StatusCode::FORBIDDEN);
        ready_to_claim(&app, &contoso).await;
        let view = overview(&app, &contoso.partner).await;
        assert_eq!(view.bank_accounts[0].account_masked, "•••• 1332", "the account number is shown masked");
        assert!(!serde_json::to_string(&view).unwrap().contains("ES9121000418450200051332"), "the full number never leaves the server");

        let reference: String = serde_json::from_str(&ok(&app, "submit_claim", &claim_form, &marta).await).unwrap();
        assert!(reference.starts_with("SAVB-2026-"), "{reference}");
        let claims = overview(&app, &contoso.partner).await.claims.claims;
        assert_eq!(claims[0].amount.to_string(), "2,700.00 EUR", "3 days × 900 EUR for Spain");
        assert_eq!(claims[0].status, ClaimStatus::Submitted);
        let twice = app.call("submit_claim", &claim_form, Some(&marta)).await;
        assert_eq!(twice.status, StatusCode::CONFLICT);
        assert!(twice.app_error().to_string().ends_with("cannot be claimed: it is claimed."), "{}", twice.body);

        // The operator returns it, the partner resubmits, the operator approves and pays.
        let operator = app.sign_in_demo(Role::Operator).await;
        let claim_id = claims[0].id.to_string();
        assert_eq!(app.call("approve_claim", &[("claim_id", &claim_id)], Some(&contoso.partner)).await.status, StatusCode::FORBIDDEN);
        ok(&app, "return_claim", &[("claim_id", &claim_id), ("comment", "Please attach the signed report.")], &operator).await;
        assert_eq!(app.call("approve_claim", &[("claim_id", &claim_id)], Some(&operator)).await.status, StatusCode::CONFLICT, "a returned claim waits for the partner");
        ok(&app, "resubmit_claim", &[("claim_id", &claim_id), ("voucher_ids", &voucher_id), ("reply", "")], &contoso.partner).await;
        ok(&app, "approve_claim", &[("claim_id", &claim_id)], &operator).await;
        let all = serde_json::from_str::<ClaimPage>(&ok(&app, "list_all_claims", &[("status", ""), ("find", "")], &operator).await).unwrap().claims;
        let due = all[0].due_on.unwrap();
        assert_eq!(due, (app.clock_now() + Duration::days(30)).date_naive(), "payment due 30 days after approval");
        assert!(!all[0].is_overdue(app.clock_now().date_naive()));
        assert!(all[0].is_overdue(due.succ_opt().unwrap()), "flagged once the due date passed");
        assert_eq!(app.call("mark_claim_paid", &[("claim_id", &claim_id), ("payment_reference", "")], Some(&operator)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        ok(&app, "mark_claim_paid", &[("claim_id", &claim_id), ("payment_reference", "TRF-2026-0042")], &operator).await;
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM vouchers WHERE id = '{voucher_id}' AND status = 'paid'")).await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'claim'").await, 5, "submitted, returned, resubmitted, approved, paid");
        assert!(app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'claim_decision'").await >= 3, "emails on each operator decision");

        // The partner's payment-status report and the operator's export, as CSV.
        for cookie in [&contoso.partner, &operator] {
            let csv: String = serde_json::from_str(&ok(&app, "export_claims", &[], cookie).await).unwrap();
            let lines: Vec<&str> = csv.lines().collect();
            assert_eq!(lines.len(), 2, "{csv}");
            assert!(lines[0].starts_with("reference,partner,location,vouchers,amount,currency,status"));
            assert!(lines[1].starts_with(&format!("{reference},Contoso Consulting,")), "{}", lines[1]);
            assert!(lines[1].contains(",2700.00,EUR,paid,"), "{}", lines[1]);
            assert!(lines[1].contains("TRF-2026-0042"));
        }
        for role in [Role::Consultant, Role::BenefitAdmin] {
            let cookie = app.sign_in_demo(role).await;
            assert_eq!(app.call("export_claims", &[], Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{role}");
        }
    }
}

on_both_backends! {
    async fn claims_respect_the_60_day_window_and_rejected_vouchers_are_claimable_again(app: TestApp) {
        let contoso = contoso(&app).await;
        let first = redeemed(&app, &contoso).await;
        ready_to_claim(&app, &contoso).await;
        let voucher_id = voucher_id_of(&overview(&app, &contoso.partner).await, &first.engagement);
        let form = [("location_id", contoso.location.as_str()), ("voucher_ids", voucher_id.as_str())];
        let reference: String = serde_json::from_str(&ok(&app, "submit_claim", &form, &contoso.partner).await).unwrap();
        let operator = app.sign_in_demo(Role::Operator).await;
        let claim_id = overview(&app, &contoso.partner).await.claims.claims[0].id.to_string();
        assert_eq!(app.call("reject_claim", &[("claim_id", &claim_id), ("reason", "")], Some(&operator)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        ok(&app, "reject_claim", &[("claim_id", &claim_id), ("reason", "The day count does not match the report.")], &operator).await;
        assert_eq!(overview(&app, &contoso.partner).await.claimable.len(), 1, "a rejected claim's voucher can be claimed again");
        let again: String = serde_json::from_str(&ok(&app, "submit_claim", &form, &contoso.partner).await).unwrap();
        assert_ne!(again, reference, "every claim gets its own reference");
        // The partner withdraws the new claim; the voucher is free again.
        let new_claim = overview(&app, &contoso.partner).await.claims.claims.iter().find(|claim| claim.reference == again).unwrap().id.to_string();
        ok(&app, "withdraw_claim", &[("claim_id", &new_claim)], &contoso.partner).await;
        assert_eq!(app.call("withdraw_claim", &[("claim_id", &new_claim)], Some(&contoso.partner)).await.status, StatusCode::CONFLICT);

        // 61 days after redemption the window has closed.
        app.clock.advance(Duration::days(61));
        let late = app.call("submit_claim", &form, Some(&contoso.partner)).await;
        assert_eq!(late.status, StatusCode::CONFLICT);
        assert!(late.app_error().to_string().contains("its 60 days to claim ended on"), "{}", late.body);

        // Another partner sees none of it.
        let other = app.sign_up(&[("org_kind", "partner"), ("org_name", "Other"), ("name", "Otto"), ("email", "otto@other.example"), ("password", "otto passphrase 1")]).await;
        assert!(overview(&app, &other).await.claims.claims.is_empty());
        assert_eq!(app.call("withdraw_claim", &[("claim_id", &claim_id)], Some(&other)).await.status, StatusCode::NOT_FOUND);
    }
}

on_both_backends! {
    async fn a_returned_claim_is_edited_and_resubmitted(app: TestApp) {
        let contoso = contoso(&app).await;
        let (first, second) = (reserve_for(&app, &contoso).await, reserve_for(&app, &contoso).await);
        let (first, second) = (deliver(&app, first).await, deliver(&app, second).await);
        let both = format!("{},{}", first.engagement, second.engagement);
        ok(&app, "redeem_engagements", &[("engagement_ids", &both)], &contoso.partner).await;
        ready_to_claim(&app, &contoso).await;
        let view = overview(&app, &contoso.partner).await;
        let (keep, drop) = (voucher_id_of(&view, &first.engagement), voucher_id_of(&view, &second.engagement));
        let both = format!("{keep},{drop}");
        ok(&app, "submit_claim", &[("location_id", &contoso.location), ("voucher_ids", &both)], &contoso.partner).await;
        let claim_id = overview(&app, &contoso.partner).await.claims.claims[0].id.to_string();
        let operator = app.sign_in_demo(Role::Operator).await;
        let early = resubmit(&app, &claim_id, &keep, "", &contoso.partner).await;
        assert_eq!(early.status, StatusCode::CONFLICT, "only a returned claim is resubmitted: {}", early.body);
        ok(&app, "return_claim", &[("claim_id", &claim_id), ("comment", "The second voucher's report is not signed.")], &operator).await;

        // Bad edits get a message on their field and change nothing.
        let stranger = uuid::Uuid::new_v4().to_string();
        let long = "x".repeat(1001);
        for (kept, reply, field, message) in [
            ("", "", "voucher_ids", "Keep at least one voucher in the claim; to drop them all, withdraw it."),
            (stranger.as_str(), "", "voucher_ids", "Choose vouchers of this claim."),
            ("not-a-voucher", "", "voucher_ids", "Choose vouchers of this claim."),
            (keep.as_str(), long.as_str(), "reply", "Use at most 1000 characters (this has 1001)."),
        ] {
            let response = resubmit(&app, &claim_id, kept, reply, &contoso.partner).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{kept:?}");
        }
        let other = app.sign_up(&[("org_kind", "partner"), ("org_name", "Other"), ("name", "Otto"), ("email", "otto@other.example"), ("password", "otto passphrase 1")]).await;
        assert_eq!(resubmit(&app, &claim_id, &keep, "", &other).await.status, StatusCode::NOT_FOUND);
        let unchanged = &overview(&app, &contoso.partner).await.claims.claims[0];
        assert_eq!((unchanged.status, unchanged.vouchers.len(), unchanged.amount.to_string().as_str()), (ClaimStatus::Returned, 2, "5,400.00 EUR"));

        // The partner drops the second voucher and replies; the amount follows.
        ok(&app, "resubmit_claim", &[("claim_id", &claim_id), ("voucher_ids", &keep), ("reply", "Dropped the unsigned one; it follows in a new claim.")], &contoso.partner).await;
        let view = overview(&app, &contoso.partner).await;
        let claim = &view.claims.claims[0];
        assert_eq!(claim.status, ClaimStatus::Submitted);
        assert_eq!(claim.vouchers.iter().map(|line| line.voucher_id.to_string()).collect::<Vec<_>>(), [keep.as_str()]);
        assert_eq!(claim.amount.to_string(), "2,700.00 EUR");
        assert_eq!(claim.decision_note.as_deref(), Some("Dropped the unsigned one; it follows in a new claim."));
        assert_eq!(view.claimable.iter().map(|voucher| voucher.voucher_id.to_string()).collect::<Vec<_>>(), [drop.as_str()], "the dropped voucher can be claimed again");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE entity_id = '{drop}' AND action = 'removed_from_claim'")).await, 1);
        assert_eq!(resubmit(&app, &claim_id, &keep, "", &contoso.partner).await.status, StatusCode::CONFLICT, "resubmitted once");

        // Paying the claim pays only what it kept; the dropped voucher goes in a new claim.
        ok(&app, "approve_claim", &[("claim_id", &claim_id)], &operator).await;
        ok(&app, "mark_claim_paid", &[("claim_id", &claim_id), ("payment_reference", "TRF-1")], &operator).await;
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM vouchers WHERE id = '{keep}' AND status = 'paid'")).await, 1);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM vouchers WHERE id = '{drop}' AND status = 'redeemed'")).await, 1);
        ok(&app, "submit_claim", &[("location_id", &contoso.location), ("voucher_ids", &drop)], &contoso.partner).await;
        let all = serde_json::from_str::<ClaimPage>(&ok(&app, "list_all_claims", &[("status", ""), ("find", "")], &operator).await).unwrap().claims;
        assert_eq!(all.iter().map(|claim| claim.vouchers.len()).collect::<Vec<_>>(), [1, 1], "each claim lists the vouchers it pays");
    }
}

on_both_backends! {
    async fn bad_operator_decisions_get_clear_messages_and_change_nothing(app: TestApp) {
        let contoso = contoso(&app).await;
        let voucher = redeemed(&app, &contoso).await;
        ready_to_claim(&app, &contoso).await;
        let voucher_id = voucher_id_of(&overview(&app, &contoso.partner).await, &voucher.engagement);
        ok(&app, "submit_claim", &[("location_id", &contoso.location), ("voucher_ids", &voucher_id)], &contoso.partner).await;
        let claim_id = overview(&app, &contoso.partner).await.claims.claims[0].id.to_string();
        let operator = app.sign_in_demo(Role::Operator).await;
        let changes = "SELECT (SELECT COUNT(*) FROM audit_log) * 1000 + (SELECT COUNT(*) FROM outbox)";
        let before = app.count(changes).await;

        // Notes the partner will read: required, 5 to 1000 characters, no control characters.
        let long = "x".repeat(1001);
        for (text, message) in [
            ("", "This field is required."),
            ("   ", "This field is required."),
            ("No.", "Write at least 5 characters."),
            (long.as_str(), "Use at most 1000 characters (this has 1001)."),
            ("Fix \u{7} this", "Line breaks and control characters are not allowed here."),
            ("Bad \u{FFFD} bytes", "This text has characters that could not be read; please type it again."),
        ] {
            for (endpoint, field) in [("return_claim", "comment"), ("reject_claim", "reason")] {
                let response = app.call(endpoint, &[("claim_id", &claim_id), (field, text)], Some(&operator)).await;
                assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{endpoint} {text:?}: {}", response.body);
                assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{endpoint} {text:?}");
            }
        }
        // Claim ids that name no claim, whatever they hold.
        for id in ["", "42", "'; DROP TABLE claims; --", &uuid::Uuid::new_v4().to_string(), &"9".repeat(10_000)] {
            for (endpoint, field, note) in [("approve_claim", "note", ""), ("return_claim", "comment", "Please fix it."), ("reject_claim", "reason", "Not eligible.")] {
                let response = app.call(endpoint, &[("claim_id", id), (field, note)], Some(&operator)).await;
                assert_eq!(response.status, StatusCode::NOT_FOUND, "{endpoint} {:.20}: {}", id, response.body);
                assert_eq!(response.app_error().to_string(), "There is no such claim.");
            }
        }
        // Forms that cannot be read at all: a 400, never a 500.
        for body in [b"claim_id=".to_vec(), b"comment=Please+fix+it.".to_vec(), b"claim_id=\xff&comment=\xfe\xfe\xfe\xfe\xfe".to_vec(), vec![0, 1, 2]] {
            let response = app.call_raw("return_claim", body.clone(), Some(&operator)).await;
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{:?}: {}", String::from_utf8_lossy(&body), response.body);
        }

        // Payment references: one line of at most 60 characters, only for an approved claim.
        let early = app.call("mark_claim_paid", &[("claim_id", &claim_id), ("payment_reference", "TRF-1")], Some(&operator)).await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        assert!(early.app_error().to_string().starts_with("Only an approved claim can be paid"), "{}", early.body);
        assert_eq!(app.count(changes).await, before, "refused decisions write nothing");
        ok(&app, "approve_claim", &[("claim_id", &claim_id)], &operator).await;
        let approved = app.count(changes).await;
        let long = "T".repeat(61);
        for (reference, message) in [
            ("", "This field is required."),
            (long.as_str(), "Use at most 60 characters (this has 61)."),
            ("TRF\n42", "Line breaks and control characters are not allowed here."),
        ] {
            let response = app.call("mark_claim_paid", &[("claim_id", &claim_id), ("payment_reference", reference)], Some(&operator)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{reference:?}: {}", response.body);
            assert_eq!(response.app_error().field_message("payment_reference").as_deref(), Some(message));
        }
        let twice = app.call("approve_claim", &[("claim_id", &claim_id)], Some(&operator)).await;
        assert_eq!(twice.status, StatusCode::CONFLICT);
        assert_eq!(twice.app_error().to_string(), format!("Claim {} is approved; it cannot be approved now.", overview(&app, &contoso.partner).await.claims.claims[0].reference));
        assert_eq!(app.count(changes).await, approved, "nothing more was written");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM vouchers WHERE id = '{voucher_id}' AND status = 'claimed'")).await, 1);
    }
}

on_both_backends! {
    async fn bad_payment_details_get_field_messages_and_store_nothing(app: TestApp) {
        let contoso = contoso(&app).await;
        redeemed(&app, &contoso).await;
        let long = "x".repeat(201);
        for (form, field, message) in [
            (vec![("legal_name", ""), ("tax_id", "ESB1"), ("remit_address", "Calle Mayor 1, Madrid")], "legal_name", "This field is required."),
            (vec![("legal_name", long.as_str()), ("tax_id", "ESB1"), ("remit_address", "Calle Mayor 1, Madrid")], "legal_name", "Use at most 200 characters (this has 201)."),
            (vec![("legal_name", "Contoso"), ("tax_id", "ES\u{0}B1"), ("remit_address", "Calle Mayor 1, Madrid")], "tax_id", "Line breaks and control characters are not allowed here."),
            (vec![("legal_name", "Contoso"), ("tax_id", "ESB1"), ("remit_address", "Madrid")], "remit_address", "Write at least 10 characters."),
        ] {
            let response = app.call("register_for_payment", &form, Some(&contoso.partner)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{field}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM payment_registrations").await, 0);

        let stranger = uuid::Uuid::new_v4().to_string();
        for (location, number, code, field, message) in [
            (stranger.as_str(), "ES9121000418450200051332", "CAIXESBB", "location_id", "Choose one of your locations."),
            (contoso.location.as_str(), "12", "CAIXESBB", "account_number", "Enter the account number (IBAN or local number, 6 to 34 letters and digits)."),
            (contoso.location.as_str(), "ES91 2100'; DROP TABLE claims; --", "CAIXESBB", "account_number", "Enter the account number (IBAN or local number, 6 to 34 letters and digits)."),
            (contoso.location.as_str(), "ES9121000418450200051332", "C!", "bank_code", "Enter the bank code (BIC/SWIFT or routing number, 4 to 11 letters and digits)."),
        ] {
            let form = [("location_id", location), ("account_holder", "Contoso"), ("account_number", number), ("bank_code", code)];
            let response = app.call("set_bank_account", &form, Some(&contoso.partner)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{field}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM bank_accounts").await, 0);

        // Claims with nonsense voucher lists or notes change nothing either.
        ready_to_claim(&app, &contoso).await;
        for ids in ["", "not-a-voucher", &stranger] {
            let response = app.call("submit_claim", &[("location_id", &contoso.location), ("voucher_ids", ids)], Some(&contoso.partner)).await;
            assert!(matches!(response.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT), "{ids}: {}", response.body);
        }
        // A voucher the partner never reserved is not named: its code stays the customer's.
        let (code, unreserved) = customer_voucher(&app, "DDPS").await;
        let response = app.call("submit_claim", &[("location_id", &contoso.location), ("voucher_ids", &unreserved)], Some(&contoso.partner)).await;
        assert_eq!(response.app_error().to_string(), "Choose at least one redeemed voucher of this location.");
        assert!(!response.body.contains(&code) && !response.body.contains(&code.replace('-', "")), "{}", response.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE status = 'claimed'").await, 0);
    }
}

on_both_backends! {
    async fn the_program_s_claims_are_read_a_page_at_a_time_and_the_queue_oldest_first(app: TestApp) {
        use crate::server::db::claims::{self, ClaimQueue, ClaimScope};
        let contoso = contoso(&app).await;
        let mut references = Vec::new();
        for _ in 0..3 {
            references.push(claimed(&app, &contoso).await.reference);
            app.clock.advance(Duration::minutes(1));
        }
        let newest_first: Vec<String> = references.iter().rev().cloned().collect();
        let mut connection = app.db.pool.acquire().await.unwrap();
        let (first, next) = claims::list(&mut connection, ClaimScope::All, None, 2).await.unwrap();
        let (second, after_last) = claims::list(&mut connection, ClaimScope::All, next.as_ref(), 2).await.unwrap();
        let read: Vec<String> = first.iter().chain(&second).map(|claim| claim.reference.clone()).collect();
        assert_eq!(read, newest_first, "newest first, each claim once across the pages");
        assert!(next.is_some() && after_last.is_none(), "the last page says there is no next");
        let waiting = claims::queue(&mut connection, ClaimQueue::Waiting, 2).await.unwrap();
        assert_eq!(waiting.iter().map(|claim| claim.reference.clone()).collect::<Vec<_>>(), references[..2]);
        assert_eq!(claims::queue_length(&mut connection, ClaimQueue::Waiting).await.unwrap(), 3);

        // The review goes on from the cursor its page gives; a cursor it did not give starts over.
        let operator = app.sign_in_demo(Role::Operator).await;
        let review = |after: String| {
            let (app, operator) = (&app, &operator);
            async move {
                let form = [("status", ""), ("find", ""), ("after", after.as_str())];
                serde_json::from_str::<ClaimPage>(&ok(app, "list_all_claims", &form, operator).await).unwrap()
            }
        };
        let page = review(String::new()).await;
        assert_eq!(page.claims.len(), 3);
        assert_eq!(page.next, None, "three claims fit one page");
        let cursor = next.unwrap().encode();
        let rest = review(cursor).await;
        assert_eq!(rest.claims.iter().map(|claim| claim.reference.clone()).collect::<Vec<_>>(), newest_first[2..]);
        assert_eq!(review("not-a-cursor".into()).await.claims.len(), 3);
        let partner_page = overview(&app, &contoso.partner).await.claims;
        assert_eq!(partner_page.claims.len(), 3);
    }
}
