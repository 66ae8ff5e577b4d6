//! What the long tests (tests/reliability.rs) and the benchmarks (benches/portal) share:
//! the real server binary started on a database of either kind, a client that calls its
//! server functions as a signed-in user, and a program set up through those calls.

#![allow(dead_code)] // each user of this module takes what it needs

use planning_portal::server::db::Backend;
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const PASSWORD: &str = "planning-demo-2026";
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A server process of the portal.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts `binary` (the portal's server) on `database_url` and waits until it is healthy.
    pub async fn start(binary: &str, database_url: &str, port: u16) -> Server {
        let log = std::fs::File::create(std::env::temp_dir().join(format!("portal-reliability-{port}.log"))).unwrap();
        let child = Command::new(binary)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_OUTPUT_NAME", "planning_portal")
            .env("LEPTOS_SITE_ROOT", "target/site")
            // `PORTAL_LOG` studies a run: `sqlx::query=debug` logs every statement with
            // its time (the log is named above).
            .env("RUST_LOG", std::env::var("PORTAL_LOG").unwrap_or_else(|_| "warn".to_owned()))
            // These journeys are about crashes and replicas; the second factor has its own
            // tests (src/server/tests/second_factor.rs).
            .env("REQUIRE_SECOND_FACTOR", "false")
            // The demo's logins on an otherwise new program: the journeys and the
            // benchmarks set up the program they measure themselves.
            .env("DEMO_SEED", "logins")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start the server binary");
        let server = Server { child, base: format!("http://127.0.0.1:{port}") };
        let client = reqwest::Client::new();
        // Polled every 10 ms for 30 s: the benchmarks time start-up with it.
        for _ in 0..3000 {
            if let Ok(response) = client.get(format!("{}/healthz", server.base)).send().await {
                if response.status().is_success() {
                    return server;
                }
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the server on port {port} did not become healthy within 30 s");
    }

    /// SIGKILL: no shutdown, no flush, requests in flight cut off.
    pub fn kill(mut self) {
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
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub cookie: Option<String>,
}

impl Client {
    pub fn new(server: &Server) -> Client {
        Client { http: reqwest::Client::new(), base: server.base.clone(), cookie: None }
    }

    pub fn on(&self, server: &Server) -> Client {
        Client { base: server.base.clone(), ..self.clone() }
    }

    pub async fn signed_in(server: &Server, email: &str) -> Client {
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
    pub async fn try_call(&self, endpoint: &str, form: &[(&str, &str)]) -> Option<(u16, String)> {
        let mut request = self.http.post(format!("{}/api/{endpoint}", self.base)).form(form);
        if let Some(cookie) = &self.cookie {
            request = request.header(reqwest::header::COOKIE, cookie);
        }
        let response = request.send().await.ok()?;
        let status = response.status().as_u16();
        Some((status, response.text().await.ok()?))
    }

    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Value {
        let (status, body) = self.try_call(endpoint, form).await.expect("the server answers");
        assert_eq!(status, 200, "{endpoint}: {body}");
        serde_json::from_str(&body).unwrap_or(Value::Null)
    }

    pub async fn try_upload(&self, engagement: &str) -> Option<u16> {
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
pub enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Cleanup {
    pub async fn run(self) {
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
pub async fn fresh_database(backend: Backend) -> (String, Cleanup) {
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

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The program set up for a stream: Fabrikam with `vouchers` one-day DDPS vouchers, and
/// Contoso onboarded, registered for payment, with Carlos qualified.
pub struct Program {
    pub customer: Client,
    pub partner: Client,
    pub today: String,
    pub carlos: String,
    pub location: String,
    pub engagement_type: String,
    pub codes: Vec<String>,
}

pub async fn set_up(server: &Server, vouchers: usize) -> Program {
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

impl Program {
    /// The reservation form for one voucher: Carlos from Madrid, today, terms accepted.
    pub fn reservation(&self, code: &str) -> Vec<(String, String)> {
        [
            ("code", code),
            ("admin_email", "benefit.admin@fabrikam.example"),
            ("engagement_type_id", self.engagement_type.as_str()),
            ("location_id", self.location.as_str()),
            ("consultants", self.carlos.as_str()),
            ("starts_on", self.today.as_str()),
            ("ends_on", self.today.as_str()),
            ("accept_terms", "on"),
        ]
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
    }
}

/// An owned form as the `&[(&str, &str)]` the client takes.
pub fn borrowed(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect()
}

/// How far a voucher's journey goes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Until {
    Redeemed,
    Claimed,
}

/// One voucher from reservation to redemption or a submitted claim. Counts the requests it
/// sends and stops at the first one the server does not answer with success (it may be dying).
pub async fn journey(program: &Program, code: &str, requests: &AtomicUsize, until: Until) -> bool {
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
    let reservation = program.reservation(code);
    let Some(engagement) = step(partner.try_call("reserve_voucher", &borrowed(&reservation)).await) else {
        return false;
    };
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
