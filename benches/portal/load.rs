//! Throughput under load with wrk: a server function of the release binary against bare
//! axum handlers doing the same work on the same database, and server-rendered pages.

use super::measure::{PageTarget, Report};
use super::support::{free_port, Client, Server};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Form, Json, Router};
use leptos::config::LeptosOptions;
use planning_portal::domain::{
    access::Action,
    ids::UserId,
    viewer::Viewer,
    voucher::{VoucherFilter, VoucherPage},
};
use planning_portal::error::AppError;
use planning_portal::server::clock::SystemClock;
use planning_portal::server::config::Config;
use planning_portal::server::db::{users, Db};
use planning_portal::server::state::AppState;
use planning_portal::server::{auth, startup, vouchers};
use std::process::Command;
use std::sync::Arc;
use tower_sessions::Session;

const LIST_FORM: &str = "status=&agreement=&offering=&after=";

/// What wrk measured.
pub struct Run {
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// wrk for 5 s (after 1 s to warm up) with the signed-in cookie; `body` makes it a form
/// POST; `brotli` asks for compressed answers as browsers do.
async fn wrk(url: &str, cookie: &str, body: Option<&str>, brotli: bool) -> Run {
    let script = std::env::temp_dir().join(format!("portal-bench-{}.lua", free_port()));
    let mut lua = format!("wrk.headers[\"Cookie\"] = \"{cookie}\"\n");
    if brotli {
        lua.push_str("wrk.headers[\"Accept-Encoding\"] = \"br\"\n");
    }
    if let Some(body) = body {
        lua.push_str(&format!(
            "wrk.method = \"POST\"\nwrk.body = \"{body}\"\nwrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
        ));
    }
    std::fs::write(&script, lua).expect("wrk script");
    let script = script.display().to_string();
    let (url, script_for_run) = (url.to_owned(), script.clone());
    let output = tokio::task::spawn_blocking(move || {
        let run = |seconds: &str| {
            Command::new("wrk")
                .args(["-t1", "-c8", "-d", seconds, "--latency", "-s", &script_for_run, &url])
                .output()
                .expect("wrk is installed (make bench installs it)")
        };
        run("1s");
        run("5s")
    })
    .await
    .expect("wrk");
    let _ = std::fs::remove_file(&script);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "wrk failed: {text}{}", String::from_utf8_lossy(&output.stderr));
    assert!(!text.contains("Non-2xx"), "every answer must succeed:\n{text}");
    let field = |prefix: &str| {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(prefix).map(|rest| rest.trim().to_owned()))
            .unwrap_or_else(|| panic!("no {prefix} in wrk's output:\n{text}"))
    };
    Run {
        requests_per_second: field("Requests/sec:").parse().expect("requests/s"),
        p50_ms: milliseconds(&field("50%")),
        p99_ms: milliseconds(&field("99%")),
    }
}

impl Run {
    fn mean(runs: &[Run]) -> Run {
        let mean = |value: fn(&Run) -> f64| runs.iter().map(value).sum::<f64>() / runs.len() as f64;
        Run {
            requests_per_second: mean(|run| run.requests_per_second),
            p50_ms: mean(|run| run.p50_ms),
            p99_ms: mean(|run| run.p99_ms),
        }
    }
}

/// wrk prints latencies as `635.91us`, `1.20ms` or `2.01s`.
fn milliseconds(text: &str) -> f64 {
    let split = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().unwrap_or(f64::NAN);
    match unit {
        "us" => number / 1000.0,
        "ms" => number,
        "s" => number * 1000.0,
        _ => f64::NAN,
    }
}

#[derive(serde::Deserialize)]
struct ListForm {
    status: String,
    agreement: String,
    offering: String,
    after: String,
}

/// The list's data as a bare axum handler gets it: the session, the viewer, the list.
async fn bare_with_session(
    State((state, _)): State<(AppState, Viewer)>,
    session: Session,
    Form(form): Form<ListForm>,
) -> Result<Json<VoucherPage>, StatusCode> {
    let user: UserId = session.get(auth::USER_KEY).await.ok().flatten().ok_or(StatusCode::UNAUTHORIZED)?;
    let viewer = users::active_viewer(&state.db.pool, user, state.config.require_second_factor)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::UNAUTHORIZED)?;
    if !viewer.may(Action::ReadVouchers) {
        return Err(StatusCode::FORBIDDEN);
    }
    list(&state, &viewer, form).await
}

