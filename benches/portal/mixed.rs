//! The mixed load: 64 connections on loopback, each opening page after page as a random
//! signed-in person of the generated program (a customer's benefit admin or project
//! manager, Fabrikam's among them; a partner's admin or consultant; the operator), every
//! role a fifth of the requests. Latency is recorded per role and page, so a slow page
//! cannot hide in an average. On PostgreSQL the connections are split between two
//! replicas of the server on the one database, as the README's replica setup runs it.

use super::generate::{Generated, Person};
use super::measure::Samples;
use planning_portal::server::db::sessions::DbSessionStore;
use planning_portal::server::db::Db;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

pub const CONNECTIONS: usize = 64;
const WARM_UP: Duration = Duration::from_secs(3);
const MEASURED: Duration = Duration::from_secs(20);

/// What one role's page did under the mixed load.
pub struct PageFigures {
    pub role: &'static str,
    pub page: String,
    pub samples: Samples,
    /// The page's own cost: requests one at a time before the load, for different people.
    pub alone: Samples,
    /// Failed requests by what they got: an HTTP status, or `error` when no answer came.
    pub failures: BTreeMap<String, usize>,
}

/// Signs each person in the way the portal does (a session in its store, sent back as
/// the `ps_session` cookie): the cookie of each.
async fn sessions(db: &Db, people: &[Person]) -> Vec<String> {
    let store = DbSessionStore::new(db.clone());
    let mut cookies = Vec::with_capacity(people.len());
    for person in people {
        let mut record = Record {
            id: Id::default(),
            data: [(planning_portal::server::auth::USER_KEY.to_owned(), serde_json::json!(person.user_id))]
                .into_iter()
                .collect(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(2),
        };
        store.create(&mut record).await.expect("a session");
        cookies.push(format!("ps_session={}", record.id));
    }
    cookies
}

/// The page a path is, for the report: ids and search terms left out.
fn page_name(path: &str) -> String {
    if path.starts_with("/vouchers/") {
        "/vouchers/{id}".to_owned()
    } else if path.starts_with("/search") {
        "/search?q={claim}".to_owned()
    } else {
        path.to_owned()
    }
}

/// How many times each role's page is opened alone, one request at a time.
const ALONE: usize = 10;

/// Each role's pages opened one at a time, for up to `ALONE` different people each: what
/// a page costs with nothing else running (under the load, a slow page also queues every
/// other behind it).
async fn alone(generated: &Generated, cookies: &[String], base: &str) -> BTreeMap<(&'static str, String), Samples> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client");
    let mut by_page: BTreeMap<(&'static str, String), Samples> = BTreeMap::new();
    for (person, cookie) in generated.people.iter().zip(cookies) {
        for path in &person.pages {
            let samples = by_page.entry((person.role, page_name(path))).or_default();
            if samples.len() >= ALONE {
                continue;
            }
            let sent = Instant::now();
            let answer = client
                .get(format!("{base}{path}"))
                .header("cookie", cookie)
                .header("accept-encoding", "br")
                .send()
                .await;
            if let Ok(response) = answer {
                if response.status().is_success() && response.bytes().await.is_ok() {
                    samples.push(sent.elapsed());
                }
            }
        }
    }
    by_page
}

/// Runs the mixed load against `bases` (one server, or two replicas) and returns the
/// figures per role and page, and the wall time measured.
pub async fn run(db: &Db, generated: &Generated, bases: &[String]) -> (Vec<PageFigures>, Duration) {
    let cookies = sessions(db, &generated.people).await;
    let mut alone = alone(generated, &cookies, &bases[0]).await;
    let mut by_role: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    for (index, person) in generated.people.iter().enumerate() {
        by_role.entry(person.role).or_default().push(index);
    }
    let roles: Arc<Vec<Vec<usize>>> = Arc::new(by_role.into_values().collect());
    let people: Arc<Vec<(&'static str, Vec<String>)>> =
        Arc::new(generated.people.iter().map(|person| (person.role, person.pages.clone())).collect());
    let cookies = Arc::new(cookies);
    let started = Instant::now();
    let measuring_from = started + WARM_UP;
    let until = measuring_from + MEASURED;
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|connection| {
            let base = bases[connection % bases.len()].clone();
            let (roles, people, cookies) = (roles.clone(), people.clone(), cookies.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .pool_max_idle_per_host(1)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .expect("a client");
                let mut random = rand::rngs::StdRng::seed_from_u64(connection as u64);
                let mut seen: Vec<(usize, String, Duration, Option<String>)> = Vec::new();
                while Instant::now() < until {
                    let role = roles.choose(&mut random).expect("roles");
                    let person = *role.choose(&mut random).expect("people of the role");
                    let path = people[person].1.choose(&mut random).expect("pages").clone();
                    let sent = Instant::now();
                    let answer = client
                        .get(format!("{base}{path}"))
                        .header("cookie", &cookies[person])
                        .header("accept-encoding", "br")
                        .send()
                        .await;
                    let failure = match answer {
                        Ok(response) if !response.status().is_success() => Some(response.status().as_u16().to_string()),
                        Ok(response) => response.bytes().await.err().map(|_| "error".to_owned()),
                        Err(_) => Some("error".to_owned()),
                    };
                    if sent >= measuring_from && Instant::now() <= until {
                        seen.push((person, page_name(&path), sent.elapsed(), failure));
                    }
                }
                seen
            })
        })
        .collect();
    let mut figures: BTreeMap<(&'static str, String), PageFigures> = BTreeMap::new();
    for worker in workers {
        for (person, page, latency, failure) in worker.await.expect("a load worker") {
            let role = people[person].0;
            let entry = figures.entry((role, page.clone())).or_insert_with(|| PageFigures {
                role,
                alone: alone.remove(&(role, page.clone())).unwrap_or_default(),
                page,
                samples: Samples::default(),
                failures: BTreeMap::new(),
            });
            entry.samples.push(latency);
            if let Some(failure) = failure {
                *entry.failures.entry(failure).or_default() += 1;
            }
        }
    }
    (figures.into_values().collect(), MEASURED)
}
