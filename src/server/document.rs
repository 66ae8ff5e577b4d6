//! The HTML document around every page: its head, the built client's files by their
//! content-hashed names, the script policy with this response's nonce, and how long a
//! browser may keep each answer.
//!
//! The client's files are named after their content (`scripts/build-site.mjs` writes the
//! names to `pkg/assets.json`), so a browser keeps them for a year without asking again,
//! and a new build is fetched at once because its names are new. Pages and everything
//! else are asked for again on every use.

use crate::app::App;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::*;
use leptos_meta::MetaTags;
use serde::Deserialize;
use std::path::Path;

use super::state::AppState;

/// The built client's files, as named in the site's `pkg/assets.json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SiteAssets {
    pub js: String,
    pub wasm: String,
    pub css: String,
    /// The site's directory of built files, as URLs name it (`pkg`).
    #[serde(skip)]
    pub pkg: String,
}

/// Held for a year and never asked for again: the name changes when the content does.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Kept only to be asked for again (with `If-Modified-Since`) on every use.
const REVALIDATE: &str = "no-cache";
/// Pages hold one person's data: no shared cache keeps them, and the browser asks again.
const PERSONAL: &str = "private, no-cache";

impl SiteAssets {
    /// The names `scripts/build-site.mjs` wrote beside the files. A site built otherwise
    /// (the tests', which serve no client) gets the plain names, which nothing caches.
    pub fn read(options: &LeptosOptions) -> Self {
        let pkg = options.site_pkg_dir.to_string();
        let manifest = Path::new(options.site_root.as_ref()).join(&pkg).join("assets.json");
        let read = std::fs::read_to_string(&manifest)
            .map_err(|error| error.to_string())
            .and_then(|text| serde_json::from_str::<SiteAssets>(&text).map_err(|error| error.to_string()));
        match read {
            Ok(assets) => Self { pkg, ..assets },
            Err(error) => {
                tracing::warn!(manifest = %manifest.display(), %error, "no built client's names: serving the plain ones");
                let name = options.output_name.to_string();
                Self { js: format!("{name}.js"), wasm: format!("{name}.wasm"), css: format!("{name}.css"), pkg }
            }
        }
    }

    fn url(&self, file: &str) -> String {
        format!("/{}/{file}", self.pkg)
    }

    /// Whether `path` (a request's) is one of the built files named after their content
    /// (`<name>.<hash>.<extension>`).
    fn is_hashed(&self, path: &str) -> bool {
        let Some(file) = path.strip_prefix('/').and_then(|rest| rest.strip_prefix(self.pkg.as_str())) else {
            return false;
        };
        let file = file.strip_prefix('/').unwrap_or_default();
        file.split('.').count() == 3 && [&self.js, &self.wasm, &self.css].iter().any(|name| name.as_str() == file)
    }
}

/// The script policy of a page: only scripts carrying this response's nonce run (the
/// hydration script and the data Leptos writes into the page), plus what they load; the
/// WASM needs 'wasm-unsafe-eval'. Sent as a header, with the framing rule every response
/// carries (`http::security_headers`).
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

pub fn shell(assets: &SiteAssets) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    if let (Some(nonce), Some(response)) = (&nonce, use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(policy) = HeaderValue::from_str(&page_policy(nonce)) {
            response.insert_header(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    let (js, wasm, css) = (assets.url(&assets.js), assets.url(&assets.wasm), assets.url(&assets.css));
    // What Leptos' `HydrationScripts` writes, with the files' hashed names, and
    // `crossorigin` as the module and the fetch ask for them (same-origin credentials), so
    // each preload is used rather than fetched twice.
    let hydrate = format!(
        "import({js:?}).then(client => client.default({{module_or_path: {wasm:?}}}).then(() => client.hydrate()));"
    );
    view! {
        <!DOCTYPE html>
        // leptos_i18n sets `lang` to the language the page is rendered in.
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <link rel="stylesheet" href=css />
                <link rel="modulepreload" href=js.clone() crossorigin="anonymous" />
                <link rel="preload" href=wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin="anonymous" />
                <script type="module" nonce=nonce>{hydrate}</script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// `Cache-Control` for every answer that sets none itself: the hashed client files for a
/// year, other files (which carry `Last-Modified`) revalidated on each use, pages and
/// server functions kept private.
pub async fn cache_policy(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let hashed = state.assets.is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let policy = if hashed && response.status().is_success() {
        IMMUTABLE
    } else if response.headers().contains_key(header::LAST_MODIFIED) {
        REVALIDATE
    } else {
        PERSONAL
    };
    response.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> SiteAssets {
        SiteAssets {
            js: "planning_portal.0123456789abcdef.js".into(),
            wasm: "planning_portal.fedcba9876543210.wasm".into(),
            css: "planning_portal.00112233aabbccdd.css".into(),
            pkg: "pkg".into(),
        }
    }

    #[test]
    fn only_the_built_files_by_their_hashed_names_are_immutable() {
        let assets = assets();
        assert!(assets.is_hashed("/pkg/planning_portal.0123456789abcdef.js"));
        assert!(assets.is_hashed("/pkg/planning_portal.fedcba9876543210.wasm"));
        assert!(assets.is_hashed("/pkg/planning_portal.00112233aabbccdd.css"));
        for other in [
            "/pkg/planning_portal.js",
            "/pkg/assets.json",
            "/favicon.svg",
            "/pkg/planning_portal.0123456789abcdef.js/x",
            "/other/planning_portal.0123456789abcdef.js",
            "/pkgplanning_portal.0123456789abcdef.js",
            "/",
        ] {
            assert!(!assets.is_hashed(other), "{other}");
        }
        let plain = SiteAssets { js: "planning_portal.js".into(), ..assets };
        assert!(!plain.is_hashed("/pkg/planning_portal.js"), "a plain name changes nothing when its content does");
    }

    #[test]
    fn the_page_policy_runs_only_the_nonce_s_scripts_and_forbids_framing() {
        let policy = page_policy("abc");
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'strict-dynamic' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
