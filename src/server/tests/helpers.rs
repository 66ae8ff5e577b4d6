//! `TestApp`: the app on a fresh database, driven through `Router::oneshot`.

use crate::components::export::percent_encode;
use crate::server::clock::{ManualClock, SharedClock};
use crate::server::config::Config;
use crate::server::db::{Backend, Db};
use crate::server::seed;
use crate::server::startup::router;
use crate::server::state::AppState;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chrono::{TimeZone, Utc};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use tower::ServiceExt;

/// Writes each test body once and generates one `#[tokio::test]` per backend.
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($app:ident: TestApp) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($app: TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::server::tests::helpers::TestApp::spawn($crate::server::db::Backend::Sqlite).await;
                let cleanup = app.cleanup_handle();
                body(app).await;
                cleanup.run().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::server::tests::helpers::TestApp::spawn($crate::server::db::Backend::Postgres).await;
                let cleanup = app.cleanup_handle();
                body(app).await;
                cleanup.run().await;
            }
        }
    };
}
pub(crate) use on_both_backends;

/// The PostgreSQL server tests create their databases on (overridable for CI elsewhere).
fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub struct TestApp {
    pub router: Router,
    /// What the router was built from (to build another one beside it).
    pub state: AppState,
    pub db: Db,
    pub clock: ManualClock,
    backend: Backend,
    cleanup: Cleanup,
}

#[derive(Clone)]
pub struct Cleanup {
    db: Db,
    target: CleanupTarget,
}

#[derive(Clone)]
enum CleanupTarget {
    SqliteFile(std::path::PathBuf),
    PostgresDatabase(String),
}

impl Cleanup {
    /// Drops the test database (runs only when the test body passed; a failed test
    /// leaves its database behind for inspection).
    pub async fn run(self) {
        self.db.pool.close().await;
        match self.target {
            CleanupTarget::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            CleanupTarget::PostgresDatabase(name) => {
                use sqlx::Connection;
                let mut admin =
                    sqlx::PgConnection::connect(&postgres_admin_url()).await.expect("connect to PostgreSQL");
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .expect("drop test database");
            }
        }
    }
}

/// What a response looked like.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub content_disposition: Option<String>,
    pub location: Option<String>,
    pub body: String,
    pub set_cookie: Option<String>,
    pub headers: axum::http::HeaderMap,
}

impl TestResponse {
    /// The error a server function answered with.
    #[track_caller]
    pub fn app_error(&self) -> crate::error::AppError {
        serde_json::from_str(&self.body).unwrap_or_else(|error| panic!("not an AppError ({error}): {}", self.body))
    }

    /// The session cookie (`name=value`) this response set.
    #[track_caller]
    pub fn session_cookie(&self) -> String {
        let set_cookie = self.set_cookie.as_deref().expect("a Set-Cookie header");
        set_cookie.split(';').next().unwrap().trim().to_owned()
    }
}

