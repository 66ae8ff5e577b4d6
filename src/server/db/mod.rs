//! Storage. One set of portable SQL runs on SQLite (embedded default) and PostgreSQL
//! through sqlx's `Any` driver, so there is no per-backend copy of any query.
//!
//! Portability rules kept by every query and migration here:
//! - `$1, $2, …` placeholders (both backends accept them);
//! - ids are TEXT (UUIDs), instants are BIGINT milliseconds since the Unix epoch (UTC),
//!   dates are TEXT `YYYY-MM-DD`, flags are nullable timestamps (`disabled_at`);
//! - state changes that can race are compare-and-set `UPDATE … WHERE state = $old`,
//!   checked by rows affected;
//! - a transaction that writes starts with its write (the compare-and-set), not with a
//!   read: SQLite's deferred transactions cannot upgrade a stale read snapshot to a
//!   write lock and would fail with "database is locked" instead of waiting.

pub mod account_tokens;
pub mod agreements;
pub mod audit;
pub mod catalogue;
pub mod claims;
pub mod engagements;
pub mod invitations;
pub mod notifications;
pub mod orgs;
pub mod outbox;
pub mod partners;
pub mod passkeys;
pub mod profiles;
pub mod reports;
pub mod second_factors;
pub mod sessions;
pub mod users;
pub mod vouchers;

use crate::error::AppError;
use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

/// Which database engine sits behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }
}

#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// The portable schema, then the few guards each engine writes in its own dialect
/// (triggers). Each migrator ignores the other's applied versions in the shared table.
fn migrators(backend: Backend) -> [sqlx::migrate::Migrator; 2] {
    let mut shared = sqlx::migrate!("./migrations");
    let mut own = match backend {
        Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
    };
    shared.set_ignore_missing(true);
    own.set_ignore_missing(true);
    [shared, own]
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("could not prepare the SQLite directory {path}: {source}")]
    Directory { path: String, source: std::io::Error },
    #[error("could not connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not apply migrations: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

impl Db {
    /// Connects, creating the SQLite file (and its folder) on first start, and applies
    /// every pending migration.
    pub async fn connect(url: &str) -> Result<Db, DbSetupError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url);
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url).map_err(DbSetupError::Connect)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    match backend {
                        // WAL lets readers proceed while one writer commits; the busy
                        // timeout makes concurrent writers queue instead of failing.
                        Backend::Sqlite => {
                            connection
                                .execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
                                .await?;
                        }
                        // Plan every prepared statement for its values: the data is skewed
                        // (one customer can hold a tenth of all vouchers), and the generic
                        // plan PostgreSQL switches to after five runs guessed a project
                        // manager's 20,000 vouchers were a handful and sorted them all for
                        // each page (bench/RESULTS.md).
                        Backend::Postgres => {
                            connection.execute("SET plan_cache_mode = force_custom_plan").await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(DbSetupError::Connect)?;
        for migrator in migrators(backend) {
            migrator.run(&pool).await.map_err(DbSetupError::Migrate)?;
        }
        Ok(Db { pool, backend })
    }
}

impl Db {
    /// Refreshes what the query planner knows of the data's shape. PostgreSQL's autovacuum
    /// keeps its statistics itself; SQLite keeps none unless asked, and without them it
    /// guessed that a partner's claimable vouchers were best found among every redeemed
    /// voucher of the program (700 ms a page at a million vouchers).
    pub async fn refresh_statistics(&self) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Sqlite {
            // A sample of each index tells a selective one from a broad one, and bounds
            // the work at any size.
            self.pool.execute("PRAGMA analysis_limit = 1000; ANALYZE;").await?;
        }
        Ok(())
    }
}

/// Where a page of a newest-first list starts: after the row stamped `at` with id `id`.
/// Keyset paging: every page costs one index seek, however deep (no OFFSET scan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyset {
    pub at: i64,
    pub id: String,
}

