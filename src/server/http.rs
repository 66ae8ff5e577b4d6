//! HTTP plumbing around the Leptos app: error statuses for server functions and the
//! health check.

use super::state::AppState;
use crate::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::error::{FromServerFnError, SERVER_FN_ERROR_HEADER};
use std::net::{IpAddr, SocketAddr};

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

/// The address of the client a request comes from, as far as the server can tell.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

/// Notes the client's address on each request: the connection's peer, or the last
/// `X-Forwarded-For` entry when a trusted proxy sets it (`TRUST_FORWARDED_FOR`).
pub async fn client_address(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    let forwarded = if state.config.trust_forwarded_for { forwarded_client(request.headers()) } else { None };
    request.extensions_mut().insert(ClientAddress(forwarded.or(peer)));
    next.run(request).await
}

/// The client as the trusted proxy saw it: the last entry it appended to `X-Forwarded-For`.
fn forwarded_client(headers: &axum::http::HeaderMap) -> Option<IpAddr> {
    let last_header = headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?;
    last_header.rsplit(',').next()?.trim().parse().ok()
}

/// The client address of the server function being run. Like `AppState::current`, read
/// it before the function's first await.
pub fn current_client_address() -> Option<IpAddr> {
    leptos::prelude::use_context::<axum::http::request::Parts>()?.extensions.get::<ClientAddress>()?.0
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

/// Where a server function sets response headers; taken before its first await (see
/// `AppState::current`).
pub fn response_options() -> Result<leptos_axum::ResponseOptions, AppError> {
    leptos::prelude::use_context::<leptos_axum::ResponseOptions>().ok_or_else(|| {
        tracing::error!("ResponseOptions missing from the server-function context");
        AppError::Internal
    })
}

/// Makes this browser show the portal in `language` from the next page on.
pub fn set_language_cookie(response: &leptos_axum::ResponseOptions, language: crate::locale::Locale) {
    let cookie = crate::locale::language_cookie(language);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// The language of the request being answered: the language cookie, then the browser's
/// `Accept-Language`; `None` outside a request. What a server function writes (a field's
/// message, a refusal) reads in it (see `locale::current`).
pub fn request_language() -> Option<crate::locale::Locale> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    Some(language_of(&parts.headers))
}

fn language_of(headers: &axum::http::HeaderMap) -> crate::locale::Locale {
    use crate::locale::{parse, Locale, LANGUAGE_COOKIE};
    let chosen = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, value)| parse(value).ok());
    chosen.unwrap_or_else(|| {
        // Browsers list their languages most preferred first.
        let accepted: Vec<&str> = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .map(|list| list.split(',').filter_map(|tag| tag.split(';').next()).map(str::trim).collect())
            .unwrap_or_default();
        <Locale as leptos_i18n::Locale>::find_locale(&accepted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_language_is_the_cookie_then_the_browser_then_english() {
        use crate::locale::Locale;
        let headers = |pairs: &[(header::HeaderName, &str)]| {
            let mut map = axum::http::HeaderMap::new();
            for (name, value) in pairs {
                map.append(name.clone(), HeaderValue::from_str(value).unwrap());
            }
            map
        };
        assert_eq!(language_of(&headers(&[])), Locale::en);
        assert_eq!(language_of(&headers(&[(header::ACCEPT_LANGUAGE, "es-ES,es;q=0.9,en;q=0.5")])), Locale::es);
        assert_eq!(language_of(&headers(&[(header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9")])), Locale::en);
        let chosen = headers(&[(header::ACCEPT_LANGUAGE, "es-ES"), (header::COOKIE, "id=abc; i18n_pref_locale=en")]);
        assert_eq!(language_of(&chosen), Locale::en, "the person's choice wins over the browser");
        let bad = headers(&[(header::ACCEPT_LANGUAGE, "es"), (header::COOKIE, "i18n_pref_locale=xx")]);
        assert_eq!(language_of(&bad), Locale::es, "an unknown cookie value is ignored");
    }

    #[test]
    fn the_proxy_appends_the_client_it_saw_last() {
        let mut headers = axum::http::HeaderMap::new();
        assert_eq!(forwarded_client(&headers), None);
        headers.append("x-forwarded-for", HeaderValue::from_static("10.9.9.9, 203.0.113.7"));
        assert_eq!(forwarded_client(&headers), Some("203.0.113.7".parse().unwrap()));
        headers.append("x-forwarded-for", HeaderValue::from_static("2001:db8::1"));
        assert_eq!(forwarded_client(&headers), Some("2001:db8::1".parse().unwrap()), "the last header counts");
        headers.append("x-forwarded-for", HeaderValue::from_static("not an address"));
        assert_eq!(forwarded_client(&headers), None);
    }

    #[test]
    fn writes_from_another_site_are_told_apart_from_the_portal_own() {
        let with = |pairs: &[(&'static str, &'static str)]| {
            let mut headers = axum::http::HeaderMap::new();
            for (name, value) in pairs {
                headers.insert(*name, HeaderValue::from_static(value));
            }
            headers
        };
        let public = "https://portal.example";
        assert!(is_same_origin(&with(&[]), public), "no browser page: no ambient authority to borrow");
        assert!(is_same_origin(&with(&[("origin", "https://portal.example")]), public));
        assert!(is_same_origin(&with(&[("origin", "http://10.0.0.5:3000"), ("host", "10.0.0.5:3000")]), public));
        assert!(!is_same_origin(&with(&[("origin", "https://evil.example"), ("host", "portal.example")]), public));
        assert!(!is_same_origin(&with(&[("origin", "https://portal.example.evil.example")]), public));
        assert!(!is_same_origin(&with(&[("sec-fetch-site", "cross-site")]), public));
        assert!(is_same_origin(
            &with(&[("sec-fetch-site", "same-origin"), ("origin", "https://portal.example")]),
            public
        ));
    }
}
