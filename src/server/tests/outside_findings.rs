//! What an outside test of the release build found, tried as an attacker would: each
//! finding kept from coming back. (The sweep in `sweep.rs` sends their kinds to every
//! endpoint; these name each finding and check its answer in detail.)

use super::helpers::{on_both_backends, TestApp};
use super::reports::{contoso, reserve_for};
use super::reservations::customer_voucher;
use crate::domain::roles::Role;
use crate::error::AppError;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use leptos::server_fn::error::ServerFnErrorErr;

/// `k…k=1&k…k=2`: one key of `length` bytes, twice.
fn duplicated_key(length: usize) -> Vec<u8> {
    let key = "k".repeat(length);
    format!("{key}=1&{key}=2").into_bytes()
}

on_both_backends! {
    async fn a_huge_key_sent_twice_is_a_short_400_signed_in_or_not(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        for (endpoint, cookie) in [("sign_in", None), ("invite_user", Some(admin.as_str())), ("save_profile", Some(admin.as_str()))] {
            // Over the 64 KiB an error body was read to (500 before), and under it (the
            // whole key echoed before).
            for length in [70_000, 30_000] {
                let response = app.call_raw(endpoint, duplicated_key(length), cookie).await;
                assert_eq!(response.status, StatusCode::BAD_REQUEST, "{endpoint}, {length}-byte key: {:.200}", response.body);
                assert!(response.body.len() < 1_000, "{endpoint}: the answer echoes the key ({} bytes)", response.body.len());
                assert!(matches!(response.app_error(), AppError::Transport(ServerFnErrorErr::Args(_))));
            }
        }
    }
}

on_both_backends! {
    async fn an_upload_that_is_not_multipart_is_refused_before_it_is_read(app: TestApp) {
        let consultant = app.sign_in_demo(Role::Consultant).await;
        let bodies: [(Option<&str>, &[u8], StatusCode); 6] = [
            (None, b"engagement_id=x", StatusCode::UNSUPPORTED_MEDIA_TYPE),
            (Some("application/x-www-form-urlencoded"), b"engagement_id=x", StatusCode::UNSUPPORTED_MEDIA_TYPE),
            (Some("application/json"), b"{\"engagement_id\": \"x\"}", StatusCode::UNSUPPORTED_MEDIA_TYPE),
            (Some("text/plain; boundary=xyz"), b"--xyz--", StatusCode::UNSUPPORTED_MEDIA_TYPE),
            (Some("multipart/form-data"), b"--xyz\r\n\r\n--xyz--", StatusCode::BAD_REQUEST),
            (Some("multipart/form-data; boundary="), b"--\r\n\r\n----", StatusCode::BAD_REQUEST),
        ];
        for cookie in [None, Some(consultant.as_str())] {
            for (content_type, body, expected) in &bodies {
                let mut request = Request::post("/api/upload_deliverable");
                if let Some(content_type) = content_type {
                    request = request.header(header::CONTENT_TYPE, *content_type);
                }
                if let Some(cookie) = cookie {
                    request = request.header(header::COOKIE, cookie);
                }
                let response = app.send(request.body(Body::from(body.to_vec())).unwrap()).await;
                assert_eq!(response.status, *expected, "{content_type:?}, signed in: {}", cookie.is_some());
                assert!(matches!(response.app_error(), AppError::Transport(ServerFnErrorErr::Args(_))), "{}", response.body);
            }
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM deliverables").await, 0);
        // A well-formed multipart body with garbage in it is the upload's own business.
        let garbage = Request::post("/api/upload_deliverable")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=xyz")
            .header(header::COOKIE, consultant.as_str())
            .body(Body::from("--xyz\r\nnot a part at all\r\n--xyz--"))
            .unwrap();
        let response = app.send(garbage).await;
        assert!(response.status.is_client_error(), "{} {}", response.status, response.body);
    }
}

on_both_backends! {
    async fn pages_for_what_does_not_exist_or_is_not_yours_answer_404(app: TestApp) {
        let contoso = contoso(&app).await;
        let reserved = reserve_for(&app, &contoso).await;
        let (_, other_voucher) = customer_voucher(&app, "DDPS").await;
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let nobody = uuid::Uuid::new_v4().to_string();
        // Each page works for its owner...
        for (path, cookie) in [
            (format!("/vouchers/{other_voucher}"), &customer),
            (format!("/engagements/{}/report", reserved.engagement), &contoso.partner),
        ] {
            assert_eq!(app.get(&path, Some(cookie)).await.status, StatusCode::OK, "{path}");
        }
        // ... and is a 404 for an id that names nothing, or someone else's.
        let outsider = app.sign_up(&[("org_kind", "customer"), ("org_name", "Outsider Ltd"), ("name", "Olga Outsider"), ("email", "olga@outsider.example"), ("password", "outsider passphrase")]).await;
        let partner = app.sign_in_demo(Role::MpnAdmin).await;
        for (path, cookie) in [
            (format!("/vouchers/{nobody}"), &customer),
            ("/vouchers/not-an-id".to_owned(), &customer),
            (format!("/vouchers/{other_voucher}"), &outsider),
            (format!("/engagements/{nobody}/report"), &partner),
            ("/engagements/not-an-id/report".to_owned(), &partner),
            (format!("/engagements/{}/report", reserved.engagement), &outsider),
            (format!("/partners/{nobody}"), &customer),
            ("/partners/not-an-id".to_owned(), &customer),
        ] {
            let response = app.get(&path, Some(cookie)).await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}: {:.300}", response.body);
        }
    }
}

