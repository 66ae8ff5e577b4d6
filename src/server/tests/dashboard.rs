//! The dashboard's "what do I do next", for each side of the program.

use super::claims::{overview, ready_to_claim, redeemed, voucher_id_of};
use super::helpers::{on_both_backends, TestApp};
use super::reports::{contoso, deliver, reserve_for};
use super::reservations::{customer_voucher, ok};
use super::vouchers::{active_agreement, create, form, offering_id};
use crate::domain::dashboard::{NextSteps, OperatorNext, CHART_MONTHS};
use crate::domain::days::PlanningDays;
use crate::domain::roles::Role;
use crate::domain::voucher_status::VoucherStatus;
use crate::server::db::vouchers::{self, Scope};
use crate::server::seed::DEMO_CUSTOMER;
use axum::http::StatusCode;
use chrono::Duration;

async fn next_steps(app: &TestApp, cookie: &str) -> NextSteps {
    let response = app.call("get_next_steps", &[], Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

on_both_backends! {
    async fn customers_see_their_pools_counts_expiring_vouchers_and_days_per_month(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000100", "2500", "2028-06-30").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        let first = create(&app, &admin, &form(&agreement_id, &ddps, "3", "Sales")).await;
        create(&app, &admin, &form(&agreement_id, &ddps, "5", "Finance")).await;

        let NextSteps::Customer(customer) = next_steps(&app, &admin).await else { panic!("a customer's dashboard") };
        let agreement = customer.agreements.iter().find(|a| a.licensing_id == "V1000100").expect("the pool");
        assert_eq!(agreement.pool.reserved, PlanningDays::new(8));
        assert_eq!(customer.by_status, vec![(VoucherStatus::Assigned, 2)]);
        assert!(customer.expiring.is_empty(), "180 days to go");
        assert_eq!(customer.days_by_month.len(), CHART_MONTHS);
        let this_month = customer.days_by_month.last().unwrap();
        assert_eq!((this_month.month.to_string().as_str(), this_month.days), ("2026-01-01", PlanningDays::new(8)));
        assert!(customer.days_by_month[..CHART_MONTHS - 1].iter().all(|month| month.days == PlanningDays::ZERO));

        // 151 days on, both end within 30 days; a cancelled one no longer counts as open.
        let cancelled = app.call("cancel_voucher", &[("id", &first.id.to_string())], Some(&admin)).await;
        assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
        app.clock.advance(Duration::days(151));
        let NextSteps::Customer(later) = next_steps(&app, &admin).await else { panic!("a customer's dashboard") };
        assert_eq!(later.expiring.len(), 1);
        assert_ne!(later.expiring[0].id, first.id);
        assert_eq!(later.by_status, vec![(VoucherStatus::Assigned, 1), (VoucherStatus::Cancelled, 1)]);
        assert_eq!(later.days_by_month.first().unwrap().days, PlanningDays::new(8), "January is still on the chart");

        // The project manager sees the vouchers assigned to them, not the pools.
        let manager = app.sign_in_demo(Role::ProjectManager).await;
        let NextSteps::Customer(own) = next_steps(&app, &manager).await else { panic!("a customer's dashboard") };
        assert!(own.agreements.is_empty());
        assert_eq!(own.expiring.len(), 1);
    }
}

on_both_backends! {
    /// What the benchmark's load found: rendered many at once, the dashboard's list of
    /// vouchers about to end (each with its copy button) answered 500 now and then, a
    /// button's state read after Leptos had let it go. Every render must answer 200.
    async fn the_dashboard_renders_whole_under_concurrent_views(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let agreement_id = active_agreement(&app, &admin, "V1000101", "2500", "2028-06-30").await;
        let ddps = offering_id(&app, &admin, "DDPS").await;
        for division in ["Sales", "Finance", "Legal", "Support"] {
            create(&app, &admin, &form(&agreement_id, &ddps, "1", division)).await;
        }
        app.clock.advance(Duration::days(160));
        // Each view on a task of its own, as the server runs requests; the voucher list too
        // (its rows once looked the language up again and panicked under load).
        let views: Vec<_> = ["/dashboard", "/vouchers"]
            .into_iter()
            .flat_map(|path| std::iter::repeat_n(path, 300))
            .map(|path| {
                use tower::ServiceExt;
                let (router, cookie) = (app.router.clone(), admin.clone());
                let request = axum::http::Request::get(path).header("cookie", cookie);
                tokio::spawn(async move { router.oneshot(request.body(axum::body::Body::empty()).unwrap()).await })
            })
            .collect();
        let mut statuses = Vec::new();
        for view in views {
            statuses.push(view.await.expect("the view's task").expect("the router answers").status());
        }
        assert!(statuses.iter().all(|status| *status == StatusCode::OK), "{statuses:?}");
    }
}

on_both_backends! {
    async fn the_soonest_ending_open_vouchers_are_listed_whatever_their_status(app: TestApp) {
        // Vouchers of Fabrikam a day or more apart: reserved, delivered, three assigned,
        // and one cancelled (no longer open), so each ends on a day of its own.
        let contoso = contoso(&app).await;
        let reserved = reserve_for(&app, &contoso).await.voucher_id;
        app.clock.advance(Duration::days(1));
        let delivered = deliver(&app, reserve_for(&app, &contoso).await).await.voucher_id;
        let mut assigned = Vec::new();
        for _ in 0..3 {
            app.clock.advance(Duration::days(1));
            assigned.push(customer_voucher(&app, "DDPS").await.1);
        }
        app.clock.advance(Duration::days(1));
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let cancelled = customer_voucher(&app, "DDPS").await.1;
        ok(&app, "cancel_voucher", &[("id", &cancelled)], &admin).await;

        app.clock.advance(Duration::days(170));
        let window = app.clock_now() + Duration::days(30);
        let scope = Scope::Organisation(DEMO_CUSTOMER.id);
        let mut connection = app.db.pool.acquire().await.unwrap();
        let all = vouchers::expiring(&mut connection, scope, window, 10).await.unwrap();
        let ids: Vec<String> = all.iter().map(|voucher| voucher.id.to_string()).collect();
        let expected: Vec<String> = [reserved, delivered].into_iter().chain(assigned).collect();
        assert_eq!(ids, expected, "soonest first, open ones only");
        let statuses: Vec<VoucherStatus> = all.iter().map(|voucher| voucher.status).collect();
        assert_eq!(statuses[..3], [VoucherStatus::Reserved, VoucherStatus::Delivered, VoucherStatus::Assigned]);
        assert!(all.windows(2).all(|pair| pair[0].expires_at < pair[1].expires_at));

        // Fewer than there are: the soonest, across statuses.
        let three = vouchers::expiring(&mut connection, scope, window, 3).await.unwrap();
        let three: Vec<String> = three.iter().map(|voucher| voucher.id.to_string()).collect();
        assert_eq!(three, expected[..3]);
        // The window still counts: only what ends within it.
        let before_the_third = all[2].expires_at;
        let early = vouchers::expiring(&mut connection, scope, before_the_third, 10).await.unwrap();
        assert_eq!(early.len(), 2);
    }
}

on_both_backends! {
    async fn partners_and_the_operator_get_their_own_lists(app: TestApp) {
        for role in [Role::MpnAdmin, Role::Consultant, Role::GlobalAdmin] {
            let partner = app.sign_in_demo(role).await;
            let NextSteps::Partner(next) = next_steps(&app, &partner).await else { panic!("a partner's dashboard") };
            assert!(next.deadlines.is_empty(), "nothing reserved yet");
        }
        let operator = app.sign_in_demo(Role::Operator).await;
        let NextSteps::Operator(next) = next_steps(&app, &operator).await else { panic!("the operator's dashboard") };
        assert!(next.waiting.is_empty() && next.overdue.is_empty());
        let signed_out = app.call("get_next_steps", &[], None).await;
        assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn the_operator_sees_claims_waiting_overdue_and_totals_by_country(app: TestApp) {
        let contoso = contoso(&app).await;
        let voucher = redeemed(&app, &contoso).await;
        ready_to_claim(&app, &contoso).await;
        let voucher_id = voucher_id_of(&overview(&app, &contoso.partner).await, &voucher.engagement);
        let claim_form = [("location_id", contoso.location.as_str()), ("voucher_ids", voucher_id.as_str())];
        ok(&app, "submit_claim", &claim_form, &contoso.partner).await;

        let operator = app.sign_in_demo(Role::Operator).await;
        let NextSteps::Operator(next) = next_steps(&app, &operator).await else { panic!("the operator's dashboard") };
        assert_eq!((next.waiting.len(), next.waiting_count), (1, 1));
        let spain = |next: &OperatorNext| {
            let row = next.by_country.iter().find(|row| row.country == "ES").expect("a row for Spain").clone();
            (row.claims, row.waiting.to_string(), row.to_pay.to_string(), row.paid.to_string())
        };
        assert_eq!(spain(&next), (1, "2,700.00 EUR".into(), "0.00 EUR".into(), "0.00 EUR".into()));

        let claim_id = next.waiting[0].id.to_string();
        ok(&app, "approve_claim", &[("claim_id", &claim_id)], &operator).await;
        app.clock.advance(Duration::days(31));
        let NextSteps::Operator(next) = next_steps(&app, &operator).await else { panic!("the operator's dashboard") };
        assert!(next.waiting.is_empty());
        assert_eq!((next.overdue.len(), next.overdue_count), (1, 1), "approved 31 days ago and unpaid");
        assert_eq!(next.waiting_count, 0);
        assert_eq!(spain(&next), (1, "0.00 EUR".into(), "2,700.00 EUR".into(), "0.00 EUR".into()));

        ok(&app, "mark_claim_paid", &[("claim_id", &claim_id), ("payment_reference", "TRF-1")], &operator).await;
        let NextSteps::Operator(next) = next_steps(&app, &operator).await else { panic!("the operator's dashboard") };
        assert!(next.overdue.is_empty());
        assert_eq!(next.overdue_count, 0);
        assert_eq!(spain(&next), (1, "0.00 EUR".into(), "0.00 EUR".into(), "2,700.00 EUR".into()));
        assert!(crate::server::integrity::violations(&app.db).await.unwrap().is_empty(), "the totals the database keeps add up");

        // The dashboard's totals are the operator's: partners get their own dashboard.
        let NextSteps::Partner(_) = next_steps(&app, &contoso.partner).await else { panic!("a partner's dashboard") };
    }
}
