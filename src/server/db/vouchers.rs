//! Vouchers. Reads are scoped to the customer organisation (and, for project managers,
//! to the vouchers assigned to them); state changes are compare-and-set on the status.

use super::{from_millis, parse_stored, to_millis, Backend, Keyset};
use crate::domain::{
    dashboard::ExpiringVoucher,
    days::PlanningDays,
    ids::{LicensingAgreementId, OfferingId, OrgId, UserId, VoucherId},
    voucher::{VoucherFilter, VoucherSummary},
    voucher_code::VoucherCode,
    voucher_status::VoucherStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, AnyConnection, Executor};

pub struct NewVoucher<'a> {
    pub id: VoucherId,
    pub code: &'a VoucherCode,
    pub customer_org_id: OrgId,
    pub agreement_id: LicensingAgreementId,
    pub offering_id: OfferingId,
    pub days: PlanningDays,
    pub division: &'a str,
    pub division_key: &'a str,
    pub project_manager_email: &'a str,
    pub project_manager_name: &'a str,
    pub assigned_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub created_by: UserId,
}

/// Fails with a unique violation on a code collision (astronomically rare) or when the
/// customer already holds a live 15-day voucher for this offering and division.
pub async fn insert<'c>(db: impl Executor<'c, Database = Any>, voucher: NewVoucher<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO vouchers (id, code, customer_org_id, agreement_id, offering_id, days, division, division_key,
             project_manager_email, project_manager_name, status, assigned_at, expires_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'assigned', $11, $12, $13, $11)",
    )
    .bind(voucher.id.to_string())
    .bind(voucher.code.canonical())
    .bind(voucher.customer_org_id.to_string())
    .bind(voucher.agreement_id.to_string())
    .bind(voucher.offering_id.to_string())
    .bind(i64::from(voucher.days.get()))
    .bind(voucher.division)
    .bind(voucher.division_key)
    .bind(voucher.project_manager_email)
    .bind(voucher.project_manager_name)
    .bind(to_millis(voucher.assigned_at))
    .bind(to_millis(voucher.expires_at))
    .bind(voucher.created_by.to_string())
    .execute(db)
    .await?;
    Ok(())
}

/// Whose vouchers a reader may see.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every voucher of the customer organisation (benefit admins).
    Organisation(OrgId),
    /// Only those assigned to this project manager.
    AssignedTo(OrgId, &'a str),
}

const SUMMARY_COLUMNS: &str =
    "SELECT v.id, v.code, v.agreement_id, a.licensing_id, v.offering_id, o.code AS offering_code,
        o.name AS offering_name, v.days, v.division, v.project_manager_name, v.project_manager_email, v.status,
        v.assigned_at, v.expires_at, v.returned_days, v.created_at
     FROM vouchers v
     JOIN licensing_agreements a ON a.id = v.agreement_id
     JOIN offerings o ON o.id = v.offering_id";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    code: String,
    agreement_id: String,
    licensing_id: String,
    offering_id: String,
    offering_code: String,
    offering_name: String,
    days: i64,
    division: String,
    project_manager_name: String,
    project_manager_email: String,
    status: String,
    assigned_at: i64,
    expires_at: i64,
    returned_days: i64,
    created_at: i64,
}

impl SummaryRow {
    fn into_summary(self) -> Result<VoucherSummary, sqlx::Error> {
        let code: VoucherCode = VoucherCode::parse(&self.code)
            .map_err(|error| sqlx::Error::ColumnDecode { index: "vouchers.code".into(), source: Box::new(error) })?;
        let days = |stored: i64| PlanningDays::new(u32::try_from(stored).unwrap_or(0));
        Ok(VoucherSummary {
            id: parse_stored("vouchers.id", &self.id)?,
            code: code.to_string(),
            agreement_id: parse_stored("vouchers.agreement_id", &self.agreement_id)?,
            licensing_id: self.licensing_id,
            offering_id: parse_stored("vouchers.offering_id", &self.offering_id)?,
            offering_code: self.offering_code,
            offering_name: self.offering_name,
            days: days(self.days),
            division: self.division,
            project_manager_name: self.project_manager_name,
            project_manager_email: self.project_manager_email,
            status: parse_stored("vouchers.status", &self.status)?,
            assigned_at: from_millis(self.assigned_at),
            expires_at: from_millis(self.expires_at),
            returned_days: days(self.returned_days),
        })
    }
}