/// The same list for a viewer read once: the queries alone.
async fn bare_without_session(
    State((state, viewer)): State<(AppState, Viewer)>,
    Form(form): Form<ListForm>,
) -> Result<Json<VoucherPage>, StatusCode> {
    list(&state, &viewer, form).await
}

async fn list(state: &AppState, viewer: &Viewer, form: ListForm) -> Result<Json<VoucherPage>, StatusCode> {
    let filter = VoucherFilter::from_query(&form.status, &form.agreement, &form.offering);
    let after = Some(form.after.as_str()).filter(|after| !after.is_empty());
    let page =
        vouchers::list(state, viewer, &filter, after).await.map_err(|_: AppError| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(page))
}

pub async fn server_against_bare(engine: &str, server: &Server, url: &str, report: &mut Report) {
    let admin = Client::signed_in(server, "benefit.admin@fabrikam.example").await;
    let cookie = admin.cookie.clone().expect("signed in");

    let db = Db::connect(url).await.expect("connect");
    let port = free_port();
    let address: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    let config = Config::from_env(address).expect("configuration");
    let keys = planning_portal::server::secrets::DataKeys::load(
        config.data_key.as_deref(),
        &config.data_key_file,
        config.data_keys_retired.as_deref(),
    )
    .expect("the data key");
    let state = AppState::new(
        LeptosOptions::builder().output_name("planning_portal").site_root("target/site").build(),
        db.clone(),
        Arc::new(SystemClock),
        config,
        keys,
    );
    let user: String = sqlx::query_scalar("SELECT id FROM users WHERE email = 'benefit.admin@fabrikam.example'")
        .fetch_one(&db.pool)
        .await
        .expect("the demo admin");
    let viewer = users::active_viewer(&db.pool, UserId::parse(&user).expect("id"), state.config.require_second_factor)
        .await
        .expect("viewer")
        .expect("active");
    let router = Router::new()
        .route("/bare/list_vouchers", post(bare_with_session))
        .route("/bare/list_vouchers_without_session", post(bare_without_session))
        .layer(startup::session_layer(&state))
        .with_state((state, viewer));
    let listener = tokio::net::TcpListener::bind(address).await.expect("bind");
    let bare = tokio::spawn(async move { axum::serve(listener, router).await });
    let base = format!("http://{address}");

    // Uncompressed, so both sides do the same work (the bare handlers have no compression
    // layer); each side twice, alternating, averaged, so drift on a shared 2-core machine
    // falls on both.
    let bare_url = format!("{base}/bare/list_vouchers");
    let app_url = format!("{}/api/list_vouchers", server.base);
    let mut bare_runs = Vec::new();
    let mut app_runs = Vec::new();
    for _ in 0..2 {
        bare_runs.push(wrk(&bare_url, &cookie, Some(LIST_FORM), false).await);
        app_runs.push(wrk(&app_url, &cookie, Some(LIST_FORM), false).await);
    }
    let (bare_run, app_run) = (Run::mean(&bare_runs), Run::mean(&app_runs));
    let queries_only =
        wrk(&format!("{base}/bare/list_vouchers_without_session"), &cookie, Some(LIST_FORM), false).await;
    report.load(engine, "bare axum: session + viewer + `server::vouchers::list`", &bare_run, None);
    report.load(engine, "server function `list_vouchers` (release binary, full stack)", &app_run, Some(&bare_run));
    report.load(engine, "bare axum: `server::vouchers::list` only (no session)", &queries_only, None);
    bare.abort();
    db.pool.close().await;

    let dashboard = wrk(&format!("{}/dashboard", server.base), &cookie, None, true).await;
    report.page(engine, "dashboard (`/dashboard`)", &dashboard, PageTarget::RequestsPerSecond(500.0));
    let list = wrk(&format!("{}/vouchers", server.base), &cookie, None, true).await;
    let of_its_data = PageTarget::ShareOf { name: "`list_vouchers`", run: &app_run, share: 0.5 };
    report.page(engine, "voucher list (`/vouchers`)", &list, of_its_data);
}
