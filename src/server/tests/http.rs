//! Pages and plumbing over HTTP: health check, 404, dashboards rendered per role.

use super::helpers::{on_both_backends, TestApp};
use crate::components::nav::sections_for;
use crate::domain::roles::Role;
use axum::http::StatusCode;

on_both_backends! {
    async fn healthz_answers_ok_when_the_database_does(app: TestApp) {
        let response = app.get("/healthz", None).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.body, "ok");
    }
}

on_both_backends! {
    async fn an_unknown_page_is_a_friendly_404(app: TestApp) {
        for path in ["/no-such-page", "/nested/no/such/page"] {
            let response = app.get(path, None).await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
            assert!(response.body.contains("Page not found"), "{path}");
        }
    }
}

on_both_backends! {
    async fn each_role_gets_its_own_dashboard(app: TestApp) {
        for role in Role::ALL {
            let cookie = app.sign_in_demo(role).await;
            let response = app.get("/dashboard", Some(&cookie)).await;
            assert_eq!(response.status, StatusCode::OK, "{role}");
            assert!(response.body.contains(role.label()), "{role} sees its role on the dashboard");
            for section in sections_for(role) {
                assert!(response.body.contains(&format!("href=\"/{}\"", section.path)), "{role} has a card for {}", section.path);
            }
        }
    }
}

on_both_backends! {
    async fn a_section_for_another_role_explains_instead_of_showing(app: TestApp) {
        let cookie = app.sign_in_demo(Role::ProjectManager).await;
        let response = app.get("/catalogue", Some(&cookie)).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN);
        assert!(response.body.contains("Not available for your role"));
        let allowed = app.get("/vouchers", Some(&cookie)).await;
        assert_eq!(allowed.status, StatusCode::OK);
        assert!(allowed.body.contains("The vouchers assigned to you"), "{}", allowed.body);
        let partner = app.sign_in_demo(Role::GlobalAdmin).await;
        let claims = app.get("/claims", Some(&partner)).await;
        assert_eq!(claims.status, StatusCode::OK);
        assert!(claims.body.contains("Payment claims"));
    }
}

on_both_backends! {
    async fn signed_out_visitors_are_sent_to_sign_in(app: TestApp) {
        for path in ["/dashboard", "/people", "/vouchers"] {
            let response = app.get(path, None).await;
            assert_eq!(response.status, StatusCode::FOUND, "{path}");
            assert_eq!(response.location.as_deref(), Some("/sign-in"), "{path}");
        }
    }
}

/// Building a router lists the app's routes by running it with resource loading
/// switched off process-wide (leptos-rs/leptos#4773): a page whose resources first ran
/// in that moment never finished, and the 30 s timeout answered 503. Routes are now
/// listed once per process, so pages finish however many routers are built beside them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_finish_while_other_routers_are_built() {
    let app = TestApp::spawn(crate::server::db::Backend::Sqlite).await;
    let cleanup = app.cleanup_handle();
    let cookie = app.sign_in_demo(Role::BenefitAdmin).await;
    for round in 0..40 {
        let state = app.state.clone();
        let building = tokio::task::spawn_blocking(move || {
            for _ in 0..3 {
                drop(crate::server::startup::router(state.clone()));
            }
        });
        let page = tokio::time::timeout(std::time::Duration::from_secs(10), app.get("/vouchers", Some(&cookie)))
            .await
            .unwrap_or_else(|_| panic!("round {round}: the voucher page never finished"));
        assert_eq!(page.status, StatusCode::OK, "round {round}");
        assert!(page.body.contains("voucher"), "round {round}");
        building.await.expect("routers build");
    }
    cleanup.run().await;
}