/// A value bound to one of the list query's placeholders.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Text(String),
    Int(i64),
}

pub(crate) fn bind_all<'q, O>(
    mut query: sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments<'q>>,
    binds: &[Bind],
) -> sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments<'q>> {
    for bind in binds {
        query = match bind {
            Bind::Text(text) => query.bind(text.clone()),
            Bind::Int(int) => query.bind(*int),
        };
    }
    query
}

/// The list page's query and its values (shared with the query-plan test).
pub(crate) fn page_query(
    scope: Scope<'_>,
    filter: &VoucherFilter,
    after: Option<&Keyset>,
    limit: u32,
) -> (String, Vec<Bind>) {
    let mut conditions = Vec::new();
    let mut binds = Vec::new();
    let mut push = |condition: &str, values: Vec<Bind>| {
        let mut condition = condition.to_owned();
        for (index, value) in values.into_iter().enumerate() {
            binds.push(value);
            condition = condition.replace(&format!("${{{index}}}"), &format!("${}", binds.len()));
        }
        conditions.push(condition);
    };
    match scope {
        Scope::Organisation(org) => push("v.customer_org_id = ${0}", vec![Bind::Text(org.to_string())]),
        Scope::AssignedTo(org, email) => push(
            "v.customer_org_id = ${0} AND v.project_manager_email = ${1}",
            vec![Bind::Text(org.to_string()), Bind::Text(email.to_owned())],
        ),
    }
    if let Some(status) = filter.status {
        push("v.status = ${0}", vec![Bind::Text(status.as_str().to_owned())]);
    }
    if let Some(agreement) = filter.agreement {
        push("v.agreement_id = ${0}", vec![Bind::Text(agreement.to_string())]);
    }
    if let Some(offering) = filter.offering {
        push("v.offering_id = ${0}", vec![Bind::Text(offering.to_string())]);
    }
    if let Some(Keyset { at: millis, id }) = after {
        push("(v.created_at, v.id) < (${0}, ${1})", vec![Bind::Int(*millis), Bind::Text(id.clone())]);
    }
    let sql = format!(
        "{SUMMARY_COLUMNS} WHERE {} ORDER BY v.created_at DESC, v.id DESC LIMIT {}",
        conditions.join(" AND "),
        i64::from(limit) + 1
    );
    (sql, binds)
}

/// One page of vouchers, newest first, using keyset paging so any page costs the same.
/// Returns up to `limit` rows and the cursor of the next page if there is one.
pub async fn page(
    db: &mut AnyConnection,
    scope: Scope<'_>,
    filter: &VoucherFilter,
    after: Option<&Keyset>,
    limit: u32,
) -> Result<(Vec<VoucherSummary>, Option<Keyset>), sqlx::Error> {
    let (sql, binds) = page_query(scope, filter, after, limit);
    let mut rows = bind_all(sqlx::query_as::<_, SummaryRow>(&sql), &binds).fetch_all(&mut *db).await?;
    let next = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|row| Keyset { at: row.created_at, id: row.id.clone() })
    } else {
        None
    };
    let vouchers = rows.into_iter().map(SummaryRow::into_summary).collect::<Result<_, _>>()?;
    Ok((vouchers, next))
}

fn scope_condition(scope: Scope<'_>) -> (String, Option<&str>) {
    match scope {
        Scope::Organisation(org) => (org.to_string(), None),
        Scope::AssignedTo(org, email) => (org.to_string(), Some(email)),
    }
}

