//! The server-side benchmarks of `make bench` (issues 8 and 23), on SQLite and on
//! PostgreSQL: first start (migrate + seed) and restart of the release binary, a realistic
//! program of a million vouchers generated into each database, lookups, list and audit
//! pages at any depth, the expiry job over the lot, a mixed load of every role's pages (two
//! replicas on PostgreSQL), server function against a bare axum handler under load (wrk),
//! server rendering of pages, and 200 concurrent reservations of 50 vouchers.
//!
//! Writes a Markdown section to the file named by `BENCH_OUT` (bench/run puts it into
//! bench/RESULTS.md). `BENCH_VOUCHERS` sets the scale (default 1,000,000); `BENCH_KEEP=1`
//! keeps the generated databases (their addresses are printed) to study a query; the server
//! binary is `PORTAL_BINARY` (default: the release build of `make release`);
//! `BENCH_ENGINES` names the engines to measure (default `sqlite,postgres`).

#[path = "../../tests/support/mod.rs"]
mod support;

mod generate;
mod load;
mod measure;
mod mixed;

use measure::{Report, Samples};
use planning_portal::domain::voucher::VoucherFilter;
use planning_portal::domain::voucher_code::VoucherCode;
use planning_portal::server::db::{audit, vouchers, Backend, Db, Keyset};
use planning_portal::server::integrity;
use planning_portal::server::seed::DEMO_CUSTOMER;
use planning_portal::server::vouchers as voucher_service;
use rand::seq::SliceRandom;
use std::time::Instant;
use support::{borrowed, free_port, fresh_database, set_up, Server};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let scale: usize = std::env::var("BENCH_VOUCHERS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let binary = std::env::var("PORTAL_BINARY").unwrap_or_else(|_| "target/release/planning_portal".into());
    let out = std::env::var("BENCH_OUT").unwrap_or_else(|_| "target/bench/server.md".into());
    assert!(std::path::Path::new(&binary).exists(), "build the release binary first: {binary}");
    let mut report = Report::default();
    // `BENCH_ENGINES=sqlite` (or `postgres`) measures one engine only.
    let engines = std::env::var("BENCH_ENGINES").unwrap_or_else(|_| "sqlite,postgres".into());
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let name = match backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        if engines.split(',').any(|engine| engine.trim() == name) {
            run(backend, scale, &binary, &mut report).await;
        }
    }
    std::fs::write(&out, report.markdown(scale)).expect("write the results");
    eprintln!("server benchmarks written to {out}");
}

async fn run(backend: Backend, scale: usize, binary: &str, report: &mut Report) {
    let engine = match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    eprintln!("{engine}: first start");
    let (url, cleanup) = fresh_database(backend).await;
    let port = free_port();
    let started = Instant::now();
    let server = Server::start(binary, &url, port).await;
    report.startup(
        engine,
        "first start on an empty database (migrate + seed demo data), to healthy",
        started.elapsed(),
    );
    drop(server);

    eprintln!("{engine}: generating {scale} vouchers");
    let db = Db::connect(&url).await.expect("connect");
    let now = chrono::Utc::now();
    let generated = generate::program(&db, &url, scale, now.timestamp_millis()).await;
    if backend == Backend::Postgres {
        // What autovacuum does within a minute of a bulk load (it vacuums insert-only tables
        // too, since PostgreSQL 13): the planner sees the real sizes, and the visibility map
        // lets index-only scans skip the table (without it, counting one organisation's
        // 100,000 vouchers read 340 MB of table pages).
        sqlx::query("VACUUM ANALYZE").execute(&db.pool).await.expect("vacuum");
    }
    report.generated(engine, &generated);

    eprintln!("{engine}: queries at scale");
    queries_at_scale(engine, &db, &generated, report).await;

    eprintln!("{engine}: expiry job");
    let memory_before = measure::resident_kib();
    measure::reset_peak_memory();
    let started = Instant::now();
    let run = voucher_service::run_expiry(&db, now).await.expect("expiry runs");
    let elapsed = started.elapsed();
    assert_eq!(run.expired, generated.due, "the job expires every voucher past its 180 days");
    report.expiry(engine, scale, run.expired, elapsed, measure::peak_kib().saturating_sub(memory_before));
    // The generator wrote the pool figures itself (their triggers were off for the load)
    // and the expiry job moved 1 % of them through the triggers: both must add up.
    let adrift = integrity::pool_violations(&db).await.expect("the pools are read");
    assert!(adrift.is_empty(), "pools after generation and expiry: {:?}", &adrift[..adrift.len().min(5)]);
    db.pool.close().await;

    eprintln!("{engine}: restart on the database of {scale} vouchers");
    let started = Instant::now();
    let server = Server::start(binary, &url, port).await;
    report.startup(
        engine,
        &format!("restart on the existing database ({scale} vouchers), to healthy"),
        started.elapsed(),
    );

    eprintln!("{engine}: mixed load");
    let db = Db::connect(&url).await.expect("connect");
    let second = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(Server::start(binary, &url, free_port()).await),
    };
    let bases: Vec<String> = std::iter::once(&server).chain(&second).map(|server| server.base.clone()).collect();
    let (figures, measured) = mixed::run(&db, &generated, &bases).await;
    let servers = if second.is_some() { "2 replicas" } else { "1 server" };
    report.mixed(engine, servers, &figures, measured);
    drop(second);
    db.pool.close().await;

    eprintln!("{engine}: load");
    load::server_against_bare(engine, &server, &url, report).await;

    eprintln!("{engine}: contention");
    contention(engine, &server, &url, report).await;
    drop(server);
    if std::env::var_os("BENCH_KEEP").is_some() {
        eprintln!("{engine}: kept the database at {url}");
    } else {
        cleanup.run().await;
    }
}

