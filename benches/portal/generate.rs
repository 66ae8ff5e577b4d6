//! Loads a program at scale into a migrated, seeded database: customer organisations with
//! their benefit admins and agreements, partner organisations, `vouchers` vouchers (a
//! tenth of them Fabrikam's, the demo customer, so the demo logins meet a big list) and
//! one audit entry per voucher. Pools balance as the app keeps them; vouchers close to
//! their end were warned already (the steady state), and one in a hundred is past its
//! 180 days, waiting for the expiry job.

use planning_portal::domain::voucher_code::VoucherCode;
use planning_portal::server::db::{vouchers, Backend, Db};
use planning_portal::server::seed::DEMO_CUSTOMER;
use rand::RngCore;
use sqlx::{AnyConnection, Connection};
use std::time::Instant;
use tokio::sync::Mutex;

/// Vouchers per generated customer; Fabrikam holds a tenth of all vouchers.
const VOUCHERS_PER_CUSTOMER: usize = 90;
/// Rows per INSERT statement (within SQLite's 32,766 bound values). SQLite gets plain `?`
/// placeholders: looking up a numbered `$n` walks a list of every name in the statement,
/// which made each 18,000-value statement cost 0.4 s.
const ROWS_PER_STATEMENT: usize = 1_000;
const DAY_MS: i64 = 86_400_000;

/// What the measurements need to know about the generated program.
pub struct Generated {
    pub vouchers: usize,
    pub customers: usize,
    pub partners: usize,
    pub audit_rows: usize,
    /// Past their 180 days, waiting for the expiry job.
    pub due: usize,
    pub seconds: f64,
    /// (code, the customer's benefit admin email) of every 500th voucher.
    pub lookups: Vec<(String, String)>,
}

enum Value {
    Text(String),
    Int(i64),
    /// A NULL instant (BIGINT).
    NoInstant,
}

/// Multi-row INSERTs, all through one connection (SQLite allows one writer at a time) in
/// the load's one transaction.
struct Loader<'a> {
    db: &'a Mutex<AnyConnection>,
    backend: Backend,
    table: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<Value>>,
}

impl<'a> Loader<'a> {
    fn new(
        db: &'a Mutex<AnyConnection>,
        backend: Backend,
        table: &'static str,
        columns: &'static [&'static str],
    ) -> Self {
        Loader { db, backend, table, columns, rows: Vec::with_capacity(ROWS_PER_STATEMENT) }
    }

    async fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
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
        for value in self.rows.drain(..).flatten() {
            query = match value {
                Value::Text(text) => query.bind(text),
                Value::Int(int) => query.bind(int),
                Value::NoInstant => query.bind(None::<i64>),
            };
        }
        let mut connection = self.db.lock().await;
        query.execute(&mut *connection).await.unwrap_or_else(|error| panic!("{}: {error}", self.table));
    }

    async fn finish(mut self) {
        self.flush().await;
    }
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(value.into())
}

fn id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Audit entries are read in id order: time-ordered ids stamped with the entry's time.
fn audit_id(at_ms: i64) -> String {
    let at = uuid::Timestamp::from_unix(uuid::NoContext, (at_ms / 1000) as u64, (at_ms % 1000) as u32 * 1_000_000);
    uuid::Uuid::new_v7(at).to_string()
}

/// One customer's share: its org, admin and agreement ids and admin email.
struct Customer {
    org: String,
    admin: String,
    admin_email: String,
    agreement: String,
}

/// (name, definition) of the indexes on vouchers and audit_log that back no constraint.
async fn secondary_indexes(connection: &mut AnyConnection, backend: Backend) -> Vec<(String, String)> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name IN ('vouchers', 'audit_log') AND sql IS NOT NULL"
        }
        Backend::Postgres => {
            "SELECT indexname::text, indexdef::text FROM pg_indexes
             WHERE schemaname = current_schema() AND tablename IN ('vouchers', 'audit_log')
               AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        }
    };
    sqlx::query_as(sql).fetch_all(connection).await.expect("the indexes")
}

/// (name, definition) of the triggers on vouchers (they keep the agreements' pool figures).
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

/// Where an agreement's drawn days stand, as the pool triggers would have kept them.
#[derive(Clone, Default)]
struct PoolFigures {
    open: i64,
    used: i64,
    returned: i64,
    lost: i64,
}

impl PoolFigures {
    fn add(&mut self, voucher: &Shape) {
        match voucher.status {
            "assigned" => self.open += voucher.days,
            "cancelled" => {
                self.returned += voucher.returned;
                self.lost += voucher.days - voucher.returned;
            }
            other => unreachable!("the generator makes no {other} vouchers"),
        }
    }
}