/// The list's two filter queries (which agreements and which offerings the scope's
/// vouchers use) and their values. One text per scope, not `($2 IS NULL OR …)`: a
/// prepared statement's generic plan on PostgreSQL cannot seek an index on a column
/// compared that way, and walked every voucher of the organisation for a project manager.
/// `LIMIT 1` keeps PostgreSQL from turning each EXISTS into a hash semi-join that reads all
/// of a project manager's vouchers: one index probe per agreement or offering instead.
pub(crate) fn facet_queries(scope: Scope<'_>) -> ([String; 2], Vec<Bind>) {
    // An agreement's vouchers are all its organisation's (they are issued from the viewer's
    // own agreement, `server::vouchers`), so the organisation's list asks only whether the
    // agreement has one: a seek of `vouchers_by_agreement`. Asked with the organisation as
    // well, SQLite (which plans without statistics) sought the organisation's entries and
    // walked them to the first of the agreement: 69 ms for a small agreement beside one of
    // 100,000 vouchers.
    let (manager, of_agreement, binds) = match scope {
        Scope::Organisation(org) => ("", "v.agreement_id = a.id", vec![Bind::Text(org.to_string())]),
        Scope::AssignedTo(org, email) => (
            " AND v.project_manager_email = $2",
            "v.customer_org_id = $1 AND v.project_manager_email = $2 AND v.agreement_id = a.id",
            vec![Bind::Text(org.to_string()), Bind::Text(email.to_owned())],
        ),
    };
    let agreements = format!(
        "SELECT a.id, a.licensing_id FROM licensing_agreements a
         WHERE a.org_id = $1 AND EXISTS (SELECT 1 FROM vouchers v WHERE {of_agreement} LIMIT 1)
         ORDER BY a.licensing_id"
    );
    let offerings = format!(
        "SELECT o.id, o.code FROM offerings o
         WHERE EXISTS (SELECT 1 FROM vouchers v WHERE v.customer_org_id = $1{manager} AND v.offering_id = o.id LIMIT 1)
         ORDER BY o.code"
    );
    ([agreements, offerings], binds)
}

/// The agreements and offerings the scope's vouchers use (for the list's filters).
pub async fn facets(
    db: &mut AnyConnection,
    scope: Scope<'_>,
) -> Result<(Vec<(LicensingAgreementId, String)>, Vec<(OfferingId, String)>), sqlx::Error> {
    // One index seek per agreement and per offering (few), not a scan of the vouchers.
    let ([agreements, offerings], binds) = facet_queries(scope);
    let agreements: Vec<(String, String)> = bind_all(sqlx::query_as(&agreements), &binds).fetch_all(&mut *db).await?;
    let offerings: Vec<(String, String)> = bind_all(sqlx::query_as(&offerings), &binds).fetch_all(&mut *db).await?;
    let agreements = agreements
        .into_iter()
        .map(|(id, label)| Ok((parse_stored("licensing_agreements.id", &id)?, label)))
        .collect::<Result<_, sqlx::Error>>()?;
    let offerings = offerings
        .into_iter()
        .map(|(id, label)| Ok((parse_stored("offerings.id", &id)?, label)))
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((agreements, offerings))
}

/// One voucher the scope may see; `None` for anyone else's.
pub async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    scope: Scope<'_>,
    id: VoucherId,
) -> Result<Option<VoucherSummary>, sqlx::Error> {
    find_one(db, scope, Key::Id, id.to_string()).await
}

/// The voucher with this code if the scope may see it; `None` for anyone else's.
pub async fn find_by_code<'c>(
    db: impl Executor<'c, Database = Any>,
    scope: Scope<'_>,
    code: &VoucherCode,
) -> Result<Option<VoucherSummary>, sqlx::Error> {
    find_one(db, scope, Key::Code, code.canonical()).await
}

