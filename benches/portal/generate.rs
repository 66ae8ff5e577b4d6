//! Loads the program as it really is, at scale, into a migrated, seeded database through
//! the app's own schema. For `vouchers` vouchers (a million by default):
//!
//! - customer organisations joining over the last two years (about one per ten vouchers),
//!   each with a benefit admin, one or two project managers and one agreement a year,
//!   entitled to 0–25 planning days by the entitlement tiers, its days drawn as vouchers
//!   (mostly 1 to 5 days); and one big customer, Fabrikam (the demo's), holding a tenth
//!   of all vouchers, so the demo logins meet a big organisation;
//! - a partner per 200 vouchers, with one to three delivery locations, enrollments, an
//!   admin, a finance admin and two to four consultants, a payment registration and a
//!   bank account per location;
//! - two years of history: each voucher assigned, then reserved by a partner, delivered
//!   with its completion report, redeemed, claimed and paid, cancelled or expired as its
//!   age makes likely; claims of one to four vouchers in every state (some rejected or
//!   withdrawn before a claim that went through); and the audit entry each step writes.
//!
//! Pools and the links between vouchers, engagements and claim lines are what the
//! app would have kept; vouchers past their 180 days that the expiry job has not reached
//! yet (about one in a hundred) wait for it. Everything comes from one seeded random
//! generator: the same scale gives the same program.

use planning_portal::domain::claim::claim_reference;
use planning_portal::domain::voucher_code::VoucherCode;
use planning_portal::domain::voucher_status::VoucherStatus;
use planning_portal::server::db::{Backend, Db};
use planning_portal::server::seed::{DEMO_CUSTOMER, DEMO_PROGRAM};
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use sqlx::{AnyConnection, Connection};
use std::time::Instant;
use tokio::sync::Mutex;

/// Rows per INSERT statement (within SQLite's 32,766 bound values). SQLite gets plain `?`
/// placeholders: looking up a numbered `$n` walks a list of every name in the statement,
/// which made each 18,000-value statement cost 0.4 s.
const ROWS_PER_STATEMENT: usize = 1_000;
const DAY_MS: i64 = 86_400_000;
/// How far back the history goes.
const HISTORY_DAYS: i64 = 730;
const VOUCHER_LIFE_DAYS: i64 = 180;
/// Vouchers per partner.
const VOUCHERS_PER_PARTNER: usize = 200;
/// The most days one generated agreement is entitled to (Fabrikam's aside).
const MOST_DAYS: i64 = 25;

/// What the measurements need to know about the generated program.
pub struct Generated {
    pub vouchers: usize,
    pub customers: usize,
    pub partners: usize,
    pub agreements: usize,
    pub engagements: usize,
    pub claims: usize,
    pub audit_rows: usize,
    /// Past their 180 days, waiting for the expiry job.
    pub due: usize,
    pub seconds: f64,
    /// (code, the customer's benefit admin email) of every 500th voucher.
    pub lookups: Vec<(String, String)>,
    /// People to sign in as for the mixed load, each with the pages they open.
    pub people: Vec<Person>,
}

/// Someone of the program and the pages of theirs a mixed load opens.
pub struct Person {
    pub user_id: String,
    pub role: &'static str,
    pub pages: Vec<String>,
}

enum Value {
    Text(String),
    Int(i64),
    /// A NULL number (an instant).
    NoInt,
    /// A NULL text (a reference, a snapshot).
    NoText,
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(value.into())
}

fn int(value: i64) -> Value {
    Value::Int(value)
}

fn maybe(value: Option<i64>) -> Value {
    value.map_or(Value::NoInt, Value::Int)
}

fn maybe_text(value: Option<impl Into<String>>) -> Value {
    value.map_or(Value::NoText, text)
}

/// Multi-row INSERTs, all through one connection (SQLite allows one writer at a time) in
/// the load's one transaction.
struct Loader<'a> {
    db: &'a Mutex<AnyConnection>,
    backend: Backend,
    table: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<Value>>,
    written: usize,
}

impl<'a> Loader<'a> {
    fn new(
        db: &'a Mutex<AnyConnection>,
        backend: Backend,
        table: &'static str,
        columns: &'static [&'static str],
    ) -> Self {
        Loader { db, backend, table, columns, rows: Vec::with_capacity(ROWS_PER_STATEMENT), written: 0 }
    }

    async fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        self.rows.push(row);
        if self.rows.len() == ROWS_PER_STATEMENT {
            self.flush().await;
        }
    }

    async fn flush(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        let width = self.columns.len();
        let placeholders: Vec<String> = (0..self.rows.len())
            .map(|row| {
                let row: Vec<String> = (1..=width)
                    .map(|column| match self.backend {
                        Backend::Sqlite => "?".to_owned(),
                        Backend::Postgres => format!("${}", row * width + column),
                    })
                    .collect();
                format!("({})", row.join(", "))
            })
            .collect();
        let sql =
            format!("INSERT INTO {} ({}) VALUES {}", self.table, self.columns.join(", "), placeholders.join(", "));
        let mut query = sqlx::query(&sql);
        self.written += self.rows.len();
        for value in self.rows.drain(..).flatten() {
            query = match value {
                Value::Text(text) => query.bind(text),
                Value::Int(int) => query.bind(int),
                Value::NoInt => query.bind(None::<i64>),
                Value::NoText => query.bind(None::<String>),
            };
        }
        let mut connection = self.db.lock().await;
        query.execute(&mut *connection).await.unwrap_or_else(|error| panic!("{}: {error}", self.table));
    }

    /// Writes what is left; how many rows it wrote in all.
    async fn finish(mut self) -> usize {
        self.flush().await;
        self.written
    }
}

fn id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Audit entries are read in id order: time-ordered ids stamped with the entry's time.
fn audit_id(at_ms: i64) -> String {
    let at = uuid::Timestamp::from_unix(uuid::NoContext, (at_ms / 1000) as u64, (at_ms % 1000) as u32 * 1_000_000);
    uuid::Uuid::new_v7(at).to_string()
}