/// An audit entry about a voucher, written by its customer's admin.
fn voucher_entry(customer: &Customer, voucher: &str, at: i64, action: &str, after: String) -> Vec<Value> {
    vec![
        text(audit_id(at)),
        Value::Int(at),
        text(&customer.admin),
        text(&customer.org),
        text(&customer.org),
        text("voucher"),
        text(voucher),
        text(action),
        text(after),
    ]
}

/// Whose a voucher is and where it stands, decided by its number alone.
struct Shape {
    owner: usize,
    days: i64,
    status: &'static str,
    created_at: i64,
    expires_at: i64,
    closed_at: Option<i64>,
    returned: i64,
    due: bool,
}

fn shape(n: usize, vouchers: usize, customers: usize, now_ms: i64) -> Shape {
    let owner = if n.is_multiple_of(10) { 0 } else { 1 + (n / 10 * 9 + n % 10 - 1) % customers };
    let days = [1i64, 3, 5, 10][n % 4];
    // Spread over the last 170 days, oldest first.
    let created_at = now_ms - (vouchers - n) as i64 * ((170 * DAY_MS) / vouchers as i64);
    let expires_at = created_at + 180 * DAY_MS;
    let (status, closed_at, returned) = match (n / 10) % 10 {
        3 => ("cancelled", Some(created_at + DAY_MS), days),
        _ => ("assigned", None, 0),
    };
    let due = status == "assigned" && n % 100 == 42;
    let expires_at = if due { now_ms - DAY_MS } else { expires_at };
    Shape { owner, days, status, created_at, expires_at, closed_at, returned, due }
}