/// Which unique column a voucher is looked up by.
enum Key {
    Id,
    Code,
}

async fn find_one<'c>(
    db: impl Executor<'c, Database = Any>,
    scope: Scope<'_>,
    key: Key,
    value: String,
) -> Result<Option<VoucherSummary>, sqlx::Error> {
    let column = match key {
        Key::Id => "v.id",
        Key::Code => "v.code",
    };
    let (org, email) = scope_condition(scope);
    let row: Option<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_COLUMNS} WHERE {column} = $1 AND v.customer_org_id = $2 AND ($3 IS NULL OR v.project_manager_email = $3)"
    ))
    .bind(value)
    .bind(org)
    .bind(email)
    .fetch_optional(db)
    .await?;
    row.map(SummaryRow::into_summary).transpose()
}

/// The id of the voucher with this code, whoever's it is (the caller scopes what it finds
/// through it).
pub async fn id_by_code<'c>(
    db: impl Executor<'c, Database = Any>,
    code: &VoucherCode,
) -> Result<Option<VoucherId>, sqlx::Error> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT id FROM vouchers WHERE code = $1").bind(code.canonical()).fetch_optional(db).await?;
    id.map(|id| parse_stored("vouchers.id", &id)).transpose()
}

/// Closes an open voucher (cancel or expire) if it is still in `from` (compare-and-set),
/// recording how many days went back to the pool. `false` when someone else moved it first.
pub async fn close<'c>(
    db: impl Executor<'c, Database = Any>,
    id: VoucherId,
    from: VoucherStatus,
    to: VoucherStatus,
    returned: PlanningDays,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE vouchers SET status = $1, closed_at = $2, returned_days = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(to_millis(at))
    .bind(i64::from(returned.get()))
    .bind(id.to_string())
    .bind(from.as_str())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes each of `vouchers` (with the days it gives back) that is still `from` as `to` at
/// `at`, in one statement per few hundred: the ids it closed, without those another run
/// closed first (the same compare-and-set as `close`).
pub async fn close_all(
    db: &mut sqlx::AnyConnection,
    vouchers: &[(VoucherId, PlanningDays)],
    from: VoucherStatus,
    to: VoucherStatus,
    at: DateTime<Utc>,
) -> Result<Vec<VoucherId>, sqlx::Error> {
    let mut closed = Vec::with_capacity(vouchers.len());
    for chunk in vouchers.chunks(super::ROWS_PER_STATEMENT) {
        // $4, $5 are the first voucher's id and days, $6, $7 the second's, …
        let returned: String = (0..chunk.len()).map(|n| format!(" WHEN ${} THEN ${}", 4 + 2 * n, 5 + 2 * n)).collect();
        let ids: Vec<String> = (0..chunk.len()).map(|n| format!("${}", 4 + 2 * n)).collect();
        let sql = format!(
            "UPDATE vouchers SET status = $1, closed_at = $2, returned_days = CASE id{returned} END
             WHERE status = $3 AND id IN ({}) RETURNING id",
            ids.join(", ")
        );
        let query = sqlx::query_scalar::<_, String>(&sql).bind(to.as_str()).bind(to_millis(at)).bind(from.as_str());
        let query = chunk
            .iter()
            .fold(query, |query, (id, returned)| query.bind(id.to_string()).bind(i64::from(returned.get())));
        for id in query.fetch_all(&mut *db).await? {
            closed.push(parse_stored("vouchers.id", &id)?);
        }
    }
    Ok(closed)
}

/// What the expiry job needs to know about a voucher due to expire.
#[derive(Debug, Clone)]
pub struct Due {
    pub id: VoucherId,
    pub status: VoucherStatus,
    pub customer_org_id: OrgId,
    pub agreement_id: LicensingAgreementId,
    pub agreement_ends_on: String,
    pub days: PlanningDays,
    pub code: String,
    pub project_manager_email: String,
    pub project_manager_name: String,
    pub offering_name: String,
    pub expires_at: DateTime<Utc>,
}

