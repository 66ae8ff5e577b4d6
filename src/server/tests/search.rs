//! Finding a voucher by its code and a claim by its reference: each party finds what its
//! pages show it, and nobody finds another organisation's code or reference.

use super::claims::{claimed, Claimed};
use super::helpers::{on_both_backends, TestApp};
use super::reports::contoso;
use super::reservations::ok;
use crate::domain::claim::{ClaimPage, ClaimStatus};
use crate::domain::roles::Role;
use crate::domain::search::SearchHit;
use axum::http::StatusCode;

async fn search(app: &TestApp, find: &str, cookie: &str) -> Vec<SearchHit> {
    serde_json::from_str(&ok(app, "search", &[("find", find)], cookie).await).unwrap()
}

/// What each hit is and names, for comparing.
fn names(hits: &[SearchHit]) -> Vec<String> {
    hits.iter()
        .map(|hit| match hit {
            SearchHit::Voucher { code, .. } => format!("voucher {code}"),
            SearchHit::Engagement { code, .. } => format!("engagement {code}"),
            SearchHit::Claim { reference, review, .. } => format!("claim {reference} review={review}"),
        })
        .collect()
}

async fn reviewed(app: &TestApp, status: &str, find: &str, cookie: &str) -> Vec<String> {
    let page: ClaimPage =
        serde_json::from_str(&ok(app, "list_all_claims", &[("status", status), ("find", find)], cookie).await).unwrap();
    page.claims.into_iter().map(|claim| claim.reference).collect()
}

on_both_backends! {
    async fn each_party_finds_only_its_own_codes_and_references(app: TestApp) {
        let contoso = contoso(&app).await;
        let Claimed { code, reference } = claimed(&app, &contoso).await;
        // As people type it: lower case, spaces for hyphens; a reference without its hyphens.
        let typed_code = code.to_lowercase().replace('-', " ");
        let typed_reference = reference.to_lowercase().replace('-', "");

        // The customer: its benefit admin and the project manager it is assigned to.
        for role in [Role::BenefitAdmin, Role::ProjectManager] {
            let customer = app.sign_in_demo(role).await;
            assert_eq!(names(&search(&app, &typed_code, &customer).await), [format!("voucher {code}")], "{role:?}");
            assert!(search(&app, &reference, &customer).await.is_empty(), "claims are between the partner and the program");
        }
        // The partner: the engagement and the claim; its consultant, the engagement; its
        // incentives admin, the claim.
        let claim = format!("claim {reference} review=false");
        assert_eq!(names(&search(&app, &typed_code, &contoso.partner).await), [format!("engagement {code}"), claim.clone()]);
        assert_eq!(names(&search(&app, &typed_reference, &contoso.partner).await), vec![claim.clone()]);
        assert_eq!(names(&search(&app, &code, &contoso.consultant).await), [format!("engagement {code}")]);
        assert!(search(&app, &reference, &contoso.consultant).await.is_empty());
        // The operator: the claim, by either, opening in the review.
        let operator = app.sign_in_demo(Role::Operator).await;
        let review = format!("claim {reference} review=true");
        assert_eq!(names(&search(&app, &code, &operator).await), vec![review.clone()]);
        assert_eq!(names(&search(&app, &typed_reference, &operator).await), [review]);
        let hits = search(&app, &reference, &operator).await;
        assert_eq!(hits[0].href(), format!("/review?find={reference}"));

        // Another partner and another customer find nothing, by code or by reference.
        let otto = app.sign_up(&[("org_kind", "partner"), ("org_name", "Other Partner"), ("name", "Otto"), ("email", "otto@other.example"), ("password", "otto passphrase 1")]).await;
        let olga = app.sign_up(&[("org_kind", "customer"), ("org_name", "Other Customer"), ("name", "Olga"), ("email", "olga@other.example"), ("password", "olga passphrase 1")]).await;
        for stranger in [&otto, &olga] {
            assert!(search(&app, &code, stranger).await.is_empty());
            assert!(search(&app, &reference, stranger).await.is_empty());
        }

        // The operator's queue narrows by reference or code and by status.
        assert_eq!(reviewed(&app, "", &typed_reference, &operator).await, vec![reference.clone()]);
        assert_eq!(reviewed(&app, "submitted", &code, &operator).await, vec![reference.clone()]);
        assert!(reviewed(&app, "paid", &code, &operator).await.is_empty());
        assert_eq!(reviewed(&app, ClaimStatus::Submitted.as_str(), "", &operator).await, vec![reference.clone()]);
        assert!(reviewed(&app, "approved", "", &operator).await.is_empty());
        let unknown = app.call("list_all_claims", &[("status", "pending"), ("find", "")], Some(&operator)).await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(unknown.app_error().field_message("status").as_deref(), Some("Choose a status from the list."));
        assert_eq!(app.call("list_all_claims", &[("status", ""), ("find", &reference)], Some(&contoso.partner)).await.status, StatusCode::FORBIDDEN);

        // What is neither a code nor a reference is refused with a reason, at any size.
        for nonsense in ["", "   ", "hello", "'; DROP TABLE claims; --", &"9".repeat(100_000)] {
            let refused = app.call("search", &[("find", nonsense)], Some(&contoso.partner)).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:.40}", nonsense);
            assert!(refused.app_error().field_message("find").is_some(), "{}", refused.body);
        }
        assert_eq!(app.call("search", &[("find", &code)], None).await.status, StatusCode::UNAUTHORIZED);
    }
}
