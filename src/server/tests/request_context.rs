//! What a page reads while the server renders it. Leptos builds a gated page more than
//! once per request and throws the extra builds away (see `server::request_reads`); a read
//! such a build started still finishes, and the browser may take its answer. It must be
//! the same answer as the kept build's, whatever the read waited on.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::roles::Role;
use crate::server::db::sessions::DbSessionStore;
use leptos::prelude::{provide_context, Owner};
use leptos::reactive::computed::ScopedFuture;
use std::future::Future;
use std::sync::Arc;
use tower_sessions::Session;

/// Starts `read` inside a page build of a request signed in with `cookie`, throws the
/// build away while the read waits for the database, then lets the read finish.
async fn read_after_its_build_is_thrown_away<F: Future + Send + 'static>(
    app: &TestApp,
    cookie: &str,
    read: impl FnOnce() -> F,
) -> F::Output {
    let id = cookie.split_once('=').expect("name=value").1.parse().expect("a session id");
    let session = Session::new(Some(id), Arc::new(DbSessionStore::new(app.db.clone())), None);
    let (mut parts, ()) = axum::http::Request::new(()).into_parts();
    parts.extensions.insert(session);
    // The request's context, where leptos_axum provides it; a build beneath it, and the
    // read's own owner beneath the build (as a resource's is).
    let request = Owner::new();
    request.with(|| {
        provide_context(parts);
        provide_context(app.state.clone());
    });
    let build = request.child();
    // Every connection busy, so that the read surely waits at its first query.
    let mut busy = Vec::new();
    for _ in 0..app.db.pool.options().get_max_connections() {
        busy.push(app.db.pool.acquire().await.expect("a connection"));
    }
    let mut read = Box::pin(build.child().with(|| ScopedFuture::new(read())));
    assert!(futures::poll!(read.as_mut()).is_pending(), "the read waits for a connection");
    build.cleanup();
    drop(build);
    drop(busy);
    read.await
}

on_both_backends! {
    async fn the_account_page_reads_the_account_even_when_its_build_is_thrown_away(app: TestApp) {
        // Arrange
        let cookie = app.sign_in_demo(Role::Consultant).await;
        // Act
        let account =
            read_after_its_build_is_thrown_away(&app, &cookie, crate::flows::account::api::get_account).await;
        // Assert
        let account = account.expect("the account, not an error the kept build would not show");
        assert_eq!(account.role, Role::Consultant);
        assert!(account.sessions.iter().any(|session| session.current), "the asking session is marked");
    }
}

on_both_backends! {
    async fn who_is_signed_in_is_read_even_when_the_build_is_thrown_away(app: TestApp) {
        // Arrange
        let cookie = app.sign_in_demo(Role::BenefitAdmin).await;
        // Act
        let viewer = read_after_its_build_is_thrown_away(&app, &cookie, crate::flows::auth::api::who_am_i).await;
        // Assert
        let viewer = viewer.expect("no error").expect("signed in");
        assert_eq!(viewer.role, Role::BenefitAdmin);
    }
}

/// The answers a rendered page carries for the browser to start from, one per resource
/// (`__RESOLVED_RESOURCES[n] = "…";`).
fn carried_answers(html: &str) -> Vec<&str> {
    html.split("__RESOLVED_RESOURCES[")
        .skip(1)
        .filter_map(|entry| entry.split_once("] = \"").map(|(_, rest)| rest))
        .map(|rest| rest.split("\";").next().unwrap_or_default())
        .collect()
}

on_both_backends! {
    /// Leptos builds a gated page more than once per request (see `server::request_reads`).
    /// A resource made by each build was written into the page each time: the voucher list
    /// carried its page of vouchers three times, two thirds of its HTML. Every page of
    /// every role carries each answer once.
    async fn each_page_carries_each_answer_once(app: TestApp) {
        let pages: [(Role, &[&str]); 7] = [
            (Role::BenefitAdmin, &["/dashboard", "/vouchers", "/vouchers/new", "/agreements", "/people", "/account", "/notifications"]),
            (Role::ProjectManager, &["/dashboard", "/vouchers", "/partners"]),
            (Role::GlobalAdmin, &["/dashboard", "/claims", "/engagements", "/reserve", "/onboarding/qualifications", "/exams"]),
            (Role::Consultant, &["/dashboard", "/engagements"]),
            (Role::IncentivesAdmin, &["/claims"]),
            (Role::MpnAdmin, &["/onboarding/profile"]),
            (Role::Operator, &["/dashboard", "/review", "/audit", "/outbox", "/catalogue", "/search?q=R7000002"]),
        ];
        let mut repeated = Vec::new();
        for (role, paths) in pages {
            let cookie = app.sign_in_demo(role).await;
            for path in paths {
                let page = app.get(path, Some(&cookie)).await;
                assert!(page.status.is_success(), "{role:?} {path}: {}", page.status);
                let answers = carried_answers(&page.body);
                assert!(!answers.is_empty(), "{role:?} {path} carries the signed-in person at least");
                // Two different reads may answer alike when the answer is short ("no
                // entries"); a long answer twice is one read written twice.
                let long: Vec<&str> = answers.iter().copied().filter(|answer| answer.len() > 40).collect();
                let distinct: std::collections::HashSet<&str> = long.iter().copied().collect();
                if long.len() != distinct.len() {
                    repeated.push(format!("{role:?} {path}: {} answers, {} distinct", long.len(), distinct.len()));
                }
            }
        }
        assert!(repeated.is_empty(), "pages that carry an answer more than once: {repeated:#?}");
    }
}
