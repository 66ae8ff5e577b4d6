//! HTTP plumbing around the Leptos app: error statuses for server functions and the
//! health check.

use super::state::AppState;
use crate::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr, SERVER_FN_ERROR_HEADER};
use leptos::server_fn::ServerFn;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};

/// Server functions answer every error with 500 by default. This gives each error the
/// status it deserves (422 for a form mistake, 401/403/404/409, 400 for unreadable
/// arguments), so only our own faults are 5xx, and tells a throttled client when to come
/// back (`Retry-After`). The body, the user's message, is kept.
pub async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let form_sent = request.method() == Method::POST;
    let response = next.run(request).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Errors are short: their transport details are cut (`error::bounded`) and the rest
    // are the portal's own sentences.
    let Ok(bytes) = to_bytes(body, 64 * 1024).await else {
        tracing::error!("a server function's error was longer than 64 KiB");
        return (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal.ser()).into_response();
    };
    let error = AppError::de(bytes.clone());
    if form_sent && parts.status == StatusCode::FOUND {
        // A form sent without JavaScript: server_fn sends the browser back to its page with
        // the error in the address. The page shows it only with this browser's receipt.
        // (A link to a GET server function, a download, keeps its error's own status.)
        if let Some(receipt) = parts.headers.get(header::LOCATION).and_then(form_error_in).map(form_error_receipt) {
            if let Ok(cookie) =
                HeaderValue::from_str(&format!("{FORM_ERROR_COOKIE}={receipt}; {FORM_ERROR_COOKIE_ATTRIBUTES}"))
            {
                parts.headers.append(header::SET_COOKIE, cookie);
            }
        }
        return Response::from_parts(parts, Body::from(bytes));
    }
    parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let AppError::TooManyAttempts { minutes } = error {
        parts.headers.insert(header::RETRY_AFTER, HeaderValue::from(u64::from(minutes) * 60));
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The cookie that lets a page show the error of this browser's own form submission.
const FORM_ERROR_COOKIE: &str = "ps_form_error";
const FORM_ERROR_COOKIE_ATTRIBUTES: &str = "Path=/; Max-Age=300; HttpOnly; SameSite=Lax";

/// The query parameters server_fn writes a form's error into; Leptos shows whatever
/// error they carry on the page named by `__path`.
const FORM_ERROR_PARAMETERS: [&str; 2] = ["__err", "__path"];

/// The `__err` value of an address (decoded, as Leptos decodes it).
fn form_error_in(location: &HeaderValue) -> Option<String> {
    let query = location.to_str().ok()?.split_once('?')?.1;
    form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == "__err").map(|(_, value)| value.into_owned())
}

fn form_error_receipt(error: String) -> String {
    Sha256::digest(error.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Shows a form's error on a page only when the server produced it for this browser's
/// own submission (its receipt cookie matches). Any other address carrying `__err` or
/// `__path` — a crafted link that would show any message as if the portal said it — is
/// sent to the same page without them.
pub async fn own_form_errors_only(request: Request, next: Next) -> Response {
    let Some(query) = request.uri().query().filter(|_| request.method() == Method::GET) else {
        return next.run(request).await;
    };
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    if !pairs.iter().any(|(key, _)| FORM_ERROR_PARAMETERS.contains(&key.as_str())) {
        return next.run(request).await;
    }
    let receipt = cookie_value(request.headers(), FORM_ERROR_COOKIE);
    let error = pairs.iter().find(|(key, _)| key == "__err").map(|(_, value)| form_error_receipt(value.clone()));
    if error.is_some() && receipt.is_some() && error.as_deref() == receipt {
        let mut response = next.run(request).await;
        // Shown once: reloading the address later shows the page without it.
        let expired = format!("{FORM_ERROR_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        if let Ok(cookie) = HeaderValue::from_str(&expired) {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
        return response;
    }
    let kept: Vec<&(String, String)> =
        pairs.iter().filter(|(key, _)| !FORM_ERROR_PARAMETERS.contains(&key.as_str())).collect();
    let mut clean = request.uri().path().to_owned();
    if !kept.is_empty() {
        clean.push('?');
        clean.push_str(&form_urlencoded::Serializer::new(String::new()).extend_pairs(kept).finish());
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, clean)]).into_response()
}

/// The value of the cookie `name` in a request.
fn cookie_value<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value)
}

/// Server functions that take `multipart/form-data` (a file upload).
const MULTIPART_ENDPOINTS: &[&str] = &[<crate::flows::reports::api::UploadDeliverable as ServerFn>::PATH];

/// server_fn's multipart codec panics on a body that is not multipart or has no boundary,
/// which drops the connection. Such requests are refused here, before the codec runs: 415
/// for another content type, 400 for a multipart body without its boundary.
pub async fn multipart_bodies_only(request: Request, next: Next) -> Response {
    if request.method() != Method::POST || !MULTIPART_ENDPOINTS.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
    let refusal = match content_type.map(|value| value.parse::<mime::Mime>()) {
        Some(Ok(media_type)) if media_type.essence_str() == "multipart/form-data" => {
            match media_type.get_param(mime::BOUNDARY) {
                Some(boundary) if !boundary.as_str().is_empty() => return next.run(request).await,
                _ => (StatusCode::BAD_REQUEST, "multipart/form-data without a boundary"),
            }
        }
        _ => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "expected multipart/form-data"),
    };
    let (status, detail) = refusal;
    let error = AppError::Transport(ServerFnErrorErr::Args(detail.to_owned()));
    (status, [(SERVER_FN_ERROR_HEADER, request.uri().path().to_owned())], error.ser()).into_response()
}

/// What is not a route is a file of the built client (`LEPTOS_SITE_ROOT`) or the "page not
/// found" page: both are read, never written, so only GET and HEAD reach them. (Serving a
/// file to CONNECT with 200 would turn the connection into a tunnel.)
pub async fn read_only_fallback(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response()
}

/// Sends signed-out visitors of a page that needs a session straight to sign-in, before
/// any rendering. The pages' own gate does the same, but answering here is cheaper and
/// keeps the redirect out of server rendering, where Leptos' redirect inside a suspended
/// view occasionally never finished its response.
pub async fn sign_in_first(session: tower_sessions::Session, request: Request, next: Next) -> Response {
    let first_segment = request.uri().path().trim_start_matches('/').split('/').next().unwrap_or_default();
    let is_page = request.method() == axum::http::Method::GET
        && (matches!(first_segment, "dashboard" | "account")
            || crate::components::nav::SECTIONS.iter().any(|section| section.path == first_segment));
    if is_page && !super::auth::has_user(&session).await {
        return (StatusCode::FOUND, [(axum::http::header::LOCATION, "/sign-in")]).into_response();
    }
    next.run(request).await
}

/// Headers every response carries: no MIME sniffing, no framing by other sites, no
/// referrer beyond this origin, and HSTS when the portal is served over https. (Pages set
/// their whole policy, scripts by this response's nonce too: `document::page_policy`.)
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
    let chosen = cookie_value(headers, LANGUAGE_COOKIE).and_then(|value| parse(value).ok());
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
