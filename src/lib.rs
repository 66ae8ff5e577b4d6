//! Software Assurance Planning Services portal.
//!
//! One crate, two builds: `ssr` (the axum server, which also renders pages) and
//! `hydrate` (the same components compiled to WASM for the browser). Server functions
//! in `flows` are the only boundary between the two.

pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod flows;
pub mod locale;

/// The browser's clipboard (copy buttons); the server build has only the name.
#[cfg_attr(feature = "hydrate", path = "clipboard/browser.rs")]
#[cfg_attr(not(feature = "hydrate"), path = "clipboard/server.rs")]
pub mod clipboard;

/// The browser's WebAuthn calls for passkeys; the server build has only their names.
#[cfg_attr(feature = "hydrate", path = "webauthn/browser.rs")]
#[cfg_attr(not(feature = "hydrate"), path = "webauthn/server.rs")]
pub mod webauthn;

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets browser tests (and curious people) see when the client has taken over.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

/// Sets the HTTP status of the page being rendered on the server (a 404 page must not
/// answer 200); in the browser there is no response to change.
pub fn set_page_status(code: u16) {
    #[cfg(feature = "ssr")]
    {
        let options = leptos::prelude::use_context::<leptos_axum::ResponseOptions>();
        if let (Some(options), Ok(status)) = (options, http::StatusCode::from_u16(code)) {
            options.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