/// The statuses of a voucher still in use (its days neither used nor given back).
const OPEN_STATUSES: [&str; 3] = ["assigned", "reserved", "delivered"];

/// `('assigned', 'reserved', 'delivered')`, for `status IN …`.
fn open_statuses_list() -> String {
    let quoted: Vec<String> = OPEN_STATUSES.iter().map(|status| format!("'{status}'")).collect();
    format!("({})", quoted.join(", "))
}

type DueRow = (String, String, String, String, String, i64, String, String, String, String, i64);

fn due_from_row(row: DueRow) -> Result<Due, sqlx::Error> {
    let (id, status, org, agreement, ends_on, days, code, email, name, offering_name, expires_at) = row;
    Ok(Due {
        id: parse_stored("vouchers.id", &id)?,
        status: parse_stored("vouchers.status", &status)?,
        customer_org_id: parse_stored("vouchers.customer_org_id", &org)?,
        agreement_id: parse_stored("vouchers.agreement_id", &agreement)?,
        agreement_ends_on: ends_on,
        days: PlanningDays::new(u32::try_from(days).unwrap_or(0)),
        code,
        project_manager_email: email,
        project_manager_name: name,
        offering_name,
        expires_at: from_millis(expires_at),
    })
}

const DUE_COLUMNS: &str = "SELECT v.id, v.status, v.customer_org_id, v.agreement_id, a.ends_on, v.days, v.code,
        v.project_manager_email, v.project_manager_name, o.name, v.expires_at
     FROM vouchers v
     JOIN licensing_agreements a ON a.id = v.agreement_id
     JOIN offerings o ON o.id = v.offering_id";

/// On PostgreSQL the rows are locked for the caller's transaction, skipping those another
/// transaction holds (another replica's batch, a person's change): two replicas expire
/// different vouchers side by side, and the job never waits on anyone.
pub(crate) fn due_for_expiry_query(backend: Backend) -> String {
    let open = open_statuses_list();
    let lock = match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE OF v SKIP LOCKED",
    };
    format!("{DUE_COLUMNS} WHERE v.status IN {open} AND v.expires_at <= $1 ORDER BY v.expires_at, v.id LIMIT $2{lock}")
}

/// Open vouchers whose life ended at or before `now`, oldest first, at most `limit`
/// (locked on PostgreSQL: `due_for_expiry_query`).
pub async fn due_for_expiry<'c>(
    db: impl Executor<'c, Database = Any>,
    backend: Backend,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Due>, sqlx::Error> {
    let rows: Vec<DueRow> = sqlx::query_as(&due_for_expiry_query(backend))
        .bind(to_millis(now))
        .bind(i64::from(limit))
        .fetch_all(db)
        .await?;
    rows.into_iter().map(due_from_row).collect()
}

/// Open vouchers that expire by `warn_until` and whose project manager was not warned yet.
pub async fn due_for_warning<'c>(
    db: impl Executor<'c, Database = Any>,
    now: DateTime<Utc>,
    warn_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Due>, sqlx::Error> {
    let open = open_statuses_list();
    let rows: Vec<DueRow> = sqlx::query_as(&format!(
        "{DUE_COLUMNS} WHERE v.status IN {open} AND v.expiry_warned_at IS NULL AND v.expires_at > $1 AND v.expires_at <= $2
         ORDER BY v.expires_at, v.id LIMIT $3"
    ))
    .bind(to_millis(now))
    .bind(to_millis(warn_until))
    .bind(i64::from(limit))
    .fetch_all(db)
    .await?;
    rows.into_iter().map(due_from_row).collect()
}