/// Lookups by code, list pages at random depths (with the list's filters), audit pages.
async fn queries_at_scale(engine: &str, db: &Db, generated: &generate::Generated, report: &mut Report) {
    let mut lookups = Samples::default();
    for (code, admin) in &generated.lookups {
        let code = VoucherCode::parse(code).expect("a generated code");
        let started = Instant::now();
        let found = vouchers::by_code_and_admin(&db.pool, &code, admin).await.expect("lookup");
        lookups.push(started.elapsed());
        assert!(found.is_some(), "every generated code is found");
    }
    report.query(engine, "voucher lookup by code (partner's check)", &lookups, 5.0);

    // Fabrikam's list: a tenth of all vouchers. Pages start after random vouchers of it.
    let org = DEMO_CUSTOMER.id;
    let keys: Vec<(i64, String)> =
        sqlx::query_as("SELECT created_at, id FROM vouchers WHERE customer_org_id = $1 AND project_manager_email = $2")
            .bind(org.to_string())
            .bind("project.manager@fabrikam.example")
            .fetch_all(&db.pool)
            .await
            .expect("keys");
    let all_keys: Vec<(i64, String)> = sqlx::query_as("SELECT created_at, id FROM vouchers WHERE customer_org_id = $1")
        .bind(org.to_string())
        .fetch_all(&db.pool)
        .await
        .expect("keys");
    let mut random = rand::thread_rng();
    let scopes = [
        ("benefit admin", vouchers::Scope::Organisation(org), &all_keys),
        ("project manager", vouchers::Scope::AssignedTo(org, "project.manager@fabrikam.example"), &keys),
    ];
    for (who, scope, keys) in scopes {
        for (filter_name, filter) in [
            ("", VoucherFilter::default()),
            (
                ", status filter",
                VoucherFilter {
                    status: Some(planning_portal::domain::voucher_status::VoucherStatus::Cancelled),
                    ..Default::default()
                },
            ),
        ] {
            let mut pages = Samples::default();
            let mut cursors: Vec<Option<Keyset>> = vec![None];
            cursors.extend(
                keys.choose_multiple(&mut random, 300).map(|(at, id)| Some(Keyset { at: *at, id: id.clone() })),
            );
            let mut connection = db.pool.acquire().await.expect("connection");
            for cursor in &cursors {
                let started = Instant::now();
                let (rows, _) =
                    vouchers::page(&mut connection, scope, &filter, cursor.as_ref(), 50).await.expect("page");
                vouchers::facets(&mut connection, scope).await.expect("facets");
                pages.push(started.elapsed());
                assert!(cursor.is_some() || !rows.is_empty());
            }
            let name = format!("voucher list page + its filters, {who} of {} vouchers{filter_name}", keys.len());
            report.query(engine, &name, &pages, 50.0);
        }
    }

    let (first, last): (i64, i64) =
        sqlx::query_as("SELECT MIN(at), MAX(at) FROM audit_log").fetch_one(&db.pool).await.expect("span");
    let mut pages = Samples::default();
    for step in 0..300 {
        let at = first + (last - first) / 300 * step;
        let cursor = (step > 0).then(|| Keyset { at, id: String::new() });
        let started = Instant::now();
        audit::recent(&db.pool, cursor.as_ref(), 51).await.expect("audit page");
        pages.push(started.elapsed());
    }
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&db.pool).await.expect("count");
    report.query(engine, &format!("audit log page (operator) of {entries} entries"), &pages, 50.0);
}

/// 200 reservation attempts at once on 50 vouchers (four partners' clicks per voucher),
/// through the running server: exactly one attempt per voucher wins.
async fn contention(engine: &str, server: &Server, url: &str, report: &mut Report) {
    let program = set_up(server, 51).await;
    assert_eq!(program.codes.len(), 50);
    let started = Instant::now();
    let attempts: Vec<_> = (0..200)
        .map(|n| {
            let client = program.partner.clone();
            let form = program.reservation(&program.codes[n % 50]);
            tokio::spawn(async move {
                let sent = Instant::now();
                let status = client.try_call("reserve_voucher", &borrowed(&form)).await.expect("the server answers").0;
                (status, sent.elapsed())
            })
        })
        .collect();
    let mut latencies = Samples::default();
    let mut statuses = Vec::new();
    for attempt in attempts {
        let (status, latency) = attempt.await.expect("attempt");
        statuses.push(status);
        latencies.push(latency);
    }
    let wall = started.elapsed();
    let won = statuses.iter().filter(|status| **status == 200).count();
    assert_eq!(won, 50, "one reservation per voucher: {statuses:?}");
    assert!(statuses.iter().all(|status| matches!(status, 200 | 409)), "{statuses:?}");
    // Each voucher has exactly one live reservation, and says so. (The whole-database
    // invariants of `server::integrity` are checked by the reliability tests; reading a
    // million vouchers' audit chains here would dwarf what is measured.)
    let db = Db::connect(url).await.expect("connect");
    let codes: Vec<String> =
        program.codes.iter().map(|code| VoucherCode::parse(code).expect("a code").canonical()).collect();
    let placeholders: Vec<String> = (1..=codes.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT COUNT(*), COUNT(DISTINCT v.id) FROM engagements e JOIN vouchers v ON v.id = e.voucher_id
         WHERE e.released_at IS NULL AND v.status = 'reserved' AND v.code IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
    for code in &codes {
        query = query.bind(code);
    }
    assert_eq!(query.fetch_one(&db.pool).await.expect("reservations"), (50, 50), "one live reservation per voucher");
    db.pool.close().await;
    report.contention(engine, statuses.len(), won, wall, &latencies);
}
