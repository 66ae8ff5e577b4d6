//! Builds the router and runs the server: config, logging, database, seed, jobs,
//! graceful shutdown.

use super::clock::{SharedClock, SystemClock};
use super::config::{Config, DemoSeed};
use super::db::{sessions::DbSessionStore, Db};
use super::document::{self, shell};
use super::email::{self, Mailer};
use super::request_reads::RequestReads;
use super::secrets::{self, DataKeys};
use super::state::AppState;
use super::{http, jobs, seed};
use crate::app::App;
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use leptos::config::get_configuration;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::{Arc, OnceLock};
use tower::Layer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::SessionManagerLayer;

/// The largest request body: a 10 MB deliverable plus its multipart framing.
const MAX_REQUEST_BYTES: usize = 11 * 1024 * 1024;

/// A response not started within this time is abandoned with 503 (a safety net: no
/// request of the portal should take more than a second or two).
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How hard pages and server-function answers are compressed as they go out. The brotli
/// encoder's own default is its best (11), which costs milliseconds per page and suits
/// only files compressed once: the built client ships precompressed at 11
/// (scripts/build-site.mjs) and is served as is. Level 4 (brotli; gzip's 4 alike) is the
/// usual choice for dynamic answers: nearly the same size, many times faster.
const DYNAMIC_COMPRESSION: CompressionLevel = CompressionLevel::Precise(4);

/// Pages, scripts, WASM, styles and JSON are compressed (brotli or gzip, as the browser
/// accepts); deliverables are not: PDF and Office files are compressed already.
fn compressible() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
    DefaultPredicate::new()
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/vnd.openxmlformats"))
}

/// Sessions in the database behind an http-only, same-site cookie (also used by the
/// benchmarks' bare axum baseline, so both sides pay for sessions alike).
pub fn session_layer(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("ps_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_expiry(super::auth::signed_in_expiry())
}

/// The app's routes, listed once per process.
///
/// Listing runs the app with resource loading suppressed through a process-wide flag
/// (leptos_server's `SuppressResourceLoad`): a resource first polled by a request
/// while another router is being built waits forever (leptos-rs/leptos#4773). One
/// listing per process means no request can ever overlap it: every router, and so
/// every request, comes after it.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application as one axum router (used by `main` and by the tests).
pub fn router(state: AppState) -> Router {
    crate::locale::read_request_language_with(super::http::request_language);
    let sessions = session_layer(&state);
    let routes = routes();
    let (assets, fallback_assets) = (state.assets.clone(), state.assets.clone());
    let not_a_route = axum::middleware::from_fn(http::read_only_fallback).layer(
        leptos_axum::file_and_error_handler::<AppState, _>(move |_| shell(&fallback_assets)).with_state(state.clone()),
    );
    Router::new()
        .route("/healthz", get(http::healthz))
        // Each request's reads shared between the two builds of a server-rendered page.
        .leptos_routes_with_context(&state, routes, || provide_context(RequestReads::default()), move || shell(&assets))
        .fallback_service(not_a_route)
        .layer(axum::middleware::from_fn(http::server_fn_error_status))
        .layer(axum::middleware::from_fn(http::multipart_bodies_only))
        .layer(axum::middleware::from_fn(http::sign_in_first))
        .layer(axum::middleware::from_fn(http::own_form_errors_only))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::client_address))
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::security_headers))
        .layer(axum::middleware::from_fn_with_state(state.clone(), document::cache_policy))
        .layer(CompressionLayer::new().quality(DYNAMIC_COMPRESSION).compress_when(compressible()))
        // A panic is a bug of ours, never an answer to input; should one happen, the client
        // still gets a 500 and the log says where, instead of a dropped connection.
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("Leptos configuration: {0}")]
    Leptos(String),
    #[error(transparent)]
    Config(#[from] super::config::ConfigError),
    #[error(transparent)]
    Db(#[from] super::db::DbSetupError),
    #[error(transparent)]
    Seed(#[from] seed::SeedError),
    #[error("data key: {0}")]
    Keys(#[from] secrets::SecretsError),
    #[error("sealing secrets under the current data key: {0}")]
    Reseal(#[from] secrets::ResealError),
    #[error(transparent)]
    Mail(#[from] email::MailerError),
    #[error("could not listen on {addr}: {source}")]
    Listen { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

pub async fn run() -> Result<(), StartupError> {
    let leptos = get_configuration(None).map_err(|error| StartupError::Leptos(error.to_string()))?;
    let leptos_options = leptos.leptos_options;
    let config = Config::from_env(leptos_options.site_addr)?;
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| "info".into()))
        .init();

    let db = Db::connect(&config.database_url).await?;
    tracing::info!(backend = ?db.backend, "database ready, migrations applied");
    let clock: SharedClock = Arc::new(SystemClock);
    let keys = DataKeys::load(config.data_key.as_deref(), &config.data_key_file, config.data_keys_retired.as_deref())?;
    let resealed = secrets::reseal_all(&db, &keys).await?;
    tracing::info!(key = keys.current_id(), resealed, "secrets at rest sealed under the current data key");
    let demo_seed = config.demo_seed;
    let demo_created = seed::run(&db, demo_seed.creates_logins(), clock.now()).await?;
    let state = AppState::new(leptos_options, db.clone(), clock.clone(), config, keys);
    if demo_created && demo_seed == DemoSeed::LivedIn {
        seed::play_history(&state, clock.now()).await?;
        tracing::info!("demo organisations, logins and their history created");
    }
    if demo_seed.creates_logins() {
        println!("{}", seed::demo_login_banner(&state.config.public_url));
    }

    let (stop_jobs, shutdown) = jobs::shutdown_channel();
    let mut background = vec![
        tokio::spawn(jobs::sweep(db.clone(), clock.clone(), shutdown.clone())),
        tokio::spawn(jobs::expire_vouchers(db.clone(), clock.clone(), shutdown.clone())),
        tokio::spawn(jobs::refresh_statistics(db.clone(), shutdown.clone())),
    ];
    match &state.config.smtp_url {
        Some(url) => {
            let mailer = Mailer::new(url, &state.config.mail_from)?;
            tracing::info!("emails are sent through SMTP and kept in the outbox");
            background.push(tokio::spawn(email::run_delivery(db.clone(), mailer, clock.clone(), shutdown)));
        }
        None => tracing::info!("SMTP_URL is not set: emails stay in the outbox, readable by admins in the app"),
    }

    let addr = state.config.listen_addr;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| StartupError::Listen { addr, source })?;
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartupError::Serve)?;

    stop_jobs.trigger();
    for job in background {
        let _ = job.await;
    }
    db.pool.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM (what orchestrators send before killing a replica).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
