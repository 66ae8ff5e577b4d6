//! HTTP hardening: security headers, the page's script policy, CSRF defence, body limits.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::roles::Role;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

fn header<'a>(response: &'a super::helpers::TestResponse, name: &str) -> Option<&'a str> {
    response.headers.get(name).and_then(|value| value.to_str().ok())
}

/// The nonce a page's policy (its header) allows, and the nonces its inline scripts carry.
fn nonces(page: &super::helpers::TestResponse) -> (String, Vec<String>) {
    let policy = header(page, "content-security-policy").expect("a script policy");
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the policy");
    // An empty `<script></script>` (leptos_i18n leaves one as a placeholder) runs
    // nothing: browsers skip an inline script with no text before asking the policy.
    let scripts = page
        .body
        .split("<script")
        .skip(1)
        .filter(|tag| {
            !tag.split_once('>')
                .is_some_and(|(attributes, rest)| !attributes.contains("src=") && rest.starts_with("</script>"))
        })
        .filter_map(|tag| tag.split('>').next())
        .map(|attributes| {
            attributes.split("nonce=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("").to_owned()
        })
        .collect();
    (nonce.to_owned(), scripts)
}

on_both_backends! {
    async fn every_response_carries_the_security_headers(app: TestApp) {
        let cookie = app.sign_in_demo(Role::BenefitAdmin).await;
        let page = app.get("/vouchers", Some(&cookie)).await;
        let call = app.call("list_agreements", &[], Some(&cookie)).await;
        let missing = app.get("/no-such-page", None).await;
        for response in [&page, &call, &missing] {
            assert_eq!(header(response, "x-content-type-options"), Some("nosniff"));
            assert_eq!(header(response, "x-frame-options"), Some("DENY"));
            assert_eq!(header(response, "referrer-policy"), Some("same-origin"));
            assert!(header(response, "content-security-policy").unwrap().contains("frame-ancestors 'none'"));
            assert_eq!(header(response, "strict-transport-security"), None, "HSTS only over https");
        }
        let over_https = TestApp::spawn_with_public_url(app.backend(), Some("https://portal.example")).await;
        let response = over_https.get("/healthz", None).await;
        assert_eq!(header(&response, "strict-transport-security"), Some("max-age=63072000; includeSubDomains"));
        over_https.cleanup_handle().run().await;
    }
}

on_both_backends! {
    async fn pages_run_only_the_scripts_they_were_sent_with(app: TestApp) {
        let first = app.get("/sign-in", None).await;
        let second = app.get("/sign-in", None).await;
        let policy = header(&first, "content-security-policy").unwrap_or_default();
        assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains("object-src 'none'"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "one header holds the whole policy: {policy}");
        assert!(!policy.contains("unsafe-inline"), "no inline script runs without the nonce");
        assert!(!first.body.contains("http-equiv=\"Content-Security-Policy\""), "the policy is the header's alone");
        let (nonce, scripts) = nonces(&first);
        assert!(!scripts.is_empty(), "the page hydrates through a script");
        assert!(scripts.iter().all(|script| *script == nonce), "every inline script carries the nonce: {scripts:?}");
        assert!(!first.body.contains(&format!("crossorigin=\"{nonce}\"")), "the nonce is written nowhere else");
        assert_ne!(nonces(&second).0, nonce, "a new nonce for every response");
    }
}

on_both_backends! {
    async fn requests_from_other_sites_cannot_change_anything(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let invite = |origin: Option<&str>, fetch_site: Option<&str>, email: &str| {
            let mut request = Request::post("/api/invite_user")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::COOKIE, admin.as_str());
            if let Some(origin) = origin {
                request = request.header(header::ORIGIN, origin);
            }
            if let Some(site) = fetch_site {
                request = request.header("sec-fetch-site", site);
            }
            let body = format!("name=Mallory&email={email}&role=project_manager");
            request.body(Body::from(body)).unwrap()
        };
        let invitations = "SELECT COUNT(*) FROM invitations";
        let before = app.count(invitations).await;
        for (origin, site) in [
            (Some("https://evil.example"), None),
            (Some("http://127.0.0.1:3000.evil.example"), None),
            (Some("null"), None),
            (None, Some("cross-site")),
            (Some("http://127.0.0.1:3000"), Some("cross-site")),
        ] {
            let response = app.send(invite(origin, site, "mallory%40fabrikam.example")).await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{origin:?} {site:?}");
            assert_eq!(response.app_error(), crate::error::AppError::CrossSite);
        }
        assert_eq!(app.count(invitations).await, before, "nothing was stored");

        // The portal's own pages, and clients that are no browser page, go through.
        for (origin, site, email) in [
            (Some("http://127.0.0.1:3000"), Some("same-origin"), "ana%40fabrikam.example"),
            (None, None, "bo%40fabrikam.example"),
        ] {
            let response = app.send(invite(origin, site, email)).await;
            assert_eq!(response.status, StatusCode::OK, "{origin:?}: {}", response.body);
        }
        assert_eq!(app.count(invitations).await, before + 2);
        // Reading is never refused: links from other sites must work.
        let page = app
            .send(Request::get("/sign-in").header("sec-fetch-site", "cross-site").body(Body::empty()).unwrap())
            .await;
        assert_eq!(page.status, StatusCode::OK);
    }
}

on_both_backends! {
    async fn an_oversized_request_is_refused_before_it_is_read(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let body = vec![b'a'; 12 * 1024 * 1024];
        let request = Request::post("/api/invite_user")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::COOKIE, admin.as_str())
            .body(Body::from(body.clone()))
            .unwrap();
        assert_eq!(app.send(request).await.status, StatusCode::PAYLOAD_TOO_LARGE, "declared too large: refused unread");
        // Sent without a length, it is cut off at the limit: the form cannot be read.
        let response = app.call_raw("invite_user", body, Some(&admin)).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{}", response.body);
    }
}

on_both_backends! {
    async fn pages_travel_compressed_when_the_browser_accepts_it(app: TestApp) {
        let page = |encoding: &'static str| Request::get("/sign-in").header(header::ACCEPT_ENCODING, encoding).body(Body::empty()).unwrap();
        let brotli = app.send(page("br, gzip")).await;
        assert_eq!(header(&brotli, "content-encoding"), Some("br"));
        let gzip = app.send(page("gzip")).await;
        assert_eq!(header(&gzip, "content-encoding"), Some("gzip"));
        let plain = app.send(page("identity")).await;
        assert_eq!(header(&plain, "content-encoding"), None);
        assert!(plain.body.contains("Sign in"));
        assert!(!brotli.body.contains("Sign in"), "the text is not readable without decompressing it");
    }
}
