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