impl TestApp {
    /// The app on a fresh, migrated and seeded database; the clock stands at
    /// 2026-01-15 10:00 UTC until a test moves it.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with_public_url(backend, None).await
    }

    /// Like `spawn`, as if people reached the portal at `public_url`.
    pub async fn spawn_with_public_url(backend: Backend, public_url: Option<&str>) -> TestApp {
        let (url, target) = match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("ps-test-{}.db", uuid::Uuid::new_v4().simple()));
                (format!("sqlite://{}", path.display()), CleanupTarget::SqliteFile(path))
            }
            Backend::Postgres => {
                use sqlx::Connection;
                let name = format!("ps_test_{}", uuid::Uuid::new_v4().simple());
                let admin_url = postgres_admin_url();
                let mut admin = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .unwrap_or_else(|error| panic!("PostgreSQL must run at {admin_url} for the tests: {error}"));
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .expect("create test database");
                let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
                (format!("{base}/{name}"), CleanupTarget::PostgresDatabase(name))
            }
        };
        let db = Db::connect(&url).await.expect("connect and migrate the test database");
        let clock = ManualClock::starting_at(Utc.with_ymd_and_hms(2026, 1, 15, 10, 0, 0).unwrap());
        seed::run(&db, true, crate::server::clock::Clock::now(&clock)).await.expect("seed");
        let listen_addr = "127.0.0.1:3000".parse().unwrap();
        let config = Config::from_lookup(listen_addr, |name| match name {
            "DATABASE_URL" => Some(url.clone()),
            "PUBLIC_URL" => public_url.map(str::to_owned),
            // Most tests are about roles and rules, not second factors: those that are
            // switch enforcement on (`enforcing_second_factors`), as a real portal runs.
            "REQUIRE_SECOND_FACTOR" => Some("false".to_owned()),
            _ => None,
        })
        .expect("config");
        let shared_clock: SharedClock = Arc::new(clock.clone());
        let state = AppState::new(
            LeptosOptions::builder().output_name("planning_portal").site_root("target/site").build(),
            db.clone(),
            shared_clock,
            config,
            crate::server::secrets::DataKeys::ephemeral(),
        );
        TestApp {
            router: router(state.clone()),
            state,
            cleanup: Cleanup { db: db.clone(), target },
            db,
            clock,
            backend,
        }
    }

    /// The same app with `REQUIRE_SECOND_FACTOR` on (the default of a real portal).
    pub fn enforcing_second_factors(mut self) -> TestApp {
        let mut config = (*self.state.config).clone();
        config.require_second_factor = true;
        self.state.config = Arc::new(config);
        self.router = router(self.state.clone());
        self
    }

    /// The same app serving the built client found in `site_root` (as `make site` lays it
    /// out, with `pkg/assets.json`).
    pub fn serving_site(mut self, site_root: &std::path::Path) -> TestApp {
        self.state.leptos_options.site_root = site_root.display().to_string().into();
        self.state.assets = Arc::new(crate::server::document::SiteAssets::read(&self.state.leptos_options));
        self.router = router(self.state.clone());
        self
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn cleanup_handle(&self) -> Cleanup {
        self.cleanup.clone()
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let header_text = |name| {
            response.headers().get(name).and_then(|value: &header::HeaderValue| value.to_str().ok()).map(str::to_owned)
        };
        let set_cookie = header_text(header::SET_COOKIE);
        let content_disposition = header_text(header::CONTENT_DISPOSITION);
        let location = header_text(header::LOCATION);
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("read body").to_bytes();
        TestResponse {
            headers,
            status,
            content_disposition,
            location,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            set_cookie,
        }
    }

    /// Calls a server function the way a browser form does (URL-encoded POST).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)], cookie: Option<&str>) -> TestResponse {
        let body = form
            .iter()
            .map(|(key, value)| format!("{}={}", percent_encode(key), percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        self.call_raw(endpoint, body.into_bytes(), cookie).await
    }

    /// Calls a server function as a client at `address` (what the server sees as the
    /// connection's peer).
    pub async fn call_from(
        &self,
        address: std::net::IpAddr,
        endpoint: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> TestResponse {
        let body = form
            .iter()
            .map(|(key, value)| format!("{}={}", percent_encode(key), percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request =
            Request::post(format!("/api/{endpoint}")).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let mut request = request.body(Body::from(body)).unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(address, 50_000)));
        self.send(request).await
    }

    /// Calls a server function with an arbitrary body, for malformed-input tests.
    pub async fn call_raw(&self, endpoint: &str, body: Vec<u8>, cookie: Option<&str>) -> TestResponse {
        let mut request =
            Request::post(format!("/api/{endpoint}")).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Posts a multipart form (text fields and one file) to a server function.
    pub async fn upload(
        &self,
        endpoint: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
        cookie: Option<&str>,
    ) -> TestResponse {
        let boundary = "----planning-portal-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file.0
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.1);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut request = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Loads a page the way a browser does.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        let mut request = Request::get(path).header(header::ACCEPT, "text/html,application/xhtml+xml");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// Signs in and returns the session cookie to send with later calls.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let response = self.call("sign_in", &[("email", email), ("password", password)], None).await;
        assert_eq!(response.status, StatusCode::OK, "sign-in as {email} failed: {}", response.body);
        response.session_cookie()
    }

    /// Signs up an organisation, follows the emailed link that proves the address, and
    /// returns the session that link starts.
    pub async fn sign_up(&self, form: &[(&str, &str)]) -> String {
        let response = self.call("sign_up", form, None).await;
        assert_eq!(response.status, StatusCode::OK, "sign-up failed: {}", response.body);
        assert_eq!(response.set_cookie, None, "nobody is signed in before the address is proven");
        let email = form.iter().find(|(name, _)| *name == "email").expect("an email").1.to_lowercase();
        let token = self.mailed_token(&email, "/verify-email/").await;
        let verified = self.call("verify_email", &[("token", &token)], None).await;
        assert_eq!(verified.status, StatusCode::OK, "verifying {email} failed: {}", verified.body);
        verified.session_cookie()
    }

    /// The token of the newest link under `path` (e.g. `/invitation/`) emailed to `to`.
    pub async fn mailed_token(&self, to: &str, path: &str) -> String {
        let mails = crate::server::db::outbox::for_recipient(&self.db.pool, to).await.expect("read the outbox");
        mails
            .iter()
            .find_map(|(_, _, body)| {
                let (_, after) = body.split_once(path)?;
                Some(after.split_whitespace().next()?.to_owned())
            })
            .unwrap_or_else(|| panic!("no link under {path} was emailed to {to}: {mails:#?}"))
    }

    pub async fn sign_in_demo(&self, role: crate::domain::roles::Role) -> String {
        let user = seed::DEMO_USERS.iter().find(|user| user.role == role).expect("a demo user per role");
        self.sign_in(user.email, seed::DEMO_PASSWORD).await
    }

    /// What the app's clock says now.
    pub fn clock_now(&self) -> chrono::DateTime<Utc> {
        crate::server::clock::Clock::now(&self.clock)
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.db.pool).await.expect("count query")
    }
}
