//! Long reliability tests against the real server binary (`make test LONG=1`, run by
//! `.ci/run`): the server killed with SIGKILL in the middle of a stream of reservations,
//! reports, redemptions and claims, on SQLite and on PostgreSQL; and two replicas sharing
//! one PostgreSQL database. After each fault the database must keep every invariant of
//! `server::integrity`.

use planning_portal::server::db::{Backend, Db};
use planning_portal::server::integrity;
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const PASSWORD: &str = "planning-demo-2026";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A server process of the portal.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(database_url: &str, port: u16) -> Server {
        let log = std::fs::File::create(std::env::temp_dir().join(format!("portal-reliability-{port}.log"))).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_planning_portal"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_OUTPUT_NAME", "planning_portal")
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start the server binary");
        let server = Server { child, base: format!("http://127.0.0.1:{port}") };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(response) = client.get(format!("{}/healthz", server.base)).send().await {
                if response.status().is_success() {
                    return server;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server on port {port} did not become healthy within 30 s");
    }

    /// SIGKILL: no shutdown, no flush, requests in flight cut off.
    fn kill(mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reap");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Calls server functions as a signed-in user (or signed out).
#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    base: String,
    cookie: Option<String>,
}

impl Client {
    fn new(server: &Server) -> Client {
        Client { http: reqwest::Client::new(), base: server.base.clone(), cookie: None }
    }

    fn on(&self, server: &Server) -> Client {
        Client { base: server.base.clone(), ..self.clone() }
    }

    async fn signed_in(server: &Server, email: &str) -> Client {
        let client = Client::new(server);
        let response = client
            .http
            .post(format!("{}/api/sign_in", client.base))
            .form(&[("email", email), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "sign in as {email}: {}", response.status());
        let cookie =
            response.headers()[reqwest::header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
        Client { cookie: Some(cookie), ..client }
    }

    /// The status and body of a call; `None` when the server could not be reached.
    async fn try_call(&self, endpoint: &str, form: &[(&str, &str)]) -> Option<(u16, String)> {
        let mut request = self.http.post(format!("{}/api/{endpoint}", self.base)).form(form);
        if let Some(cookie) = &self.cookie {
            request = request.header(reqwest::header::COOKIE, cookie);
        }
        let response = request.send().await.ok()?;
        let status = response.status().as_u16();
        Some((status, response.text().await.ok()?))
    }

    async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Value {
        let (status, body) = self.try_call(endpoint, form).await.expect("the server answers");
        assert_eq!(status, 200, "{endpoint}: {body}");
        serde_json::from_str(&body).unwrap_or(Value::Null)
    }

    async fn try_upload(&self, engagement: &str) -> Option<u16> {
        let form = reqwest::multipart::Form::new()
            .text("engagement_id", engagement.to_owned())
            .part("file", reqwest::multipart::Part::bytes(PDF).file_name("plan.pdf"));
        let mut request = self.http.post(format!("{}/api/upload_deliverable", self.base)).multipart(form);
        if let Some(cookie) = &self.cookie {
            request = request.header(reqwest::header::COOKIE, cookie);
        }
        Some(request.send().await.ok()?.status().as_u16())
    }
}

/// What to remove once a test is done with its database.
enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Cleanup {
    async fn run(self) {
        match self {
            Cleanup::File(path) => drop(std::fs::remove_file(path)),
            Cleanup::Postgres { admin_url, name } => {
                use sqlx::Connection;
                if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await;
                }
            }
        }
    }
}

/// A fresh database of the given kind: its URL, and how to remove it.
async fn fresh_database(backend: Backend) -> (String, Cleanup) {
    let name = format!("ps_reliability_{}", uuid::Uuid::new_v4().simple());
    match backend {
        Backend::Sqlite => {
            let path = std::env::temp_dir().join(format!("{name}.db"));
            (format!("sqlite://{}", path.display()), Cleanup::File(path))
        }
        Backend::Postgres => {
            use sqlx::Connection;
            let admin_url = std::env::var("TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("PostgreSQL for the tests");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
            let base = admin_url.rsplit_once('/').map(|(base, _)| base.to_owned()).unwrap();
            (format!("{base}/{name}"), Cleanup::Postgres { admin_url, name })
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The program set up for a stream: Fabrikam with `vouchers` one-day DDPS vouchers, and
/// Contoso onboarded, registered for payment, with Carlos qualified.
struct Program {
    customer: Client,
    partner: Client,
    today: String,
    carlos: String,
    location: String,
    engagement_type: String,
    codes: Vec<String>,
}

async fn set_up(server: &Server, vouchers: usize) -> Program {
    let customer = Client::signed_in(server, "benefit.admin@fabrikam.example").await;
    let partner = Client::signed_in(server, "global.admin@contoso.example").await;
    let today = chrono::Utc::now().date_naive().to_string();
    // An agreement earns at most 25 days: as many agreements as the one-day vouchers need.
    let mut agreements = Vec::new();
    for n in 0..vouchers.div_ceil(25) {
        let licensing_id = format!("R70000{n:02}");
        customer
            .call(
                "register_agreement",
                &[("licensing_id", &licensing_id), ("qualifying_licenses", "15000"), ("ends_on", "2030-06-30")],
            )
            .await;
        let listed = customer.call("list_agreements", &[]).await;
        let agreement = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|agreement| agreement["licensing_id"] == licensing_id.as_str())
            .map(|agreement| agreement["id"].as_str().unwrap().to_owned())
            .unwrap();
        customer.call("activate_benefit", &[("agreement_id", &agreement)]).await;
        agreements.push(agreement);
    }
    let options = customer.call("voucher_wizard_options", &[]).await;
    let ddps = options["offerings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|choice| choice["offering"]["code"] == "DDPS")
        .map(|choice| choice["offering"]["id"].as_str().unwrap().to_owned())
        .unwrap();
    let mut codes = Vec::new();
    for n in 0..vouchers {
        let created = customer
            .call(
                "create_voucher",
                &[
                    ("agreement_id", &agreements[n / 25]),
                    ("offering_id", &ddps),
                    ("days", "1"),
                    ("division", ""),
                    ("project_manager", "project.manager@fabrikam.example"),
                    ("new_name", ""),
                    ("new_email", ""),
                ],
            )
            .await;
        codes.push(created["code"].as_str().unwrap().to_owned());
    }

    partner.call("record_training", &[("completed_on", "2026-01-10")]).await;
    partner
        .call("add_competency", &[("name", "Windows and Devices"), ("level", "silver"), ("valid_until", "2030-12-31")])
        .await;
    partner
        .call("sign_agreement", &[("signer_name", "Gabriel Global"), ("signer_title", "CEO"), ("version", "1")])
        .await;
    partner.call("enroll", &[("offering_id", &ddps)]).await;
    partner.call("add_location", &[("location_id", "4800001"), ("name", "Madrid"), ("country", "ES")]).await;
    let exams = partner.call("list_exams", &[]).await;
    let carlos = exams["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|person| person[1] == "Carlos Consultant")
        .map(|person| person[0].as_str().unwrap().to_owned())
        .unwrap();
    partner
        .call(
            "record_exam",
            &[
                ("consultant", &carlos),
                ("competency", "Windows and Devices"),
                ("exam", "MD-102"),
                ("passed_on", "2026-01-05"),
            ],
        )
        .await;
    let onboarding = partner.call("get_onboarding", &[]).await;
    let location = onboarding["locations"][0]["id"].as_str().unwrap().to_owned();
    let check =
        partner.call("check_voucher", &[("code", &codes[0]), ("admin_email", "benefit.admin@fabrikam.example")]).await;
    let engagement_type = check["engagement_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|choice| choice["refusal"].is_null())
        .map(|choice| choice["engagement_type"]["id"].as_str().unwrap().to_owned())
        .unwrap();
    let mut program = Program { customer, partner, today, carlos, location, engagement_type, codes };
    // Registration opens after a first redemption: take the first voucher that far.
    let first = program.codes.remove(0);
    let steps = AtomicUsize::new(0);
    assert!(journey(&program, &first, &steps, Until::Redeemed).await, "the first voucher is redeemed");
    program
        .partner
        .call(
            "register_for_payment",
            &[
                ("legal_name", "Contoso Consulting S.L."),
                ("tax_id", "ESB12345678"),
                ("remit_address", "Calle Mayor 1, 28013 Madrid"),
            ],
        )
        .await;
    program
        .partner
        .call(
            "set_bank_account",
            &[
                ("location_id", &program.location),
                ("account_holder", "Contoso"),
                ("account_number", "ES9121000418450200051332"),
                ("bank_code", "CAIXESBBXXX"),
            ],
        )
        .await;
    program
}

/// How far a voucher's journey goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Until {
    Redeemed,
    Claimed,
}

/// One voucher from reservation to redemption or a submitted claim. Counts the requests it
/// sends and stops at the first one the server does not answer with success (it may be dying).
async fn journey(program: &Program, code: &str, requests: &AtomicUsize, until: Until) -> bool {
    let partner = &program.partner;
    let today = program.today.as_str();
    let step = |answer: Option<(u16, String)>| {
        requests.fetch_add(1, Ordering::Relaxed);
        if let Some((status, body)) = answer.as_ref().filter(|(status, _)| *status != 200) {
            // A refusal (not a dropped connection) is worth seeing when a journey stops.
            eprintln!("voucher {code}: {status} {body:.300}");
        }
        answer.filter(|(status, _)| *status == 200).map(|(_, body)| body)
    };
    let reservation = [
        ("code", code),
        ("admin_email", "benefit.admin@fabrikam.example"),
        ("engagement_type_id", program.engagement_type.as_str()),
        ("location_id", program.location.as_str()),
        ("consultants", program.carlos.as_str()),
        ("starts_on", today),
        ("ends_on", today),
        ("accept_terms", "on"),
    ];
    let Some(engagement) = step(partner.try_call("reserve_voucher", &reservation).await) else { return false };
    let engagement: String = serde_json::from_str(&engagement).unwrap();
    let report = [
        ("engagement_id", engagement.as_str()),
        ("delivered_from", today),
        ("delivered_to", today),
        ("days_delivered", "1"),
        ("consultants", program.carlos.as_str()),
        ("customer_contact_name", "Pablo Project"),
        ("customer_contact_email", "project.manager@fabrikam.example"),
        ("summary", "Assessed the estate and planned the Windows rollout in three waves."),
        ("recommendations", "Start with the finance division."),
    ];
    let Some(_) = step(partner.try_call("save_report", &report).await) else { return false };
    requests.fetch_add(1, Ordering::Relaxed);
    if partner.try_upload(&engagement).await != Some(200) {
        return false;
    }
    let id = [("engagement_id", engagement.as_str())];
    let Some(_) = step(partner.try_call("submit_report", &id).await) else { return false };
    let Some(_) = step(partner.try_call("redeem_engagements", &[("engagement_ids", engagement.as_str())]).await) else {
        return false;
    };
    if until == Until::Redeemed {
        return true;
    }
    let claims = step(partner.try_call("get_claims", &[]).await);
    let Some(voucher) = claims.and_then(|body| {
        let overview: Value = serde_json::from_str(&body).ok()?;
        overview["claimable"].as_array()?.iter().find(|voucher| voucher["engagement_id"] == engagement.as_str())?
            ["voucher_id"]
            .as_str()
            .map(str::to_owned)
    }) else {
        return false;
    };
    let claim = [("location_id", program.location.as_str()), ("voucher_ids", voucher.as_str())];
    step(partner.try_call("submit_claim", &claim).await).is_some()
}

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
    let mut server = Server::start(&database_url, port).await;
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
        server = Server::start(&database_url, port).await;
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
    let (a, b) = tokio::join!(Server::start(&database_url, port_a), Server::start(&database_url, port_b));
    let program = set_up(&a, 1 + 1 + 6).await;

    // A session made on A is valid on B.
    let on_b = program.partner.on(&b);
    let me = on_b.call("who_am_i", &[]).await;
    assert_eq!(me["email"], "global.admin@contoso.example", "{me}");

    // 40 reservations of one voucher, half through each replica: exactly one wins.
    let code = program.codes[0].clone();
    let today = program.today.clone();
    let attempts: Vec<_> = (0..40)
        .map(|n| {
            let client = if n % 2 == 0 { program.partner.clone() } else { on_b.clone() };
            let form: Vec<(String, String)> = [
                ("code", code.as_str()),
                ("admin_email", "benefit.admin@fabrikam.example"),
                ("engagement_type_id", program.engagement_type.as_str()),
                ("location_id", program.location.as_str()),
                ("consultants", program.carlos.as_str()),
                ("starts_on", today.as_str()),
                ("ends_on", today.as_str()),
                ("accept_terms", "on"),
            ]
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
            tokio::spawn(async move {
                let form: Vec<(&str, &str)> =
                    form.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
                client.try_call("reserve_voucher", &form).await.unwrap().0
            })
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
    let (a, b) = tokio::join!(Server::start(&database_url, port_a), Server::start(&database_url, port_b));
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
