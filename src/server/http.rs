//! HTTP plumbing around the Leptos app: error statuses for server functions and the
//! health check.

use super::state::AppState;
use crate::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::error::{FromServerFnError, SERVER_FN_ERROR_HEADER};

/// Server functions answer every error with 500 by default. This gives each error the
/// status it deserves (422 for a form mistake, 401/403/404/409, 400 for unreadable
/// arguments), so only our own faults are 5xx. The body, the user's message, is kept.
pub async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal.ser()).into_response();
    };
    let error = AppError::de(bytes.clone());
    parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Response::from_parts(parts, Body::from(bytes))
}

/// Sends signed-out visitors of a page that needs a session straight to sign-in, before
/// any rendering. The pages' own gate does the same, but answering here is cheaper and
/// keeps the redirect out of server rendering, where Leptos' redirect inside a suspended
/// view occasionally never finished its response.
pub async fn sign_in_first(session: tower_sessions::Session, request: Request, next: Next) -> Response {
    let first_segment = request.uri().path().trim_start_matches('/').split('/').next().unwrap_or_default();
    let is_page = request.method() == axum::http::Method::GET
        && (first_segment == "dashboard"
            || crate::components::nav::SECTIONS.iter().any(|section| section.path == first_segment));
    if is_page && !super::auth::has_user(&session).await {
        return (StatusCode::FOUND, [(axum::http::header::LOCATION, "/sign-in")]).into_response();
    }
    next.run(request).await
}

/// Headers every response carries: no MIME sniffing, no framing by other sites, no
/// referrer beyond this origin, and HSTS when the portal is served over https. (Pages add
/// their script policy with a per-response nonce in the document, see `app::shell`.)
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::CONTENT_SECURITY_POLICY, "frame-ancestors 'none'; object-src 'none'; base-uri 'self'");
    set(headers, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(headers, header::HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()");
    if state.config.secure_cookies() {
        set(headers, header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains");
    }
    response
}

/// CSRF defence: a request that can change something (anything but GET/HEAD/OPTIONS) is
/// refused when a browser says it comes from another site — `Sec-Fetch-Site: cross-site`,
/// or an `Origin` that is neither the request's own host nor the configured public URL.
/// Requests without those headers come from no browser page (curl, the tests) and carry
/// no ambient authority an attacker could borrow. The session cookie is SameSite=Lax too.
pub async fn same_origin_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !is_same_origin(request.headers(), &state.config.public_url) {
        tracing::warn!(
            method = %request.method(),
            path = %request.uri().path(),
            origin = ?request.headers().get(header::ORIGIN),
            "refused a cross-site request"
        );
        let error = AppError::CrossSite;
        return (StatusCode::FORBIDDEN, [(SERVER_FN_ERROR_HEADER, "1")], error.ser()).into_response();
    }
    next.run(request).await
}

fn is_same_origin(headers: &axum::http::HeaderMap, public_url: &str) -> bool {
    let text = |name| headers.get(name).and_then(|value: &HeaderValue| value.to_str().ok());
    if text(header::HeaderName::from_static("sec-fetch-site")) == Some("cross-site") {
        return false;
    }
    let Some(origin) = text(header::ORIGIN) else {
        return true;
    };
    let host = text(header::HOST);
    let authority = origin.split_once("://").map(|(_, authority)| authority);
    origin == public_url || (host.is_some() && authority == host)
}

/// `/healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&state.db.pool).await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(error) => {
            tracing::warn!(%error, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