on_both_backends! {
    async fn only_get_and_head_reach_static_files_and_unknown_paths(app: TestApp) {
        let paths = ["/favicon.svg", "/pkg/planning_portal.wasm", "/pkg/planning_portal.js", "/no-such-file.txt"];
        let methods = [Method::CONNECT, Method::POST, Method::PUT, Method::PATCH, Method::DELETE, Method::OPTIONS, Method::TRACE];
        for path in paths {
            for method in methods.iter().cloned().chain([Method::from_bytes(b"PROPFIND").unwrap()]) {
                let response = app.send(Request::builder().method(method.clone()).uri(path).body(Body::empty()).unwrap()).await;
                assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                assert_eq!(response.headers.get(header::ALLOW).and_then(|value| value.to_str().ok()), Some("GET, HEAD"));
            }
            let read = app.send(Request::head(path).body(Body::empty()).unwrap()).await;
            assert!(!read.status.is_server_error() && read.status != StatusCode::METHOD_NOT_ALLOWED, "HEAD {path}: {}", read.status);
        }
    }
}

/// A crafted link makes a page show any message as a field's error.
fn spoofed_link(path: &str, endpoint: &str) -> String {
    use leptos::server_fn::error::ServerFnUrlError;
    let error = AppError::field("licensing_id", "Your session expired: sign in again at https://evil.example");
    let url = ServerFnUrlError::new(format!("/api/{endpoint}"), error)
        .to_url(&format!("http://portal.example{path}"))
        .unwrap();
    format!("{path}?{}", url.query().unwrap())
}

on_both_backends! {
    async fn a_page_shows_only_the_errors_of_this_browser_own_submission(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        // A crafted link is sent to the clean page, whatever it spells the parameters as.
        for link in [
            spoofed_link("/agreements", "register_agreement"),
            spoofed_link("/agreements", "register_agreement").replace("__err", "%5F%5Ferr").replace("__path", "%5F_path"),
        ] {
            let response = app.get(&link, Some(&admin)).await;
            assert_eq!(response.status, StatusCode::SEE_OTHER, "{link}");
            assert_eq!(response.location.as_deref(), Some("/agreements"));
        }
        let kept = app.get(&format!("{}&status=open", spoofed_link("/vouchers", "list_vouchers")), Some(&admin)).await;
        assert_eq!(kept.location.as_deref(), Some("/vouchers?status=open"), "other parameters are kept");

        // A form sent without JavaScript comes back with its own error, once.
        let request = Request::post("/api/register_agreement")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, "http://127.0.0.1:3000/agreements")
            .header(header::COOKIE, admin.as_str())
            .body(Body::from("licensing_id=&qualifying_licenses=&ends_on="))
            .unwrap();
        let submitted = app.send(request).await;
        assert_eq!(submitted.status, StatusCode::FOUND, "{}", submitted.body);
        let location = submitted.location.clone().expect("back to the page");
        assert!(location.contains("__err="), "{location}");
        let receipt = submitted.set_cookie.as_deref().expect("a receipt cookie").split(';').next().unwrap().to_owned();
        let path = location.trim_start_matches("http://127.0.0.1:3000");
        let shown = app.get(path, Some(&format!("{admin}; {receipt}"))).await;
        assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
        assert!(shown.body.contains("field-licensing_id-message"), "the field's message is shown");
        assert!(shown.set_cookie.as_deref().is_some_and(|cookie| cookie.contains("Max-Age=0")), "the receipt is used up");
        // Another browser (no receipt) following the same address sees the clean page.
        assert_eq!(app.get(path, Some(&admin)).await.status, StatusCode::SEE_OTHER);
    }
}