impl Keyset {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.at, self.id)
    }

    /// `None` for anything that is not a cursor this module made (the list starts over).
    pub fn decode(text: &str) -> Option<Keyset> {
        let (millis, id) = text.split_once('.')?;
        let id = uuid::Uuid::parse_str(id).ok()?;
        Some(Keyset { at: millis.parse().ok()?, id: id.to_string() })
    }
}

/// Makes sure the SQLite file can be created: its folder exists and the URL asks
/// for read-write-create mode.
fn prepare_sqlite_url(url: &str) -> Result<String, DbSetupError> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" {
        if let Some(parent) = std::path::Path::new(path).parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|source| DbSetupError::Directory { path: parent.display().to_string(), source })?;
        }
    }
    let query = if query.split('&').any(|pair| pair.starts_with("mode=")) {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// The most rows one statement writes or names at once: far below either engine's limit
/// of bound values (SQLite 32,766, PostgreSQL 65,535) for rows of a dozen columns.
pub const ROWS_PER_STATEMENT: usize = 500;

/// `$first, $first+1, …`: `count` numbered placeholders, for `IN (…)`.
pub fn placeholder_list(count: usize, first: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// `($1, …, $columns), (…)`: the placeholders of `rows` rows of `columns` values each, for
/// one `INSERT … VALUES` of many rows.
pub fn placeholder_rows(rows: usize, columns: usize) -> String {
    (0..rows).map(|row| format!("({})", placeholder_list(columns, row * columns + 1))).collect::<Vec<_>>().join(", ")
}

/// A statement with its values bound, on either engine.
pub type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// `INSERT … VALUES` with the placeholders of `rows` rows of `columns` values each.
pub fn insert_sql(insert: &str, rows: usize, columns: usize) -> String {
    format!("{insert}{}", placeholder_rows(rows, columns))
}

/// Writes `rows` with `insert` (`INSERT INTO t (…) VALUES `), `columns` values a row bound
/// by `bind`: one statement per `ROWS_PER_STATEMENT` rows (a job's batch).
pub async fn insert_all<R>(
    db: &mut sqlx::AnyConnection,
    insert: &str,
    columns: usize,
    rows: &[R],
    bind: impl for<'q> Fn(AnyQuery<'q>, &R) -> AnyQuery<'q>,
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = insert_sql(insert, chunk.len(), columns);
        chunk.iter().fold(sqlx::query(&sql), &bind).execute(&mut *db).await?;
    }
    Ok(())
}

/// Instants are stored as milliseconds since the Unix epoch, UTC.
pub fn to_millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub fn from_millis(millis: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(millis).single().unwrap_or_default()
}

/// Whether the database refused a row because it duplicates a unique key.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db_error) if db_error.is_unique_violation())
}

/// Database failures are our fault, never the user's: log the detail, answer 500
/// with a plain message (the SQL text must not reach the browser).
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

/// Reads a column that holds one of our typed ids.
pub fn parse_stored<T: FromStr>(column: &str, value: &str) -> Result<T, sqlx::Error> {
    value.parse::<T>().map_err(|_| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: format!("unexpected stored value {value:?}").into(),
    })
}

/// Dates are stored as `YYYY-MM-DD` text.
pub fn date_text(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn parse_stored_date(column: &str, text: &str) -> Result<chrono::NaiveDate, sqlx::Error> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|error| sqlx::Error::ColumnDecode { index: column.to_owned(), source: Box::new(error) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_value_once_in_order() {
        assert_eq!(placeholder_list(3, 4), "$4, $5, $6");
        assert_eq!(placeholder_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholder_rows(1, 1), "($1)");
    }

    #[test]
    fn sqlite_urls_get_create_mode_once() {
        let dir = std::env::temp_dir().join(format!("ps-url-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}/portal.db", dir.display());
        assert_eq!(prepare_sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(dir.is_dir(), "the folder is created");
        let with_mode = format!("{url}?mode=ro");
        assert_eq!(prepare_sqlite_url(&with_mode).unwrap(), with_mode);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn millis_round_trip() {
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 12, 30, 0).unwrap();
        assert_eq!(from_millis(to_millis(at)), at);
    }
}