pub async fn program(db: &Db, url: &str, vouchers: usize, now_ms: i64) -> Generated {
    let started = Instant::now();
    let offerings: Vec<String> =
        sqlx::query_scalar("SELECT id FROM offerings ORDER BY code").fetch_all(&db.pool).await.expect("offerings");
    assert!(!offerings.is_empty(), "the catalogue is seeded first");
    let fabrikam_admin: (String, String) =
        sqlx::query_as("SELECT id, email FROM users WHERE org_id = $1 AND role = 'benefit_admin'")
            .bind(DEMO_CUSTOMER.id.to_string())
            .fetch_one(&db.pool)
            .await
            .expect("the demo customer's admin");

    // One connection loads everything. On SQLite it gets a 256 MiB page cache for the load
    // (random ids and codes touch index pages all over; the default 2 MiB thrashes); the
    // app's own connections, which the measurements use, keep their defaults.
    let mut connection = AnyConnection::connect(url).await.expect("a loading connection");
    if db.backend == Backend::Sqlite {
        sqlx::query("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA cache_size = -262144")
            .execute(&mut connection)
            .await
            .expect("pragmas");
    }
    // The big tables' secondary indexes are dropped for the load and built again after it:
    // one sorted build each instead of a million random inserts into each. So are the
    // triggers that keep each agreement's pool figures (a second write per voucher, which
    // doubled the load on PostgreSQL): the agreements are written with their figures.
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
    // every page a statement touched into its WAL again at each of ~2,100 commits (random
    // ids and codes touch pages all over the tables), and checkpointed them back.
    sqlx::query("BEGIN").execute(&mut connection).await.expect("begin the load");
    let backend = db.backend;
    let loading = Mutex::new(connection);
    let db = &loading;

    let fabrikam_vouchers = vouchers / 10;
    let customers = (vouchers - fabrikam_vouchers).div_ceil(VOUCHERS_PER_CUSTOMER);
    let partners = (customers / 10).max(1);

    // Organisations, their admins, their agreements.
    let mut orgs = Loader::new(db, backend, "organisations", &["id", "kind", "name", "created_at"]);
    let mut users =
        Loader::new(db, backend, "users", &["id", "org_id", "email", "name", "role", "password_hash", "created_at"]);
    let mut all = Vec::with_capacity(customers + 1);
    all.push(Customer {
        org: DEMO_CUSTOMER.id.to_string(),
        admin: fabrikam_admin.0,
        admin_email: fabrikam_admin.1,
        agreement: id(),
    });
    for n in 0..customers {
        let customer =
            Customer { org: id(), admin: id(), admin_email: format!("admin@customer{n}.example"), agreement: id() };
        orgs.push(vec![text(&customer.org), text("customer"), text(format!("Customer {n}")), Value::Int(now_ms)]).await;
        users
            .push(vec![
                text(&customer.admin),
                text(&customer.org),
                text(&customer.admin_email),
                text(format!("Admin {n}")),
                text("benefit_admin"),
                // Not a hash: nobody signs in as a generated admin.
                text("!"),
                Value::Int(now_ms),
            ])
            .await;
        all.push(customer);
    }
    for n in 0..partners {
        orgs.push(vec![text(id()), text("partner"), text(format!("Partner {n}")), Value::Int(now_ms)]).await;
    }
    orgs.finish().await;
    users.finish().await;

    // Each agreement's pool: entitled to what its vouchers drew plus 100 days to spare, and
    // the figures the database keeps beside it (migration 20261130000001_pool_figures),
    // written here because the triggers that keep them are off during the load.
    let mut pools = vec![PoolFigures::default(); all.len()];
    for n in 0..vouchers {
        let voucher = shape(n, vouchers, customers, now_ms);
        pools[voucher.owner].add(&voucher);
    }
    let mut agreements = Loader::new(
        db,
        backend,
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
    for (index, customer) in all.iter().enumerate() {
        let pool = &pools[index];
        let drawn = pool.open + pool.used + pool.lost;
        let entitled = drawn + 100;
        agreements
            .push(vec![
                text(&customer.agreement),
                text(&customer.org),
                text(format!("R9{index:06}")),
                Value::Int(5_000),
                text("2030-12-31"),
                Value::Int(entitled),
                Value::Int(entitled - drawn),
                Value::Int(pool.open),
                Value::Int(pool.used),
                Value::Int(pool.returned),
                Value::Int(pool.lost),
                Value::Int(now_ms - 200 * DAY_MS),
                text(&customer.admin),
                text(&customer.admin),
                Value::Int(now_ms - 200 * DAY_MS),
            ])
            .await;
    }
    agreements.finish().await;

    // Vouchers, drawn from each customer's one agreement, and their audit entries.
    let mut rows = Loader::new(
        db,
        backend,
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
            "created_by",
            "created_at",
        ],
    );
    let mut audit = Loader::new(
        db,
        backend,
        "audit_log",
        &["id", "at", "actor_user_id", "actor_org_id", "org_id", "entity", "entity_id", "action", "after_json"],
    );
    let mut random = rand::thread_rng();
    let (mut due, mut lookups, mut audit_rows) = (0, Vec::new(), vouchers);
    for n in 0..vouchers {
        let Shape { owner, days, status, created_at, expires_at, closed_at, returned, due: is_due } =
            shape(n, vouchers, customers, now_ms);
        let customer = &all[owner];
        due += usize::from(is_due);
        // Warned 30 days ahead, as the expiry job does.
        let warned = (status == "assigned" && expires_at - 30 * DAY_MS <= now_ms).then_some(expires_at - 30 * DAY_MS);
        let code = VoucherCode::generate(|| {
            let mut bytes = [0u8; 12];
            random.fill_bytes(&mut bytes);
            bytes
        })
        .canonical();
        if n % 500 == 0 {
            lookups.push((code.clone(), customer.admin_email.clone()));
        }
        let voucher = id();
        let manager = (n / 100) % 5;
        let (pm_email, pm_name) = if owner == 0 && manager == 0 {
            ("project.manager@fabrikam.example".to_owned(), "Pablo Project".to_owned())
        } else {
            (format!("pm{manager}@customer{owner}.example"), format!("Project Manager {manager}"))
        };
        rows.push(vec![
            text(&voucher),
            text(code),
            text(&customer.org),
            text(&customer.agreement),
            text(&offerings[n % offerings.len()]),
            Value::Int(days),
            text(""),
            text(""),
            text(pm_email),
            text(pm_name),
            text(status),
            Value::Int(created_at),
            Value::Int(expires_at),
            warned.map_or(Value::NoInstant, Value::Int),
            closed_at.map_or(Value::NoInstant, Value::Int),
            Value::Int(returned),
            text(&customer.admin),
            Value::Int(created_at),
        ])
        .await;
        audit
            .push(voucher_entry(
                customer,
                &voucher,
                created_at,
                "assigned",
                format!(r#"{{"status":"assigned","days":{days}}}"#),
            ))
            .await;
        if let Some(closed_at) = closed_at {
            audit_rows += 1;
            let after = format!(r#"{{"status":"{status}","returned_days":{returned}}}"#);
            audit.push(voucher_entry(customer, &voucher, closed_at, status, after)).await;
        }
    }

    rows.finish().await;
    audit.finish().await;
    let mut connection = loading.lock().await;
    sqlx::query("COMMIT").execute(&mut *connection).await.expect("commit the load");
    // The dashboard's tallies, counted once over the loaded vouchers (their triggers were off).
    sqlx::query("DELETE FROM voucher_tallies").execute(&mut *connection).await.expect("clear the tallies");
    sqlx::query(&vouchers::recount_tallies(backend)).execute(&mut *connection).await.expect("count the tallies");
    for (_, definition) in indexes.iter().chain(&triggers) {
        sqlx::query(definition).execute(&mut *connection).await.expect("build an index or trigger");
    }

    Generated {
        vouchers,
        customers: customers + 1,
        partners,
        audit_rows,
        due,
        seconds: started.elapsed().as_secs_f64(),
        lookups,
    }
}