/// Marks the warning sent once for each of `ids` (compare-and-set): those it marked,
/// without those another replica did.
pub async fn mark_warned_all(
    db: &mut AnyConnection,
    ids: &[VoucherId],
    at: DateTime<Utc>,
) -> Result<Vec<VoucherId>, sqlx::Error> {
    let mut marked = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(super::ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE vouchers SET expiry_warned_at = $1 WHERE expiry_warned_at IS NULL AND id IN ({}) RETURNING id",
            super::placeholder_list(chunk.len(), 2)
        );
        let query = chunk
            .iter()
            .fold(sqlx::query_scalar::<_, String>(&sql).bind(to_millis(at)), |query, id| query.bind(id.to_string()));
        for id in query.fetch_all(&mut *db).await? {
            marked.push(parse_stored("vouchers.id", &id)?);
        }
    }
    Ok(marked)
}

pub(crate) const BY_CODE: &str =
    "SELECT v.id, v.code, v.customer_org_id, o.name, v.offering_id, v.days, v.status, v.expires_at,
            v.project_manager_email, v.project_manager_name
     FROM vouchers v
     JOIN organisations o ON o.id = v.customer_org_id
     JOIN users u ON u.org_id = v.customer_org_id AND u.email = $2 AND u.role = 'benefit_admin' AND u.disabled_at IS NULL
     WHERE v.code = $1";

/// A voucher found by its code, with what validating it needs.
#[derive(Debug, Clone)]
pub struct ByCode {
    pub id: VoucherId,
    pub code: String,
    pub customer_org_id: OrgId,
    pub customer_name: String,
    pub offering_id: OfferingId,
    pub days: PlanningDays,
    pub status: VoucherStatus,
    pub expires_at: DateTime<Utc>,
    pub project_manager_email: String,
    pub project_manager_name: String,
}

type ByCodeRow = (String, String, String, String, String, i64, String, i64, String, String);

/// The voucher with this code, if its customer has an active benefit admin with this
/// email; `None` for any other pair (the caller cannot tell which half was wrong).
pub async fn by_code_and_admin<'c>(
    db: impl Executor<'c, Database = Any>,
    code: &VoucherCode,
    admin_email: &str,
) -> Result<Option<ByCode>, sqlx::Error> {
    let row: Option<ByCodeRow> =
        sqlx::query_as(BY_CODE).bind(code.canonical()).bind(admin_email).fetch_optional(db).await?;
    row.map(|(id, code, org, customer_name, offering, days, status, expires_at, pm_email, pm_name)| {
        Ok(ByCode {
            id: parse_stored("vouchers.id", &id)?,
            code,
            customer_org_id: parse_stored("vouchers.customer_org_id", &org)?,
            customer_name,
            offering_id: parse_stored("vouchers.offering_id", &offering)?,
            days: PlanningDays::new(u32::try_from(days).unwrap_or(0)),
            status: parse_stored("vouchers.status", &status)?,
            expires_at: from_millis(expires_at),
            project_manager_email: pm_email,
            project_manager_name: pm_name,
        })
    })
    .transpose()
}

/// Moves a voucher between two statuses if it is still in `from` and, when given, has
/// not expired by `alive_at` (compare-and-set). `false` when it was not.
pub async fn transition<'c>(
    db: impl Executor<'c, Database = Any>,
    id: VoucherId,
    from: VoucherStatus,
    to: VoucherStatus,
    alive_at: Option<DateTime<Utc>>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE vouchers SET status = $1 WHERE id = $2 AND status = $3 AND ($4 IS NULL OR expires_at > $4)",
    )
    .bind(to.as_str())
    .bind(id.to_string())
    .bind(from.as_str())
    .bind(alive_at.map(to_millis))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Redeems a delivered voucher that has not expired (compare-and-set): `false` otherwise.