/// An audit row as the app writes it: who (`actor`, of `actor_org`) did `action` to the
/// subject (its organisation, kind and id) at `at`, with the status before (if any) and the
/// JSON of the state after.
fn audit_row(
    at: i64,
    (actor, actor_org): (&str, &str),
    (subject_org, kind, id): (&str, &str, &str),
    action: &str,
    before: Option<&str>,
    after: String,
) -> Vec<Value> {
    vec![
        text(audit_id(at)),
        int(at),
        text(actor),
        text(actor_org),
        text(subject_org),
        text(kind),
        text(id),
        text(action),
        maybe_text(before.map(|status| format!(r#"{{"status":"{status}"}}"#))),
        text(after),
    ]
}

fn date(at_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(at_ms).expect("an instant of the history").format("%Y-%m-%d").to_string()
}

/// (name, definition) of the indexes on the loaded tables that back no constraint.
async fn secondary_indexes(connection: &mut AnyConnection, backend: Backend) -> Vec<(String, String)> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name IN ('vouchers', 'audit_log', 'engagements', 'claims', 'claim_vouchers')
               AND sql IS NOT NULL"
        }
        Backend::Postgres => {
            "SELECT indexname::text, indexdef::text FROM pg_indexes
             WHERE schemaname = current_schema()
               AND tablename IN ('vouchers', 'audit_log', 'engagements', 'claims', 'claim_vouchers')
               AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        }
    };
    sqlx::query_as(sql).fetch_all(connection).await.expect("the indexes")
}

/// (name, definition) of the triggers on vouchers (they keep the pool figures).
async fn voucher_triggers(connection: &mut AnyConnection, backend: Backend) -> Vec<(String, String)> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'vouchers'",
        Backend::Postgres => {
            "SELECT tgname::text, pg_get_triggerdef(oid)::text FROM pg_trigger
             WHERE tgrelid = 'vouchers'::regclass AND NOT tgisinternal"
        }
    };
    sqlx::query_as(sql).fetch_all(connection).await.expect("the triggers")
}

/// Where a voucher's life ends up (its status once the generated history is over), chosen
/// by its age.
struct Fate;

impl Fate {
    /// How far along the reservation, delivery and redemption it got.
    fn reached(status: VoucherStatus) -> u8 {
        match status {
            VoucherStatus::Assigned | VoucherStatus::Cancelled | VoucherStatus::Expired => 0,
            VoucherStatus::Reserved => 1,
            VoucherStatus::Delivered => 2,
            VoucherStatus::Redeemed | VoucherStatus::Claimed | VoucherStatus::Paid => 3,
        }
    }

    /// The fate of a voucher created `age_days` ago: old ones are finished (or, one in a
    /// hundred, past their life and waiting for the expiry job), young ones still open.
    fn by_age(age_days: i64, random: &mut StdRng) -> VoucherStatus {
        let roll: f64 = random.gen();
        let table: &[(f64, VoucherStatus)] = if age_days > VOUCHER_LIFE_DAYS {
            &[
                (0.015, VoucherStatus::Assigned),
                (0.14, VoucherStatus::Expired),
                (0.08, VoucherStatus::Cancelled),
                (0.05, VoucherStatus::Redeemed),
                (0.04, VoucherStatus::Claimed),
                (1.0, VoucherStatus::Paid),
            ]
        } else if age_days > 60 {
            &[
                (0.25, VoucherStatus::Assigned),
                (0.15, VoucherStatus::Reserved),
                (0.12, VoucherStatus::Delivered),
                (0.10, VoucherStatus::Redeemed),
                (0.18, VoucherStatus::Claimed),
                (0.15, VoucherStatus::Paid),
                (1.0, VoucherStatus::Cancelled),
            ]
        } else {
            &[
                (0.55, VoucherStatus::Assigned),
                (0.28, VoucherStatus::Reserved),
                (0.08, VoucherStatus::Delivered),
                (0.04, VoucherStatus::Redeemed),
                (1.0, VoucherStatus::Cancelled),
            ]
        };
        let mut sum = 0.0;
        for (weight, fate) in table {
            sum += weight;
            if roll < sum || *weight == 1.0 {
                return *fate;
            }
        }
        VoucherStatus::Assigned
    }
}

/// A voucher as the history made it.
struct Voucher {
    customer: u32,
    agreement: u32,
    manager: u8,
    offering: u16,
    days: i64,
    created: i64,
    fate: VoucherStatus,
    partner: u32,
    location: u8,
    consultant: u8,
    engagement_type: u16,
    reserved: i64,
    delivered: i64,
    redeemed: i64,
    /// When it was cancelled or expired.
    closed: i64,
    returned: i64,
}

struct Customer {
    org: String,
    admin: String,
    admin_email: String,
    /// (user id, email, name) of its project managers.
    managers: Vec<(String, String, String)>,
}

struct Agreement {
    id: String,
    customer: u32,
    licensing_id: String,
    licenses: i64,
    entitled: i64,
    starts: i64,
    ends: i64,
}

