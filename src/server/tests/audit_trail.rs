//! Every state change of the voucher-to-payment journey is in the audit log, and after
//! each step the data keeps every invariant of `server::integrity` (among them: each
//! voucher's and claim's entries form one unbroken chain of statuses that ends where the
//! row stands now).

use super::claims::ready_to_claim;
use super::helpers::{on_both_backends, TestApp};
use super::reports::{contoso, deliver, reserve_for};
use super::reservations::ok;
use super::vouchers::{active_agreement, create, form, offering_id};
use crate::domain::roles::Role;
use crate::server::vouchers::run_expiry;
use chrono::Duration;
use std::collections::HashSet;

#[derive(Debug)]
struct Entry {
    entity: String,
    action: String,
}

/// The whole log in the order it was written (ids are time-ordered UUIDs).
async fn log(app: &TestApp) -> Vec<(String, Entry)> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, entity, action FROM audit_log ORDER BY id").fetch_all(&app.db.pool).await.unwrap();
    rows.into_iter().map(|(id, entity, action)| (id, Entry { entity, action })).collect()
}

/// Submits a claim as the partner; returns its id.
async fn submit_claim(app: &TestApp, partner: &str, form: &[(&str, &str)]) -> String {
    let reference: String = serde_json::from_str(&ok(app, "submit_claim", form, partner).await).unwrap();
    let overview: crate::domain::claim::ClaimsOverview =
        serde_json::from_str(&ok(app, "get_claims", &[], partner).await).unwrap();
    overview.claims.claims.into_iter().find(|claim| claim.reference == reference).unwrap().id.to_string()
}

/// Reads the entries written since the last look.
struct Trail {
    seen: HashSet<String>,
}

impl Trail {
    async fn start(app: &TestApp) -> Self {
        Self { seen: log(app).await.into_iter().map(|(id, _)| id).collect() }
    }

    /// Asserts that the step just taken wrote exactly `expected` (entity, action) entries.
    async fn expect(&mut self, app: &TestApp, step: &str, expected: &[(&str, &str)]) {
        let new: Vec<Entry> =
            log(app).await.into_iter().filter(|(id, _)| self.seen.insert(id.clone())).map(|(_, entry)| entry).collect();
        let mut written: Vec<(&str, &str)> =
            new.iter().map(|entry| (entry.entity.as_str(), entry.action.as_str())).collect();
        let mut expected = expected.to_vec();
        written.sort();
        expected.sort();
        assert_eq!(written, expected, "{step}: {new:#?}");
        let violations = crate::server::integrity::violations(&app.db).await.unwrap();
        assert!(violations.is_empty(), "after {step}: {violations:#?}");
    }
}