pub async fn redeem<'c>(
    db: impl Executor<'c, Database = Any>,
    id: VoucherId,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE vouchers SET status = 'redeemed', redeemed_at = $1 WHERE id = $2 AND status = 'delivered' AND expires_at > $1",
    )
    .bind(to_millis(at))
    .bind(id.to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `v.customer_org_id = $1` (and the project manager's email as `$2`) with its binds:
/// the first binds of the dashboard's queries, whose own parameters follow.
fn scope_filter(scope: Scope<'_>) -> (&'static str, Vec<Bind>) {
    match scope {
        Scope::Organisation(org) => ("v.customer_org_id = $1", vec![Bind::Text(org.to_string())]),
        Scope::AssignedTo(org, email) => (
            "v.customer_org_id = $1 AND v.project_manager_email = $2",
            vec![Bind::Text(org.to_string()), Bind::Text(email.to_owned())],
        ),
    }
}

/// The dashboard's three queries over the scope's vouchers: counts by status and the days
/// put into vouchers in each of `months` (first days, ascending; one row per month with
/// any), both from the tallies the database keeps (migration
/// 20261208000001_voucher_tallies), so their cost does not grow with the organisation; and
/// the open vouchers ending before `before`.
pub(crate) fn dashboard_queries(
    scope: Scope<'_>,
    before: DateTime<Utc>,
    months: &[NaiveDate],
    limit: u32,
) -> [(String, Vec<Bind>); 3] {
    let (filter, binds) = scope_filter(scope);
    let next = binds.len() + 1;
    let counts = format!(
        "SELECT v.status, CAST(SUM(v.vouchers) AS BIGINT) FROM voucher_tallies v
         WHERE {filter} GROUP BY v.status HAVING SUM(v.vouchers) > 0"
    );
    // The soonest `limit` of each open status are read in expiry order from
    // `vouchers_expiring_by_org`, and the soonest `limit` of those kept: the database reads
    // a few index entries per status instead of every open voucher due in the window (ten
    // thousand of them for an organisation with 100,000 vouchers), each with its row.
    let soonest_of_each_status: Vec<String> = OPEN_STATUSES
        .iter()
        .map(|status| {
            format!(
                "SELECT id FROM (SELECT v.id FROM vouchers v
                  WHERE {filter} AND v.status = '{status}' AND v.expires_at < ${next}
                  ORDER BY v.expires_at, v.id LIMIT {limit}) {status}"
            )
        })
        .collect();
    let expiring = format!(
        "SELECT e.id, e.code, e.status, e.expires_at FROM vouchers e
         WHERE e.id IN ({})
         ORDER BY e.expires_at, e.id LIMIT {limit}",
        soonest_of_each_status.join(" UNION ALL ")
    );
    let days = format!(
        "SELECT v.month, CAST(SUM(v.days) AS BIGINT) FROM voucher_tallies v
         WHERE {filter} AND v.month >= ${next} AND v.month <= ${}
         GROUP BY v.month HAVING SUM(v.vouchers) > 0",
        next + 1
    );
    let first_and_last =
        [months.first(), months.last()].map(|month| Bind::Text(month.map(tally_month).unwrap_or_default()));
    let with = |extra: Vec<Bind>| binds.iter().cloned().chain(extra).collect::<Vec<_>>();
    [(counts, binds.clone()), (expiring, with(vec![Bind::Int(to_millis(before))])), (days, with(first_and_last.into()))]
}

/// The month (`'YYYY-MM'`, UTC) of a voucher's `created_at` as `voucher_tallies` keys it:
/// the expression its triggers use on each engine.
fn created_month(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "strftime('%Y-%m', created_at / 1000, 'unixepoch')",
        Backend::Postgres => "voucher_month(created_at)",
    }
}

/// The tallies as the vouchers count them, for a load that wrote vouchers with the
/// triggers off (the benchmark's generator) to write in one pass.
pub fn recount_tallies(backend: Backend) -> String {
    format!(
        "INSERT INTO voucher_tallies (customer_org_id, project_manager_email, month, status, vouchers, days)
         SELECT customer_org_id, project_manager_email, {}, status, COUNT(*), SUM(days) FROM vouchers GROUP BY 1, 2, 3, 4",
        created_month(backend)
    )
}

