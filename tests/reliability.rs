//! Long reliability tests against the real server binary (`make test LONG=1`, run by
//! `.ci/run`): the server killed with SIGKILL in the middle of a stream of reservations,
//! reports, redemptions and claims, on SQLite and on PostgreSQL; and two replicas sharing
//! one PostgreSQL database. After each fault the database must keep every invariant of
//! `server::integrity`.

use planning_portal::server::db::{Backend, Db};
use planning_portal::server::integrity;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

mod support;

use support::{borrowed, free_port, fresh_database, journey, set_up, Program, Server, Until};

const BINARY: &str = env!("CARGO_BIN_EXE_planning_portal");

/// Every voucher's journey to a claim at once, each in its own task.
fn spawn_journeys(
    program: &Arc<Program>,
    codes: &[String],
    requests: &Arc<AtomicUsize>,
) -> Vec<tokio::task::JoinHandle<bool>> {
    codes
        .iter()
        .map(|code| {
            let (program, requests, code) = (program.clone(), requests.clone(), code.clone());
            tokio::spawn(async move { journey(&program, &code, &requests, Until::Claimed).await })
        })
        .collect()
}

async fn check_invariants(database_url: &str, when: &str) -> usize {
    let db = Db::connect(database_url).await.expect("reopen the database");
    let broken = integrity::violations(&db).await.expect("read the invariants");
    db.pool.close().await;
    assert!(broken.is_empty(), "{when}: {broken:#?}");
    broken.len()
}

async fn crash_in_the_middle(backend: Backend) {
    let (database_url, cleanup) = fresh_database(backend).await;
    let port = free_port();
    const ROUNDS: usize = 3;
    const PER_ROUND: usize = 12;
    let mut server = Server::start(BINARY, &database_url, port).await;
    let mut program = set_up(&server, 1 + ROUNDS * PER_ROUND + PER_ROUND).await;
    let requests = Arc::new(AtomicUsize::new(0));
    let (mut completed, mut faults) = (0, 0);
    let codes = Arc::new(std::mem::take(&mut program.codes));
    let program = Arc::new(program);
    for round in 0..ROUNDS {
        let tasks = spawn_journeys(&program, &codes[round * PER_ROUND..(round + 1) * PER_ROUND], &requests);
        // In the middle of the stream: after a quarter, a half, three quarters of its requests.
        let target = requests.load(Ordering::Relaxed) + PER_ROUND * 7 * (1 + round) / 4;
        while requests.load(Ordering::Relaxed) < target && !tasks.iter().all(|task| task.is_finished()) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill();
        faults += 1;
        for task in tasks {
            completed += usize::from(task.await.unwrap_or(false));
        }
        check_invariants(&database_url, &format!("after kill -9 number {}", round + 1)).await;
        server = Server::start(BINARY, &database_url, port).await;
    }
    // The restarted server takes a whole batch through, sessions and all.
    let tasks = spawn_journeys(&program, &codes[ROUNDS * PER_ROUND..], &requests);
    let mut after = 0;
    for task in tasks {
        after += usize::from(task.await.unwrap());
    }
    assert_eq!(after, PER_ROUND, "after the crashes every voucher of a batch goes from reservation to claim");
    let violations = check_invariants(&database_url, "at the end").await;
    let claims = program
        .customer
        .call("list_vouchers", &[("status", "claimed"), ("agreement", ""), ("offering", ""), ("after", "")])
        .await;
    assert!(claims["vouchers"].as_array().is_some_and(|vouchers| vouchers.len() >= PER_ROUND));
    println!(
        "crash safety ({backend:?}): {} requests, {faults} faults injected (kill -9), {completed} journeys finished before a kill, invariant violations = {violations}",
        requests.load(Ordering::Relaxed)
    );
    server.kill();
    cleanup.run().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "long: starts the server binary; run with `make test LONG=1`"]
async fn a_killed_server_loses_nothing_on_sqlite() {
    crash_in_the_middle(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "long: starts the server binary; run with `make test LONG=1`"]
async fn a_killed_server_loses_nothing_on_postgres() {
    crash_in_the_middle(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "long: starts the server binary; run with `make test LONG=1`"]
async fn two_replicas_share_sessions_reservations_and_the_expiry_job() {
    let (database_url, cleanup) = fresh_database(Backend::Postgres).await;
    let (port_a, port_b) = (free_port(), free_port());
    // Both start on the empty database at once: one migrates and seeds, the other waits.
    let (a, b) =
        tokio::join!(Server::start(BINARY, &database_url, port_a), Server::start(BINARY, &database_url, port_b));
    let program = set_up(&a, 1 + 1 + 6).await;

    // A session made on A is valid on B.
    let on_b = program.partner.on(&b);
    let me = on_b.call("who_am_i", &[]).await;
    assert_eq!(me["email"], "global.admin@contoso.example", "{me}");

    // 40 reservations of one voucher, half through each replica: exactly one wins.
    let code = program.codes[0].clone();
    let attempts: Vec<_> = (0..40)
        .map(|n| {
            let client = if n % 2 == 0 { program.partner.clone() } else { on_b.clone() };
            let form = program.reservation(&code);
            tokio::spawn(async move { client.try_call("reserve_voucher", &borrowed(&form)).await.unwrap().0 })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|status| **status == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|status| matches!(status, 200 | 409)), "{statuses:?}");

    // Six vouchers past their 180 days: the expiry job of both replicas runs, each voucher
    // expires once and its day goes back to the pool once.
    let db = Db::connect(&database_url).await.unwrap();
    let days_left = "SELECT days_left FROM licensing_agreements WHERE licensing_id = 'R7000000'";
    let left_before: i64 = sqlx::query_scalar(days_left).fetch_one(&db.pool).await.unwrap();
    let past = (chrono::Utc::now() - chrono::Duration::days(1)).timestamp_millis();
    let to_expire: i64 = sqlx::query("UPDATE vouchers SET expires_at = $1 WHERE status = 'assigned'")
        .bind(past)
        .execute(&db.pool)
        .await
        .unwrap()
        .rows_affected() as i64;
    assert_eq!(to_expire, 6);
    drop((a, b));
    // Restarted, both run the job at once on start.
    let (a, b) =
        tokio::join!(Server::start(BINARY, &database_url, port_a), Server::start(BINARY, &database_url, port_b));
    let mut expired = 0;
    for _ in 0..100 {
        expired = sqlx::query_scalar("SELECT COUNT(*) FROM vouchers WHERE status = 'expired'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if expired == to_expire {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(expired, to_expire);
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'expired'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(entries, to_expire, "each voucher expired once");
    let left_after: i64 = sqlx::query_scalar(days_left).fetch_one(&db.pool).await.unwrap();
    assert_eq!(left_after, left_before + to_expire, "each day went back once");
    let violations = integrity::violations(&db).await.unwrap();
    assert!(violations.is_empty(), "{violations:#?}");
    println!(
        "replicas: 2 servers on one PostgreSQL database; a session from A used on B; {} reservations of one voucher across both, 1 won; {to_expire} vouchers expired once by two expiry jobs; invariant violations = {}",
        statuses.len(),
        violations.len()
    );
    db.pool.close().await;
    drop((a, b));
    cleanup.run().await;
}