on_both_backends! {
    async fn every_state_change_of_the_journey_is_audited(app: TestApp) {
        let contoso = contoso(&app).await;
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement = active_agreement(&app, &customer, "V2000001", "2500", "2028-06-30").await;
        let ddps = offering_id(&app, &customer, "DDPS").await;
        let operator = app.sign_in_demo(Role::Operator).await;
        let mut trail = Trail::start(&app).await;

        // Step 4: the customer assigns a voucher, and cancels another.
        let cancelled = create(&app, &customer, &form(&agreement, &ddps, "1", "Finance")).await;
        trail.expect(&app, "assign", &[("voucher", "assigned")]).await;
        ok(&app, "cancel_voucher", &[("id", &cancelled.id.to_string())], &customer).await;
        trail.expect(&app, "cancel", &[("voucher", "cancelled")]).await;

        // Step 5: a reservation given up, then the one that is delivered (each on a
        // voucher of a newly registered agreement).
        let reserve = [
            ("licensing_agreement", "registered"),
            ("licensing_agreement", "benefit_activated"),
            ("voucher", "assigned"),
            ("voucher", "reserved"),
        ];
        let released = reserve_for(&app, &contoso).await;
        trail.expect(&app, "reserve", &reserve).await;
        ok(&app, "release_reservation", &[("engagement_id", &released.engagement)], &contoso.partner).await;
        trail.expect(&app, "release", &[("voucher", "reservation_released")]).await;
        let reserved = reserve_for(&app, &contoso).await;
        trail.expect(&app, "reserve", &reserve).await;
        let start = (app.clock_now() + Duration::days(6)).date_naive().to_string();
        let end = (app.clock_now() + Duration::days(8)).date_naive().to_string();
        ok(&app, "change_engagement_dates", &[("engagement_id", &reserved.engagement), ("starts_on", &start), ("ends_on", &end)], &contoso.partner).await;
        trail.expect(&app, "move dates", &[("voucher", "dates_changed")]).await;

        // Step 6 and 7: report, deliverable, submission; redemption.
        let voucher = reserved.voucher_id.clone();
        let engagement = reserved.engagement.clone();
        deliver(&app, reserved).await;
        trail
            .expect(&app, "report", &[("engagement", "report_saved"), ("engagement", "deliverable_uploaded"), ("voucher", "delivered")])
            .await;
        ok(&app, "redeem_engagements", &[("engagement_ids", &engagement)], &contoso.partner).await;
        trail.expect(&app, "redeem", &[("voucher", "redeemed")]).await;

        // Step 8: registration, bank account, and a claim through every decision.
        ready_to_claim(&app, &contoso).await;
        trail.expect(&app, "registration", &[("payment_registration", "saved"), ("bank_account", "set")]).await;
        let claim_form = [("location_id", contoso.location.as_str()), ("voucher_ids", voucher.as_str())];
        let submitted = [("claim", "submitted"), ("voucher", "claimed")];

        let withdrawn = submit_claim(&app, &contoso.partner, &claim_form).await;
        trail.expect(&app, "claim", &submitted).await;
        ok(&app, "withdraw_claim", &[("claim_id", &withdrawn)], &contoso.partner).await;
        trail.expect(&app, "withdraw", &[("claim", "withdrawn"), ("voucher", "claim_withdrawn")]).await;

        let rejected = submit_claim(&app, &contoso.partner, &claim_form).await;
        trail.expect(&app, "claim again", &submitted).await;
        ok(&app, "reject_claim", &[("claim_id", &rejected), ("reason", "The day count does not match the report.")], &operator).await;
        trail.expect(&app, "reject", &[("claim", "rejected"), ("voucher", "claim_rejected")]).await;

        let paid = submit_claim(&app, &contoso.partner, &claim_form).await;
        trail.expect(&app, "claim a third time", &submitted).await;
        ok(&app, "return_claim", &[("claim_id", &paid), ("comment", "Please attach the signed report.")], &operator).await;
        trail.expect(&app, "return", &[("claim", "returned")]).await;
        ok(&app, "resubmit_claim", &[("claim_id", &paid), ("voucher_ids", &voucher), ("reply", "Signed report attached.")], &contoso.partner).await;
        trail.expect(&app, "resubmit", &[("claim", "resubmitted")]).await;
        ok(&app, "approve_claim", &[("claim_id", &paid)], &operator).await;
        trail.expect(&app, "approve", &[("claim", "approved")]).await;
        ok(&app, "mark_claim_paid", &[("claim_id", &paid), ("payment_reference", "TRF-2026-0042")], &operator).await;
        trail.expect(&app, "pay", &[("claim", "paid"), ("voucher", "paid")]).await;

        // The voucher nobody used expires after 180 days; the system says so.
        app.clock.advance(Duration::days(181));
        run_expiry(&app.db, app.clock_now()).await.unwrap();
        trail.expect(&app, "expiry", &[("voucher", "expired")]).await;

        // Refused requests write nothing.
        let refused = app.call("approve_claim", &[("claim_id", &paid)], Some(&operator)).await;
        assert_eq!(refused.status, axum::http::StatusCode::CONFLICT);
        assert_eq!(app.call("cancel_voucher", &[("id", &voucher)], Some(&customer)).await.status, axum::http::StatusCode::CONFLICT);
        trail.expect(&app, "refused requests", &[]).await;
    }
}