/// Each (organisation, project manager, month, status) whose tally is not what its vouchers
/// count: kept vouchers and days, then counted ones.
pub(crate) fn tallies_adrift(backend: Backend) -> String {
    format!(
        "SELECT org, manager, month, status, CAST(SUM(kept) AS BIGINT), CAST(SUM(kept_days) AS BIGINT),
                CAST(SUM(counted) AS BIGINT), CAST(SUM(counted_days) AS BIGINT)
         FROM (SELECT customer_org_id AS org, project_manager_email AS manager, month, status,
                      vouchers AS kept, days AS kept_days, 0 AS counted, 0 AS counted_days
               FROM voucher_tallies
               UNION ALL
               SELECT customer_org_id, project_manager_email, {}, status, 0, 0, 1, days FROM vouchers) t
         GROUP BY org, manager, month, status
         HAVING SUM(kept) <> SUM(counted) OR SUM(kept_days) <> SUM(counted_days)",
        created_month(backend)
    )
}

/// How `voucher_tallies` names the month of `day` (UTC, as its triggers compute it).
fn tally_month(day: &NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// How many of the scope's vouchers are in each status, in the life cycle's order.
pub async fn count_by_status(
    db: &mut AnyConnection,
    scope: Scope<'_>,
) -> Result<Vec<(VoucherStatus, u32)>, sqlx::Error> {
    let now = DateTime::<Utc>::UNIX_EPOCH;
    let [(sql, binds), _, _] = dashboard_queries(scope, now, &[], 0);
    let rows: Vec<(String, i64)> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(&mut *db).await?;
    let mut counts = rows
        .into_iter()
        .map(|(status, count)| {
            let status = parse_stored::<VoucherStatus>("vouchers.status", &status)?;
            Ok((status, u32::try_from(count).unwrap_or(u32::MAX)))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    counts.sort_by_key(|(status, _)| VoucherStatus::ALL.iter().position(|known| known == status));
    Ok(counts)
}

/// The scope's open vouchers (assigned, reserved, delivered) ending before `before`,
/// soonest first.
pub async fn expiring(
    db: &mut AnyConnection,
    scope: Scope<'_>,
    before: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<ExpiringVoucher>, sqlx::Error> {
    let [_, (sql, binds), _] = dashboard_queries(scope, before, &[], limit);
    let rows: Vec<(String, String, String, i64)> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(&mut *db).await?;
    rows.into_iter()
        .map(|(id, code, status, expires_at)| {
            Ok(ExpiringVoucher {
                id: parse_stored("vouchers.id", &id)?,
                code: VoucherCode::display_stored(&code),
                status: parse_stored("vouchers.status", &status)?,
                expires_at: from_millis(expires_at),
            })
        })
        .collect()
}

/// The days put into the scope's vouchers in each of `months` (their first days), in one
/// query.
pub async fn days_assigned_per_month(
    db: &mut AnyConnection,
    scope: Scope<'_>,
    months: &[NaiveDate],
) -> Result<Vec<PlanningDays>, sqlx::Error> {
    let mut days = vec![PlanningDays::ZERO; months.len()];
    if months.is_empty() {
        return Ok(days);
    }
    let [_, _, (sql, binds)] = dashboard_queries(scope, DateTime::<Utc>::UNIX_EPOCH, months, 0);
    let rows: Vec<(String, i64)> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(&mut *db).await?;
    for (month, sum) in rows {
        let at = months.iter().position(|first| tally_month(first) == month);
        if let Some(slot) = at.and_then(|at| days.get_mut(at)) {
            *slot = PlanningDays::new(u32::try_from(sum).unwrap_or(u32::MAX));
        }
    }
    Ok(days)
}