struct Partner {
    org: String,
    admin: String,
    finance: String,
    consultants: Vec<(String, String)>,
    /// (location row id, country, bank account id) of each delivery location.
    locations: Vec<(String, &'static str, String)>,
}

/// The catalogue and settings the seed wrote, read back.
struct Catalogue {
    offerings: Vec<String>,
    /// Engagement type ids by offering (same index as `offerings`).
    engagement_types: Vec<Vec<String>>,
    /// (minimum licences, days) of each tier, ascending.
    tiers: Vec<(i64, i64)>,
    /// (country, day rate in minor units, currency).
    rates: Vec<(&'static str, i64, String)>,
}

async fn catalogue(db: &Db) -> Catalogue {
    let offerings: Vec<String> =
        sqlx::query_scalar("SELECT id FROM offerings ORDER BY code").fetch_all(&db.pool).await.expect("offerings");
    assert!(!offerings.is_empty(), "the catalogue is seeded first");
    let types: Vec<(String, String)> =
        sqlx::query_as("SELECT id, offering_id FROM engagement_types WHERE retired_at IS NULL ORDER BY position")
            .fetch_all(&db.pool)
            .await
            .expect("engagement types");
    let engagement_types: Vec<Vec<String>> = offerings
        .iter()
        .map(|offering| types.iter().filter(|(_, of)| of == offering).map(|(id, _)| id.clone()).collect())
        .collect();
    assert!(engagement_types.iter().all(|types| !types.is_empty()), "every offering has an engagement type");
    let tiers: Vec<(i64, i64)> =
        sqlx::query_as("SELECT min_licenses, days FROM entitlement_tiers ORDER BY min_licenses")
            .fetch_all(&db.pool)
            .await
            .expect("tiers");
    let rates: Vec<(String, i64, String)> = sqlx::query_as("SELECT country, amount_minor, currency FROM day_rates")
        .fetch_all(&db.pool)
        .await
        .expect("day rates");
    let rates = rates.into_iter().map(|(country, amount, currency)| (&*country.leak(), amount, currency)).collect();
    Catalogue { offerings, engagement_types, tiers, rates }
}

/// Days for a tier drawn at random among those the program gives to a small customer.
fn entitlement(catalogue: &Catalogue, random: &mut StdRng) -> (i64, i64) {
    let small: Vec<&(i64, i64)> = catalogue.tiers.iter().filter(|(_, days)| *days <= MOST_DAYS).collect();
    let index = random.gen_range(0..small.len());
    let (least, days) = *small[index];
    let next = small.get(index + 1).map_or(least + 500, |(licenses, _)| *licenses);
    (random.gen_range(least..next.max(least + 1)), days)
}

/// Splits `days` into voucher lengths, mostly short ones, leaving some unused at random.
fn voucher_lengths(mut days: i64, random: &mut StdRng) -> Vec<i64> {
    let mut lengths = Vec::new();
    while days > 0 && random.gen_bool(0.93) {
        let wanted = match random.gen_range(0..100) {
            0..=54 => 1,
            55..=84 => 3,
            85..=95 => 5,
            96..=98 => 10,
            _ => 15,
        };
        let length = [15, 10, 5, 3, 1].into_iter().find(|length| *length <= wanted.min(days)).unwrap_or(1);
        lengths.push(length);
        days -= length;
    }
    lengths
}

/// Instants spread between `from` and `to` in order: `count` of them.
fn steps(from: i64, to: i64, count: usize, random: &mut StdRng) -> Vec<i64> {
    let mut fractions: Vec<f64> = (0..count).map(|_| random.gen_range(0.02..0.98)).collect();
    fractions.sort_by(f64::total_cmp);
    fractions.into_iter().map(|fraction| from + ((to - from) as f64 * fraction) as i64).collect()
}

pub async fn program(db: &Db, url: &str, vouchers: usize, now: i64) -> Generated {
    let started = Instant::now();
    let mut random = StdRng::seed_from_u64(23);
    let catalogue = catalogue(db).await;
    let fabrikam_admin: (String, String) =
        sqlx::query_as("SELECT id, email FROM users WHERE org_id = $1 AND role = 'benefit_admin'")
            .bind(DEMO_CUSTOMER.id.to_string())
            .fetch_one(&db.pool)
            .await
            .expect("the demo customer's admin");
    let fabrikam_manager: (String, String, String) =
        sqlx::query_as("SELECT id, email, name FROM users WHERE org_id = $1 AND role = 'project_manager'")
            .bind(DEMO_CUSTOMER.id.to_string())
            .fetch_one(&db.pool)
            .await
            .expect("the demo customer's project manager");
    let operator: String = sqlx::query_scalar("SELECT id FROM users WHERE org_id = $1 AND role = 'operator'")
        .bind(DEMO_PROGRAM.id.to_string())
        .fetch_one(&db.pool)
        .await
        .expect("the demo operator");

    // The people, organisations and agreements, in memory first.
    let fabrikam_vouchers = vouchers / 10;
    let partners = (vouchers / VOUCHERS_PER_PARTNER).max(1);
    let history_starts = now - HISTORY_DAYS * DAY_MS;
    let mut all_customers = vec![Customer {
        org: DEMO_CUSTOMER.id.to_string(),
        admin: fabrikam_admin.0,
        admin_email: fabrikam_admin.1,
        managers: vec![fabrikam_manager]
            .into_iter()
            .chain((1..5).map(|n| (id(), format!("pm{n}@fabrikam.example"), format!("Project Manager {n}"))))
            .collect(),
    }];
    let all_partners: Vec<Partner> = (0..partners)
        .map(|_| {
            let locations = (0..random.gen_range(1..=3))
                .map(|_| (id(), catalogue.rates[random.gen_range(0..catalogue.rates.len())].0, id()))
                .collect();
            let consultants = (0..random.gen_range(2..=4)).map(|c| (id(), format!("Consultant {c}"))).collect();
            Partner { org: id(), admin: id(), finance: id(), consultants, locations }
        })
        .collect();

    // Agreements: Fabrikam one a year big enough for its share; every other customer one
    // a year since it joined, each within the tiers.
    let mut agreements = Vec::new();
    let mut drawn_vouchers: Vec<Voucher> = Vec::with_capacity(vouchers + vouchers / 10);
    for year in 0..2 {
        let starts = history_starts + year * 365 * DAY_MS;
        let share = fabrikam_vouchers / 2 + (year as usize) * (fabrikam_vouchers % 2);
        let lengths: Vec<i64> = (0..share).map(|n| [1, 3, 5, 10][n % 4]).collect();
        let entitled: i64 = lengths.iter().sum::<i64>() + 100;
        agreements.push(Agreement {
            id: id(),
            customer: 0,
            licensing_id: format!("F{year}000000"),
            licenses: 250_000,
            entitled,
            starts,
            ends: starts + 365 * DAY_MS,
        });
        let agreement = (agreements.len() - 1) as u32;
        for (n, days) in lengths.into_iter().enumerate() {
            let created = (starts + (n as i64 * 365 * DAY_MS) / share.max(1) as i64).min(now - 60_000);
            drawn_vouchers.push(draft(
                0,
                agreement,
                (n % 5) as u8,
                days,
                created,
                now,
                &catalogue,
                partners,
                &mut random,
            ));
        }
    }
    // Customers join over the history until the program holds its vouchers.
    while drawn_vouchers.len() < vouchers {
        let n = all_customers.len() - 1;
        let managers = (0..random.gen_range(1..=2))
            .map(|m| (id(), format!("pm{m}@customer{n}.example"), format!("Project Manager {m}")))
            .collect();
        all_customers.push(Customer {
            org: id(),
            admin: id(),
            admin_email: format!("admin@customer{n}.example"),
            managers,
        });
        let customer = all_customers.len() - 1;
        let joined = history_starts + random.gen_range(0..HISTORY_DAYS - 30) * DAY_MS;
        let mut starts = joined;
        while starts < now {
            let (licenses, entitled) = entitlement(&catalogue, &mut random);
            agreements.push(Agreement {
                id: id(),
                customer: customer as u32,
                licensing_id: format!("V{:07}", agreements.len()),
                licenses,
                entitled,
                starts,
                ends: starts + 365 * DAY_MS,
            });
            let agreement = (agreements.len() - 1) as u32;
            let managers = all_customers[customer].managers.len() as u8;
            let open_for = (now - starts).min(365 * DAY_MS);
            for days in voucher_lengths(entitled, &mut random) {
                let created = starts + random.gen_range(0..open_for.max(1));
                let manager = random.gen_range(0..managers);
                let voucher =
                    draft(customer as u32, agreement, manager, days, created, now, &catalogue, partners, &mut random);
                drawn_vouchers.push(voucher);
            }
            starts += 365 * DAY_MS;
        }
    }
    for voucher in &mut drawn_vouchers {
        let ends = agreements[voucher.agreement as usize].ends;
        settle(voucher, ends, now, &mut random);
        let partner = &all_partners[voucher.partner as usize];
        voucher.location %= partner.locations.len() as u8;
        voucher.consultant %= partner.consultants.len() as u8;
    }

    // One connection loads everything. On SQLite it gets a 256 MiB page cache for the load
    // (random ids and codes touch index pages all over; the default 2 MiB thrashes); the
    // app's own connections, which the measurements use, keep their defaults.
    // Each table is written through its own buffer of rows, so a row may reach the database
    // before the row it refers to: the loading connection checks no foreign keys (every
    // reference is the generator's own).
    let mut connection = AnyConnection::connect(url).await.expect("a loading connection");
    let settings = match db.backend {
        Backend::Sqlite => "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -262144",
        Backend::Postgres => "SET session_replication_role = replica",
    };
    sqlx::query(settings).execute(&mut connection).await.expect("the loading connection's settings");
    // The big tables' secondary indexes are dropped for the load and built again after it:
    // one sorted build each instead of a million random inserts into each. So are the
    // triggers on vouchers (the pool figures: one more write per voucher); the agreements
    // are written with their figures.
    let indexes = secondary_indexes(&mut connection, db.backend).await;
    for (name, _) in &indexes {
        sqlx::query(&format!("DROP INDEX {name}")).execute(&mut connection).await.expect("drop an index");
    }
    let triggers = voucher_triggers(&mut connection, db.backend).await;
    for (name, _) in &triggers {
        let drop = match db.backend {
            Backend::Sqlite => format!("DROP TRIGGER {name}"),
            Backend::Postgres => format!("DROP TRIGGER {name} ON vouchers"),
        };
        sqlx::query(&drop).execute(&mut connection).await.expect("drop a trigger");
    }
    // One transaction for the whole load: committed statement by statement, SQLite wrote
    // every page a statement touched into its WAL again at each of thousands of commits
    // (random ids and codes touch pages all over the tables), and checkpointed them back.
    sqlx::query("BEGIN").execute(&mut connection).await.expect("begin the load");
    let backend = db.backend;
    let loading = Mutex::new(connection);
    let db_lock = &loading;
    let loader = |table: &'static str, columns: &'static [&'static str]| Loader::new(db_lock, backend, table, columns);

    let mut orgs = loader("organisations", &["id", "kind", "name", "created_at"]);
    let mut users =
        loader("users", &["id", "org_id", "email", "name", "role", "password_hash", "created_at", "email_verified_at"]);
    // Not a hash: nobody signs in with a password as a generated person.
    let person = |id: &str, org: &str, email: String, name: String, role: &str, at: i64| {
        vec![text(id), text(org), text(email), text(name), text(role), text("!"), int(at), int(at)]
    };
    for (n, customer) in all_customers.iter().enumerate().skip(1) {
        orgs.push(vec![text(&customer.org), text("customer"), text(format!("Customer {n}")), int(history_starts)])
            .await;
        users
            .push(person(
                &customer.admin,
                &customer.org,
                customer.admin_email.clone(),
                format!("Admin {n}"),
                "benefit_admin",
                history_starts,
            ))
            .await;
    }
    for customer in &all_customers {
        let known = if customer.org == DEMO_CUSTOMER.id.to_string() { 1 } else { 0 };
        for (user, email, name) in &customer.managers[known..] {
            users
                .push(person(user, &customer.org, email.clone(), name.clone(), "project_manager", history_starts))
                .await;
        }
    }
    let mut locations = loader("partner_locations", &["id", "org_id", "location_id", "name", "country", "created_at"]);
    let mut enrollments =
        loader("enrollments", &["id", "org_id", "offering_id", "starts_on", "expires_on", "created_at", "updated_at"]);
    let mut registrations = loader(
        "payment_registrations",
        &["org_id", "legal_name", "tax_id", "remit_address", "registered_by", "registered_at", "updated_at"],
    );
    let mut banks = loader(
        "bank_accounts",
        &["id", "org_id", "location_id", "account_holder", "account_number", "bank_code", "created_by", "created_at"],
    );
    for (n, partner) in all_partners.iter().enumerate() {
        let org = &partner.org;
        orgs.push(vec![text(org), text("partner"), text(format!("Partner {n}")), int(history_starts)]).await;
        let admin = person(
            &partner.admin,
            org,
            format!("admin@partner{n}.example"),
            format!("Admin {n}"),
            "global_admin",
            history_starts,
        );
        users.push(admin).await;
        let finance = format!("finance@partner{n}.example");
        users
            .push(person(&partner.finance, org, finance, format!("Finance {n}"), "incentives_admin", history_starts))
            .await;
        for (c, (user, name)) in partner.consultants.iter().enumerate() {
            let email = format!("consultant{c}@partner{n}.example");
            users.push(person(user, org, email, name.clone(), "consultant", history_starts)).await;
        }
        for (l, (location, country, bank)) in partner.locations.iter().enumerate() {
            let location_id = format!("{}{:06}", 5 + l, n);
            locations
                .push(vec![
                    text(location),
                    text(org),
                    text(location_id),
                    text(format!("Office {l}")),
                    text(*country),
                    int(history_starts),
                ])
                .await;
            banks
                .push(vec![
                    text(bank),
                    text(org),
                    text(location),
                    text(format!("Partner {n}")),
                    text(format!("ES91210004184502{:08}", n * 3 + l)),
                    text("CAIXESBBXXX"),
                    text(&partner.finance),
                    int(history_starts),
                ])
                .await;
        }
        for offering in &catalogue.offerings {
            enrollments
                .push(vec![
                    text(id()),
                    text(org),
                    text(offering),
                    text(date(history_starts)),
                    text(date(now + 365 * DAY_MS)),
                    int(history_starts),
                    int(history_starts),
                ])
                .await;
        }
        registrations
            .push(vec![
                text(org),
                text(format!("Partner {n} Ltd")),
                text(format!("TAX{n:07}")),
                text(format!("{n} Main Street")),
                text(&partner.finance),
                int(history_starts),
                int(history_starts),
            ])
            .await;
    }
    orgs.finish().await;
    users.finish().await;
    locations.finish().await;
    enrollments.finish().await;
    registrations.finish().await;
    banks.finish().await;

    // Each agreement with the pool figures the database keeps beside it (written here:
    // their triggers are off during the load).
    let mut pools = vec![[0i64; 4]; agreements.len()];
    let mut drawn = vec![0i64; agreements.len()];
    for voucher in &drawn_vouchers {
        let pool = &mut pools[voucher.agreement as usize];
        drawn[voucher.agreement as usize] += voucher.days;
        match voucher.fate {
            VoucherStatus::Assigned | VoucherStatus::Reserved | VoucherStatus::Delivered => pool[0] += voucher.days,
            VoucherStatus::Redeemed | VoucherStatus::Claimed | VoucherStatus::Paid => pool[1] += voucher.days,
            VoucherStatus::Cancelled | VoucherStatus::Expired => {
                pool[2] += voucher.returned;
                pool[3] += voucher.days - voucher.returned;
            }
        }
    }
    let mut agreement_rows = loader(
        "licensing_agreements",
        &[
            "id",
            "org_id",
            "licensing_id",
            "qualifying_licenses",
            "ends_on",
            "entitled_days",
            "days_left",
            "open_days",
            "used_days",
            "returned_days",
            "lost_days",
            "activated_at",
            "activated_by",
            "created_by",
            "created_at",
        ],
    );
    for (index, agreement) in agreements.iter().enumerate() {
        let customer = &all_customers[agreement.customer as usize];
        let [open, used, returned, lost] = pools[index];
        agreement_rows
            .push(vec![
                text(&agreement.id),
                text(&customer.org),
                text(&agreement.licensing_id),
                int(agreement.licenses),
                text(date(agreement.ends)),
                int(agreement.entitled),
                int(agreement.entitled - drawn[index] + returned),
                int(open),
                int(used),
                int(returned),
                int(lost),
                int(agreement.starts),
                text(&customer.admin),
                text(&customer.admin),
                int(agreement.starts),
            ])
            .await;
    }
    agreement_rows.finish().await;

    // Claims: each partner location's redeemed vouchers bound for a claim, in the order they
    // were redeemed, in claims of one to four.
    let mut bound: Vec<usize> = (0..drawn_vouchers.len())
        .filter(|index| matches!(drawn_vouchers[*index].fate, VoucherStatus::Claimed | VoucherStatus::Paid))
        .collect();
    bound.sort_by_key(|index| {
        let voucher = &drawn_vouchers[*index];
        (voucher.partner, voucher.location, voucher.fate == VoucherStatus::Paid, voucher.redeemed)
    });
    let mut claims: Vec<Claim> = Vec::new();
    let mut start = 0;
    while start < bound.len() {
        let first = &drawn_vouchers[bound[start]];
        let key = (first.partner, first.location, first.fate);
        let size = random.gen_range(1..=4);
        let mut end = start + 1;
        while end < bound.len() && end - start < size {
            let next = &drawn_vouchers[bound[end]];
            if (next.partner, next.location, next.fate) != key {
                break;
            }
            end += 1;
        }
        let lines: Vec<usize> = bound[start..end].to_vec();
        let last_redeemed = lines.iter().map(|index| drawn_vouchers[*index].redeemed).max().unwrap_or(now);
        // One claim in twenty was rejected or withdrawn first, and sent again.
        let refused_first = random.gen_bool(0.05);
        let mut at = last_redeemed;
        if refused_first {
            let times = steps(at, now, 2, &mut random);
            let status = if random.gen_bool(0.5) { "rejected" } else { "withdrawn" };
            claims.push(Claim::new(lines.clone(), status, times[0], Some(times[1]), &mut random));
            at = times[1];
        }
        let status = match first.fate {
            VoucherStatus::Paid => "paid",
            _ => ["submitted", "submitted", "approved", "returned"][random.gen_range(0..4)],
        };
        let times = steps(at, now, 3, &mut random);
        let decided = (status != "submitted").then_some(times[1]);
        let mut claim = Claim::new(lines.clone(), status, times[0], decided, &mut random);
        if status == "paid" {
            claim.paid = Some(times[2]);
        }
        claims.push(claim);
        start = end;
    }

    // Vouchers, their engagements, reports and claim lines, and the audit entries of it all.
    let mut voucher_rows = loader(
        "vouchers",
        &[
            "id",
            "code",
            "customer_org_id",
            "agreement_id",
            "offering_id",
            "days",
            "division",
            "division_key",
            "project_manager_email",
            "project_manager_name",
            "status",
            "assigned_at",
            "expires_at",
            "expiry_warned_at",
            "closed_at",
            "returned_days",
            "redeemed_at",
            "created_by",
            "created_at",
        ],
    );
    let mut engagements = loader(
        "engagements",
        &[
            "id",
            "voucher_id",
            "partner_org_id",
            "engagement_type_id",
            "location_id",
            "delivery_country",
            "starts_on",
            "ends_on",
            "terms_accepted_at",
            "reserved_by",
            "reserved_at",
        ],
    );
    let mut consultants = loader("engagement_consultants", &["engagement_id", "user_id"]);
    let mut reports = loader(
        "completion_reports",
        &[
            "engagement_id",
            "delivered_from",
            "delivered_to",
            "days_delivered",
            "consultants",
            "customer_contact_name",
            "customer_contact_email",
            "summary",
            "recommendations",
            "updated_by",
            "updated_at",
            "submitted_by",
            "submitted_at",
        ],
    );
    let mut audit = loader(
        "audit_log",
        &[
            "id",
            "at",
            "actor_user_id",
            "actor_org_id",
            "org_id",
            "entity",
            "entity_id",
            "action",
            "before_json",
            "after_json",
        ],
    );
    let mut voucher_ids = Vec::with_capacity(drawn_vouchers.len());
    let (mut due, mut lookups) = (0, Vec::new());
    // A few vouchers of each customer's first project manager, for the mixed load's voucher
    // pages (the admin and that manager open them; another manager's would be a 404).
    let mut sample_vouchers: Vec<Vec<String>> = vec![Vec::new(); all_customers.len()];
    for (n, voucher) in drawn_vouchers.iter().enumerate() {
        let customer = &all_customers[voucher.customer as usize];
        let (_, manager_email, manager_name) = &customer.managers[voucher.manager as usize];
        let agreement = &agreements[voucher.agreement as usize];
        let voucher_id = id();
        let code = VoucherCode::generate(|| {
            let mut bytes = [0u8; 12];
            random.fill_bytes(&mut bytes);
            bytes
        })
        .canonical();
        if n % 500 == 0 {
            lookups.push((code.clone(), customer.admin_email.clone()));
        }
        if voucher.manager == 0 && sample_vouchers[voucher.customer as usize].len() < 4 {
            sample_vouchers[voucher.customer as usize].push(voucher_id.clone());
        }
        let expires = voucher.created + VOUCHER_LIFE_DAYS * DAY_MS;
        let open = matches!(voucher.fate, VoucherStatus::Assigned | VoucherStatus::Reserved | VoucherStatus::Delivered);
        due += usize::from(open && expires <= now);
        // Warned 30 days ahead, as the expiry job does.
        let warned = (open && expires - 30 * DAY_MS <= now).then_some(expires - 30 * DAY_MS);
        let closed =
            matches!(voucher.fate, VoucherStatus::Cancelled | VoucherStatus::Expired).then_some(voucher.closed);
        let redeemed = (Fate::reached(voucher.fate) >= 3).then_some(voucher.redeemed);
        voucher_rows
            .push(vec![
                text(&voucher_id),
                text(code),
                text(&customer.org),
                text(&agreement.id),
                text(&catalogue.offerings[voucher.offering as usize]),
                int(voucher.days),
                // The one live 15-day voucher per offering and division (a unique index):
                // each 15-day voucher gets a division of its own.
                text(if voucher.days == 15 { format!("Division {n}") } else { String::new() }),
                text(if voucher.days == 15 { format!("division {n}") } else { String::new() }),
                text(manager_email),
                text(manager_name),
                text(voucher.fate.as_str()),
                int(voucher.created),
                int(expires),
                maybe(warned),
                maybe(closed),
                int(voucher.returned),
                maybe(redeemed),
                text(&customer.admin),
                int(voucher.created),
            ])
            .await;
        let entry = |at: i64, actor: &str, actor_org: &str, action: &str, before: Option<&str>, after: String| {
            audit_row(at, (actor, actor_org), (&customer.org, "voucher", &voucher_id), action, before, after)
        };
        audit
            .push(entry(
                voucher.created,
                &customer.admin,
                &customer.org,
                "assigned",
                None,
                format!(r#"{{"status":"assigned","days":{}}}"#, voucher.days),
            ))
            .await;
        if Fate::reached(voucher.fate) >= 1 {
            let partner = &all_partners[voucher.partner as usize];
            let (location, country, _) = &partner.locations[voucher.location as usize];
            let (consultant, consultant_name) = &partner.consultants[voucher.consultant as usize];
            let engagement = id();
            let types = &catalogue.engagement_types[voucher.offering as usize];
            let (delivery_from, delivery_to) =
                (voucher.reserved + 7 * DAY_MS, voucher.reserved + (7 + voucher.days) * DAY_MS);
            engagements
                .push(vec![
                    text(&engagement),
                    text(&voucher_id),
                    text(&partner.org),
                    text(&types[voucher.engagement_type as usize % types.len()]),
                    text(location),
                    text(*country),
                    text(date(delivery_from)),
                    text(date(delivery_to)),
                    int(voucher.reserved),
                    text(&partner.admin),
                    int(voucher.reserved),
                ])
                .await;
            consultants.push(vec![text(&engagement), text(consultant)]).await;
            audit
                .push(entry(
                    voucher.reserved,
                    &partner.admin,
                    &partner.org,
                    "reserved",
                    Some("assigned"),
                    r#"{"status":"reserved"}"#.to_owned(),
                ))
                .await;
            if Fate::reached(voucher.fate) >= 2 {
                reports
                    .push(vec![
                        text(&engagement),
                        text(date(delivery_from)),
                        text(date(delivery_to)),
                        int(voucher.days),
                        text(consultant_name),
                        text(manager_name),
                        text(manager_email),
                        text("Assessed the current estate and the target architecture with the customer's team."),
                        text("Move the two line-of-business systems first; plan the rest in three waves."),
                        text(consultant),
                        int(voucher.delivered),
                        text(consultant),
                        int(voucher.delivered),
                    ])
                    .await;
                let after = r#"{"status":"delivered"}"#.to_owned();
                audit
                    .push(entry(voucher.delivered, consultant, &partner.org, "delivered", Some("reserved"), after))
                    .await;
            }
            if Fate::reached(voucher.fate) >= 3 {
                let after = r#"{"status":"redeemed"}"#.to_owned();
                let redeemed_at = voucher.redeemed;
                audit
                    .push(entry(redeemed_at, &customer.admin, &customer.org, "redeemed", Some("delivered"), after))
                    .await;
            }
        }
        match voucher.fate {
            VoucherStatus::Cancelled => {
                let after = format!(r#"{{"status":"cancelled","returned_days":{}}}"#, voucher.returned);
                audit
                    .push(entry(voucher.closed, &customer.admin, &customer.org, "cancelled", Some("assigned"), after))
                    .await;
            }
            VoucherStatus::Expired => {
                let after = format!(r#"{{"status":"expired","days_returned":{}}}"#, voucher.returned);
                let mut row = entry(voucher.closed, "", "", "expired", Some("assigned"), after);
                (row[2], row[3]) = (Value::NoText, Value::NoText);
                audit.push(row).await;
            }
            _ => {}
        }
        voucher_ids.push(voucher_id);
    }
    let written_vouchers = voucher_rows.finish().await;
    let written_engagements = engagements.finish().await;
    consultants.finish().await;
    reports.finish().await;

    let mut claim_rows = loader(
        "claims",
        &[
            "id",
            "reference",
            "org_id",
            "location_id",
            "bank_account_id",
            "amount_minor",
            "currency",
            "status",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "due_on",
            "paid_at",
            "payment_reference",
        ],
    );
    let mut lines =
        loader("claim_vouchers", &["claim_id", "voucher_id", "days", "day_rate_minor", "amount_minor", "released_at"]);
    let mut operator_queue = Vec::new();
    for claim in &claims {
        let first = &drawn_vouchers[claim.lines[0]];
        let partner = &all_partners[first.partner as usize];
        let (location, country, bank) = &partner.locations[first.location as usize];
        let (_, rate, currency) =
            catalogue.rates.iter().find(|(known, _, _)| known == country).expect("a rate for the location's country");
        let days: i64 = claim.lines.iter().map(|line| drawn_vouchers[*line].days).sum();
        let released = matches!(claim.status, "rejected" | "withdrawn").then_some(claim.decided.unwrap_or(now));
        let decided_by = matches!(claim.status, "approved" | "returned" | "rejected" | "paid").then_some(&operator);
        claim_rows
            .push(vec![
                text(&claim.id),
                text(&claim.reference),
                text(&partner.org),
                text(location),
                text(bank),
                int(days * rate),
                text(currency),
                text(claim.status),
                text(&partner.finance),
                int(claim.submitted),
                maybe_text(decided_by),
                maybe(claim.decided.filter(|_| decided_by.is_some())),
                maybe_text(claim.due.clone()),
                maybe(claim.paid),
                maybe_text(claim.paid.map(|_| format!("PAY-{}", &claim.reference[10..]))),
            ])
            .await;
        if claim.status == "submitted" && operator_queue.len() < 50 {
            operator_queue.push(claim.reference.clone());
        }
        let claim_entry = |at: i64, actor: &str, actor_org: &str, action: &str, before: Option<&str>, after: &str| {
            let after = format!(r#"{{"status":"{after}"}}"#);
            audit_row(at, (actor, actor_org), (&partner.org, "claim", &claim.id), action, before, after)
        };
        audit.push(claim_entry(claim.submitted, &partner.finance, &partner.org, "submitted", None, "submitted")).await;
        let program = DEMO_PROGRAM.id.to_string();
        match (claim.status, claim.decided) {
            ("submitted", _) | (_, None) => {}
            ("withdrawn", Some(at)) => {
                audit
                    .push(claim_entry(at, &partner.finance, &partner.org, "withdrawn", Some("submitted"), "withdrawn"))
                    .await
            }
            ("paid", Some(at)) => {
                audit.push(claim_entry(at, &operator, &program, "approved", Some("submitted"), "approved")).await;
                let paid = claim.paid.unwrap_or(now);
                audit.push(claim_entry(paid, &operator, &program, "paid", Some("approved"), "paid")).await;
            }
            (status, Some(at)) => {
                let action = match status {
                    "approved" => "approved",
                    "returned" => "returned",
                    _ => "rejected",
                };
                audit.push(claim_entry(at, &operator, &program, action, Some("submitted"), status)).await
            }
        }
        for line in &claim.lines {
            let voucher = &drawn_vouchers[*line];
            let voucher_id = &voucher_ids[*line];
            lines
                .push(vec![
                    text(&claim.id),
                    text(voucher_id),
                    int(voucher.days),
                    int(*rate),
                    int(voucher.days * rate),
                    maybe(released),
                ])
                .await;
            let customer = &all_customers[voucher.customer as usize];
            let voucher_entry = |at: i64, actor: &str, actor_org: &str, action: &str, before: &str, after: &str| {
                let after = format!(r#"{{"status":"{after}","claim":"{}"}}"#, claim.reference);
                audit_row(at, (actor, actor_org), (&customer.org, "voucher", voucher_id), action, Some(before), after)
            };
            audit
                .push(voucher_entry(claim.submitted, &partner.finance, &partner.org, "claimed", "redeemed", "claimed"))
                .await;
            match (claim.status, claim.decided) {
                ("rejected", Some(at)) => {
                    audit.push(voucher_entry(at, &operator, &program, "claim_rejected", "claimed", "redeemed")).await
                }
                ("withdrawn", Some(at)) => {
                    let entry =
                        voucher_entry(at, &partner.finance, &partner.org, "claim_withdrawn", "claimed", "redeemed");
                    audit.push(entry).await
                }
                ("paid", _) => {
                    let paid = claim.paid.unwrap_or(now);
                    audit.push(voucher_entry(paid, &operator, &program, "paid", "claimed", "paid")).await
                }
                _ => {}
            }
        }
    }
    let written_claims = claim_rows.finish().await;
    lines.finish().await;
    let audit_rows = audit.finish().await;

    let mut connection = loading.lock().await;
    sqlx::query("COMMIT").execute(&mut *connection).await.expect("commit the load");
    // The dashboard's tallies, counted once over the loaded vouchers (their triggers were off).
    sqlx::query("DELETE FROM voucher_tallies").execute(&mut *connection).await.expect("clear the tallies");
    sqlx::query(&planning_portal::server::db::vouchers::recount_tallies(db.backend))
        .execute(&mut *connection)
        .await
        .expect("count the tallies");
    // The operator's totals likewise (PostgreSQL's load runs with every trigger off).
    sqlx::query("DELETE FROM claim_totals").execute(&mut *connection).await.expect("clear the totals");
    sqlx::query(planning_portal::server::db::claims::RECOUNT_TOTALS)
        .execute(&mut *connection)
        .await
        .expect("sum the totals");
    for (_, definition) in indexes.iter().chain(&triggers) {
        sqlx::query(definition).execute(&mut *connection).await.expect("build an index or trigger");
    }

    let people =
        mixed_load_people(&all_customers, &all_partners, &sample_vouchers, &operator, &operator_queue, &mut random);
    Generated {
        vouchers: written_vouchers,
        customers: all_customers.len(),
        partners,
        agreements: agreements.len(),
        engagements: written_engagements,
        claims: written_claims,
        audit_rows,
        due,
        seconds: started.elapsed().as_secs_f64(),
        lookups,
        people,
    }
}

/// A voucher's draft: who, what and when it was created, and its fate.
#[allow(clippy::too_many_arguments)]
fn draft(
    customer: u32,
    agreement: u32,
    manager: u8,
    days: i64,
    created: i64,
    now: i64,
    catalogue: &Catalogue,
    partners: usize,
    random: &mut StdRng,
) -> Voucher {
    let age_days = (now - created) / DAY_MS;
    // A few partners deliver much of the program: the busiest first.
    let partner = ((random.gen::<f64>().powi(2)) * partners as f64) as u32;
    Voucher {
        customer,
        agreement,
        manager,
        offering: random.gen_range(0..catalogue.offerings.len()) as u16,
        days,
        created,
        fate: Fate::by_age(age_days, random),
        partner: partner.min(partners as u32 - 1),
        location: random.gen_range(0..3),
        consultant: random.gen_range(0..4),
        engagement_type: random.gen_range(0..8),
        reserved: 0,
        delivered: 0,
        redeemed: 0,
        closed: 0,
        returned: 0,
    }
}

/// Dates the voucher's steps within its life (and before now), and what a cancelled or
/// expired one gave back: its days, unless its agreement had ended by then.
fn settle(voucher: &mut Voucher, agreement_ends: i64, now: i64, random: &mut StdRng) {
    let life_ends = voucher.created + VOUCHER_LIFE_DAYS * DAY_MS;
    let until = life_ends.min(now);
    let [reserved, delivered, redeemed] =
        <[i64; 3]>::try_from(steps(voucher.created, until, 3, random)).expect("three");
    (voucher.reserved, voucher.delivered, voucher.redeemed) = (reserved, delivered, redeemed);
    match voucher.fate {
        VoucherStatus::Cancelled => {
            voucher.closed = steps(voucher.created, until, 1, random)[0];
            voucher.returned = if voucher.closed <= agreement_ends { voucher.days } else { 0 };
        }
        VoucherStatus::Expired => {
            voucher.closed = life_ends;
            voucher.returned = if life_ends <= agreement_ends { voucher.days } else { 0 };
        }
        _ => {}
    }
}

/// A claim as the history made it.
struct Claim {
    id: String,
    reference: String,
    lines: Vec<usize>,
    status: &'static str,
    submitted: i64,
    decided: Option<i64>,
    due: Option<String>,
    paid: Option<i64>,
}

impl Claim {
    fn new(
        lines: Vec<usize>,
        status: &'static str,
        submitted: i64,
        decided: Option<i64>,
        random: &mut StdRng,
    ) -> Claim {
        let mut bytes = [0u8; 5];
        random.fill_bytes(&mut bytes);
        let year = chrono::DateTime::from_timestamp_millis(submitted).map_or(2026, |at| chrono::Datelike::year(&at));
        let due = matches!(status, "approved" | "paid").then(|| date(decided.unwrap_or(submitted) + 30 * DAY_MS));
        Claim { id: id(), reference: claim_reference(year, bytes), lines, status, submitted, decided, due, paid: None }
    }
}

/// Whom the mixed load signs in as, and what each opens: customers' admins and project
/// managers (Fabrikam's among them), partners' admins and consultants, and the operator.
fn mixed_load_people(
    customers: &[Customer],
    partners: &[Partner],
    sample_vouchers: &[Vec<String>],
    operator: &str,
    queue: &[String],
    random: &mut StdRng,
) -> Vec<Person> {
    let mut people = Vec::new();
    let picked: Vec<usize> = std::iter::once(0).chain((0..199).map(|_| random.gen_range(1..customers.len()))).collect();
    for index in picked {
        let customer = &customers[index];
        let voucher_pages = sample_vouchers[index].iter().map(|voucher| format!("/vouchers/{voucher}"));
        let mut pages = vec!["/dashboard".to_owned(), "/vouchers".to_owned(), "/agreements".to_owned()];
        pages.extend(voucher_pages.clone());
        people.push(Person { user_id: customer.admin.clone(), role: "benefit_admin", pages });
        let (manager, _, _) = &customer.managers[0];
        let mut pages = vec!["/dashboard".to_owned(), "/vouchers".to_owned()];
        pages.extend(voucher_pages);
        people.push(Person { user_id: manager.clone(), role: "project_manager", pages });
    }
    for _ in 0..100 {
        let partner = &partners[((random.gen::<f64>().powi(2)) * partners.len() as f64) as usize % partners.len()];
        let pages = vec!["/dashboard".to_owned(), "/engagements".to_owned(), "/claims".to_owned()];
        people.push(Person { user_id: partner.admin.clone(), role: "global_admin", pages });
        let pages = vec!["/dashboard".to_owned(), "/engagements".to_owned()];
        people.push(Person { user_id: partner.consultants[0].0.clone(), role: "consultant", pages });
    }
    let mut pages: Vec<String> = ["/dashboard", "/review", "/outbox", "/audit"].map(str::to_owned).to_vec();
    pages.extend(queue.iter().take(5).map(|reference| format!("/search?q={reference}")));
    people.push(Person { user_id: operator.to_owned(), role: "operator", pages });
    people
}
