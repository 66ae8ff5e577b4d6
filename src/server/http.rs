//! HTTP plumbing around the Leptos app: error statuses for server functions and the
//! health check.

use super::state::AppState;
use crate::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::StatusCode;
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
