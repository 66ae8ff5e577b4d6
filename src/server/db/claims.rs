//! Payment registration, bank accounts and claims of partner organisations.

use super::vouchers::{bind_all, Bind};
use super::{date_text, from_millis, parse_stored, parse_stored_date, to_millis, Keyset};
use crate::domain::{
    claim::{mask_account, BankAccountView, ClaimLine, ClaimStatus, ClaimSummary, ClaimableVoucher, Registration},
    dashboard::ClaimTotal,
    days::PlanningDays,
    ids::{BankAccountId, ClaimId, LocationRecordId, OrgId, UserId, VoucherId},
    money::{Currency, Money},
    search::SearchTerm,
    voucher_code::VoucherCode,
    voucher_status::VoucherStatus,
};
use crate::server::secrets::{DataKeys, SecretKind};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, AnyConnection, Executor};
use std::collections::HashMap;

pub async fn registration<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Option<Registration>, sqlx::Error> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT legal_name, tax_id, remit_address, registered_at FROM payment_registrations WHERE org_id = $1",
    )
    .bind(org_id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(legal_name, tax_id, remit_address, at)| Registration {
        legal_name,
        tax_id,
        remit_address,
        registered_at: from_millis(at),
    }))
}

pub async fn save_registration<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    legal_name: &str,
    tax_id: &str,
    remit_address: &str,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payment_registrations (org_id, legal_name, tax_id, remit_address, registered_by, registered_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (org_id) DO UPDATE SET legal_name = excluded.legal_name, tax_id = excluded.tax_id,
             remit_address = excluded.remit_address, updated_at = excluded.updated_at",
    )
    .bind(org_id.to_string())
    .bind(legal_name)
    .bind(tax_id)
    .bind(remit_address)
    .bind(by.to_string())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the partner has ever redeemed a voucher (registration opens then).
pub async fn has_redeemed<'c>(db: impl Executor<'c, Database = Any>, org_id: OrgId) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM engagements e JOIN vouchers v ON v.id = e.voucher_id
         WHERE e.partner_org_id = $1 AND e.released_at IS NULL AND v.status IN ('redeemed', 'claimed', 'paid')",
    )
    .bind(org_id.to_string())
    .fetch_one(db)
    .await?;
    Ok(count > 0)
}

/// The organisation's accounts in force, their numbers opened with `keys` and masked.
pub async fn bank_accounts<'c>(
    db: impl Executor<'c, Database = Any>,
    keys: &DataKeys,
    org_id: OrgId,
) -> Result<Vec<(BankAccountId, BankAccountView)>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT b.id, b.location_id, l.location_id || ' ' || l.name || ' (' || l.country || ')', b.account_holder,
                b.account_number, b.bank_code
         FROM bank_accounts b JOIN partner_locations l ON l.id = b.location_id
         WHERE b.org_id = $1 AND b.retired_at IS NULL ORDER BY l.country, l.name",
    )
    .bind(org_id.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, location_id, location, holder, sealed, bank_code)| {
            let number = keys
                .open(SecretKind::BankAccountNumber, &sealed)
                .map_err(|error| sqlx::Error::Decode(Box::new(error)))?;
            Ok((
                parse_stored("bank_accounts.id", &id)?,
                BankAccountView {
                    location_id: parse_stored("bank_accounts.location_id", &location_id)?,
                    location,
                    account_holder: holder,
                    account_masked: mask_account(&number),
                    bank_code,
                },
            ))
        })
        .collect()
}

/// Retires the location's account in force and adds the new one.
pub async fn replace_bank_account(
    db: &mut AnyConnection,
    id: BankAccountId,
    org_id: OrgId,
    location_id: LocationRecordId,
    (holder, number, bank_code): (&str, &str, &str),
    by: UserId,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE bank_accounts SET retired_at = $1 WHERE location_id = $2 AND org_id = $3 AND retired_at IS NULL",
    )
    .bind(to_millis(at))
    .bind(location_id.to_string())
    .bind(org_id.to_string())
    .execute(&mut *db)
    .await?;
    sqlx::query(
        "INSERT INTO bank_accounts (id, org_id, location_id, account_holder, account_number, bank_code, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(org_id.to_string())
    .bind(location_id.to_string())
    .bind(holder)
    .bind(number)
    .bind(bank_code)
    .bind(by.to_string())
    .bind(to_millis(at))
    .execute(&mut *db)
    .await?;
    Ok(())
}

type ClaimableRow = (String, String, String, String, i64, String, String, i64);

/// Redeemed vouchers of the partner's live engagements, oldest redemption first.
pub async fn claimable<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
) -> Result<Vec<ClaimableVoucher>, sqlx::Error> {
    let rows: Vec<ClaimableRow> = sqlx::query_as(
        "SELECT v.id, e.id, v.code, c.name, v.days, e.location_id, l.location_id || ' ' || l.name || ' (' || l.country || ')',
                v.redeemed_at
         FROM engagements e
         JOIN vouchers v ON v.id = e.voucher_id
         JOIN organisations c ON c.id = v.customer_org_id
         JOIN partner_locations l ON l.id = e.location_id
         WHERE e.partner_org_id = $1 AND e.released_at IS NULL AND v.status = 'redeemed'
         ORDER BY v.redeemed_at, v.id",
    )
    .bind(org_id.to_string())
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(voucher, engagement, code, customer, days, location_id, location, redeemed_at)| {
            let redeemed_at = from_millis(redeemed_at);
            Ok(ClaimableVoucher {
                voucher_id: parse_stored("vouchers.id", &voucher)?,
                engagement_id: parse_stored("engagements.id", &engagement)?,
                code: VoucherCode::display_stored(&code),
                customer_name: customer,
                days: PlanningDays::new(u32::try_from(days).unwrap_or(0)),
                location_id: parse_stored("engagements.location_id", &location_id)?,
                location,
                redeemed_at,
                claim_by: crate::domain::claim::claim_deadline(redeemed_at),
            })
        })
        .collect()
}

pub struct NewClaim<'a> {
    pub id: ClaimId,
    pub reference: &'a str,
    pub org_id: OrgId,
    pub location_id: LocationRecordId,
    pub bank_account_id: BankAccountId,
    pub amount: Money,
    pub submitted_by: UserId,
}

pub async fn insert_claim<'c>(
    db: impl Executor<'c, Database = Any>,
    claim: NewClaim<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO claims (id, reference, org_id, location_id, bank_account_id, amount_minor, currency, status, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted', $8, $9)",
    )
    .bind(claim.id.to_string())
    .bind(claim.reference)
    .bind(claim.org_id.to_string())
    .bind(claim.location_id.to_string())
    .bind(claim.bank_account_id.to_string())
    .bind(claim.amount.minor_units)
    .bind(claim.amount.currency.code())
    .bind(claim.submitted_by.to_string())
    .bind(to_millis(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Fails with a unique violation when the voucher is in another live claim.
pub async fn insert_claim_voucher<'c>(
    db: impl Executor<'c, Database = Any>,
    claim_id: ClaimId,
    voucher_id: VoucherId,
    days: PlanningDays,
    day_rate: Money,
    amount: Money,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO claim_vouchers (claim_id, voucher_id, days, day_rate_minor, amount_minor) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(claim_id.to_string())
    .bind(voucher_id.to_string())
    .bind(i64::from(days.get()))
    .bind(day_rate.minor_units)
    .bind(amount.minor_units)
    .execute(db)
    .await?;
    Ok(())
}

/// Moves a claim from one of `from` to `to` (compare-and-set), recording who decided.
#[allow(clippy::too_many_arguments)]
pub async fn set_status<'c>(
    db: impl Executor<'c, Database = Any>,
    id: ClaimId,
    from: &[ClaimStatus],
    to: ClaimStatus,
    by: UserId,
    note: Option<&str>,
    due_on: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let allowed: Vec<String> = from.iter().map(|status| format!("'{}'", status.as_str())).collect();
    let done = sqlx::query(&format!(
        "UPDATE claims SET status = $1, decided_by = $2, decided_at = $3, decision_note = COALESCE($4, decision_note),
             due_on = COALESCE($5, due_on)
         WHERE id = $6 AND status IN ({})",
        allowed.join(", ")
    ))
    .bind(to.as_str())
    .bind(by.to_string())
    .bind(to_millis(at))
    .bind(note)
    .bind(due_on.map(date_text))
    .bind(id.to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Releases the claim's vouchers (rejected or withdrawn): they are Redeemed again.
pub async fn release_vouchers(db: &mut AnyConnection, id: ClaimId, at: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let moved = move_claimed_vouchers(&mut *db, id, VoucherStatus::Redeemed).await?;
    sqlx::query("UPDATE claim_vouchers SET released_at = $1 WHERE claim_id = $2 AND released_at IS NULL")
        .bind(to_millis(at))
        .bind(id.to_string())
        .execute(&mut *db)
        .await?;
    Ok(moved)
}

/// Moves the Claimed vouchers of a claim's live lines to `to` (paid, or redeemed again);
/// returns how many moved.
async fn move_claimed_vouchers(db: &mut AnyConnection, id: ClaimId, to: VoucherStatus) -> Result<u64, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE vouchers SET status = $1
         WHERE status = 'claimed' AND id IN (SELECT voucher_id FROM claim_vouchers WHERE claim_id = $2 AND released_at IS NULL)",
    )
    .bind(to.as_str())
    .bind(id.to_string())
    .execute(&mut *db)
    .await?;
    Ok(moved.rows_affected())
}

type ClaimRow = (
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

/// Which claims to list, newest first.
#[derive(Debug, Clone, Copy)]
pub enum ClaimScope {
    /// The whole program's (the operator).
    All,
    /// One partner's.
    Org(OrgId),
    /// One claim, whoever's it is.
    One(ClaimId),
    /// The program's claims in one status (the operator's filter).
    Status(ClaimStatus),
}

/// The operator's queues on the dashboard, the longest-waiting first.
#[derive(Debug, Clone, Copy)]
pub enum ClaimQueue {
    /// Submitted claims waiting for a decision, by submission.
    Waiting,
    /// Approved claims unpaid after their due date on the given day
    /// (`ClaimSummary::is_overdue`), by due date.
    Overdue(NaiveDate),
}

const SUMMARY_COLUMNS: &str =
    "SELECT c.id, c.reference, o.name, l.location_id || ' ' || l.name || ' (' || l.country || ')',
        c.amount_minor, c.currency, c.status, c.submitted_at, c.decision_note, c.due_on, c.paid_at, c.payment_reference
     FROM claims c JOIN organisations o ON o.id = c.org_id JOIN partner_locations l ON l.id = c.location_id";

/// The list page's query and its values (shared with the query-plan test): one text per
/// scope, each seeking its index (`($1 IS NULL OR …)` would read every claim); one row more
/// than `limit`, to tell whether a next page exists.
pub(crate) fn page_query(scope: ClaimScope, after: Option<&Keyset>, limit: u32) -> (String, Vec<Bind>) {
    let (mut conditions, mut binds): (Vec<&str>, Vec<Bind>) = match scope {
        ClaimScope::All => (Vec::new(), Vec::new()),
        ClaimScope::Org(org) => (vec!["c.org_id = $1"], vec![Bind::Text(org.to_string())]),
        ClaimScope::One(id) => (vec!["c.id = $1"], vec![Bind::Text(id.to_string())]),
        ClaimScope::Status(status) => (vec!["c.status = $1"], vec![Bind::Text(status.as_str().to_owned())]),
    };
    // The first page starts after a key no claim reaches: every page seeks the index.
    let (at, id) = after.map_or((i64::MAX, String::new()), |after| (after.at, after.id.clone()));
    let keyset = format!("(c.submitted_at, c.id) < (${}, ${})", binds.len() + 1, binds.len() + 2);
    conditions.push(&keyset);
    binds.extend([Bind::Int(at), Bind::Text(id)]);
    let sql = format!(
        "{SUMMARY_COLUMNS} WHERE {} ORDER BY c.submitted_at DESC, c.id DESC LIMIT {}",
        conditions.join(" AND "),
        i64::from(limit) + 1
    );
    (sql, binds)
}

/// Up to `limit` claims in scope after `after` (keyset paging: any page costs one index
/// seek), newest first, each with its vouchers; and where the next page starts, if there
/// is one.
pub async fn list(
    db: &mut AnyConnection,
    scope: ClaimScope,
    after: Option<&Keyset>,
    limit: u32,
) -> Result<(Vec<ClaimSummary>, Option<Keyset>), sqlx::Error> {
    let (sql, binds) = page_query(scope, after, limit);
    let mut rows: Vec<ClaimRow> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(&mut *db).await?;
    let next = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|row| Keyset { at: row.7, id: row.0.clone() })
    } else {
        None
    };
    Ok((summaries(db, rows).await?, next))
}

/// One claim with its vouchers, whoever's it is.
pub async fn one(db: &mut AnyConnection, id: ClaimId) -> Result<Option<ClaimSummary>, sqlx::Error> {
    Ok(list(db, ClaimScope::One(id), None, 1).await?.0.pop())
}

/// Every claim in scope, newest first, read a page at a time (the CSV exports).
pub async fn every(db: &mut AnyConnection, scope: ClaimScope) -> Result<Vec<ClaimSummary>, sqlx::Error> {
    let mut every = Vec::new();
    let mut after = None;
    loop {
        let (page, next) = list(db, scope, after.as_ref(), super::ROWS_PER_STATEMENT as u32).await?;
        every.extend(page);
        match next {
            Some(next) => after = Some(next),
            None => return Ok(every),
        }
    }
}

/// An operator's queue as a condition, its order and its values.
fn queue_condition(queue: ClaimQueue) -> (&'static str, &'static str, Vec<Bind>) {
    match queue {
        ClaimQueue::Waiting => ("c.status = 'submitted'", "c.submitted_at, c.id", Vec::new()),
        // Dates are `YYYY-MM-DD` text: their order is the calendar's.
        ClaimQueue::Overdue(today) => (
            "c.status = 'approved' AND c.due_on < $1",
            "c.due_on, c.submitted_at, c.id",
            vec![Bind::Text(date_text(today))],
        ),
    }
}

/// The first `limit` claims of an operator's queue, the longest-waiting first; and how
/// many it holds (both shared with the query-plan test).
pub(crate) fn queue_queries(queue: ClaimQueue, limit: u32) -> [(String, Vec<Bind>); 2] {
    let (condition, order, binds) = queue_condition(queue);
    [
        (format!("{SUMMARY_COLUMNS} WHERE {condition} ORDER BY {order} LIMIT {limit}"), binds.clone()),
        (format!("SELECT COUNT(*) FROM claims c WHERE {condition}"), binds),
    ]
}

/// The first `limit` claims of an operator's queue, the longest-waiting first.
pub async fn queue(db: &mut AnyConnection, queue: ClaimQueue, limit: u32) -> Result<Vec<ClaimSummary>, sqlx::Error> {
    let [(sql, binds), _] = queue_queries(queue, limit);
    let rows: Vec<ClaimRow> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(&mut *db).await?;
    summaries(db, rows).await
}

/// How many claims an operator's queue holds.
pub async fn queue_length(db: &mut AnyConnection, queue: ClaimQueue) -> Result<u32, sqlx::Error> {
    let [_, (sql, binds)] = queue_queries(queue, 0);
    let (count,): (i64,) = bind_all(sqlx::query_as(&sql), &binds).fetch_one(&mut *db).await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// The claims of `rows`, each with its vouchers (read for all of them in one query).
async fn summaries(db: &mut AnyConnection, rows: Vec<ClaimRow>) -> Result<Vec<ClaimSummary>, sqlx::Error> {
    let mut lines = lines_of(db, rows.iter().map(|row| row.0.as_str())).await?;
    let mut claims = Vec::with_capacity(rows.len());
    for (
        id,
        reference,
        partner,
        location,
        amount,
        currency,
        status,
        submitted_at,
        note,
        due_on,
        paid_at,
        payment_reference,
    ) in rows
    {
        let currency = Currency::parse(&currency)
            .map_err(|error| sqlx::Error::ColumnDecode { index: "claims.currency".into(), source: Box::new(error) })?;
        claims.push(ClaimSummary {
            vouchers: lines.remove(&id).unwrap_or_default(),
            id: parse_stored("claims.id", &id)?,
            reference,
            partner_name: partner,
            location,
            amount: Money { minor_units: amount, currency },
            status: status.parse().map_err(|_| sqlx::Error::ColumnDecode {
                index: "claims.status".into(),
                source: format!("unknown status {status:?}").into(),
            })?,
            submitted_at: from_millis(submitted_at),
            decision_note: note,
            due_on: due_on.map(|due| parse_stored_date("claims.due_on", &due)).transpose()?,
            paid_at: paid_at.map(from_millis),
            payment_reference,
            overdue: false,
        });
    }
    Ok(claims)
}

/// The claims with this reference, or that ever held the voucher with this code, newest
/// first; only `org`'s when given (a partner finds its own claims, the operator any).
pub async fn matching<'c>(
    db: impl Executor<'c, Database = Any>,
    org: Option<OrgId>,
    term: &SearchTerm,
) -> Result<Vec<ClaimId>, sqlx::Error> {
    let (sql, key) = match term {
        SearchTerm::ClaimReference(reference) => (
            "SELECT c.id FROM claims c WHERE c.reference = $1 AND ($2 IS NULL OR c.org_id = $2)
             ORDER BY c.submitted_at DESC, c.id DESC",
            reference.clone(),
        ),
        SearchTerm::VoucherCode(code) => (
            "SELECT c.id FROM vouchers v JOIN claim_vouchers cv ON cv.voucher_id = v.id JOIN claims c ON c.id = cv.claim_id
             WHERE v.code = $1 AND ($2 IS NULL OR c.org_id = $2) ORDER BY c.submitted_at DESC, c.id DESC",
            code.canonical(),
        ),
    };
    let ids: Vec<String> = sqlx::query_scalar(sql).bind(key).bind(org.map(|org| org.to_string())).fetch_all(db).await?;
    ids.iter().map(|id| parse_stored("claims.id", id)).collect()
}

/// The operator's totals as the claims sum them, for a load that wrote claims with the
/// triggers off (the benchmark's generator) to write in one pass.
pub const RECOUNT_TOTALS: &str = "INSERT INTO claim_totals (country, currency, status, claims, amount_minor)
     SELECT l.country, c.currency, c.status, COUNT(*), SUM(c.amount_minor)
     FROM claims c JOIN partner_locations l ON l.id = c.location_id
     GROUP BY l.country, c.currency, c.status";

/// Each (country, currency, status) whose total in `claim_totals` is not what its claims
/// sum to: kept claims and amount, then counted ones.
pub(crate) const TOTALS_ADRIFT: &str = "SELECT country, currency, status, CAST(SUM(kept) AS BIGINT),
        CAST(SUM(kept_amount) AS BIGINT), CAST(SUM(counted) AS BIGINT), CAST(SUM(counted_amount) AS BIGINT)
     FROM (SELECT country, currency, status, claims AS kept, amount_minor AS kept_amount, 0 AS counted,
                  0 AS counted_amount
           FROM claim_totals
           UNION ALL
           SELECT l.country, c.currency, c.status, 0, 0, 1, c.amount_minor
           FROM claims c JOIN partner_locations l ON l.id = c.location_id) t
     GROUP BY country, currency, status
     HAVING SUM(kept) <> SUM(counted) OR SUM(kept_amount) <> SUM(counted_amount)";

/// The program's claims summed by the claiming location's country, currency and status
/// (the operator's dashboard folds them with `domain::dashboard::country_totals`).
pub async fn totals_by_country(db: &mut AnyConnection) -> Result<Vec<ClaimTotal>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT country, currency, status, claims, amount_minor FROM claim_totals
         WHERE status IN ('submitted', 'approved', 'paid') AND claims > 0",
    )
    .fetch_all(&mut *db)
    .await?;
    rows.into_iter()
        .map(|(country, currency, status, claims, amount_minor)| {
            Ok(ClaimTotal {
                country,
                currency: Currency::parse(&currency).map_err(|error| sqlx::Error::ColumnDecode {
                    index: "claims.currency".into(),
                    source: Box::new(error),
                })?,
                status: status.parse().map_err(|_| sqlx::Error::ColumnDecode {
                    index: "claims.status".into(),
                    source: format!("unknown status {status:?}").into(),
                })?,
                claims: u32::try_from(claims).unwrap_or(u32::MAX),
                amount_minor,
            })
        })
        .collect()
}

/// The lines of the given claims (not those a partner dropped), by claim id, in one query.
async fn lines_of<'a>(
    db: &mut AnyConnection,
    claim_ids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, Vec<ClaimLine>>, sqlx::Error> {
    let ids: Vec<&str> = claim_ids.collect();
    let mut by_claim: HashMap<String, Vec<ClaimLine>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_claim);
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT cv.claim_id, v.id, v.code, cv.days FROM claim_vouchers cv JOIN vouchers v ON v.id = cv.voucher_id
         WHERE cv.removed_at IS NULL AND cv.claim_id IN ({}) ORDER BY v.code",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as::<_, (String, String, String, i64)>(&sql);
    for id in ids {
        query = query.bind(id);
    }
    for (claim, voucher, code, days) in query.fetch_all(&mut *db).await? {
        by_claim.entry(claim).or_default().push(ClaimLine {
            voucher_id: parse_stored("claim_vouchers.voucher_id", &voucher)?,
            code: VoucherCode::display_stored(&code),
            days: PlanningDays::new(u32::try_from(days).unwrap_or(0)),
        });
    }
    Ok(by_claim)
}

/// Drops lines from a live claim: each voucher goes back to Redeemed (claimable again),
/// the line is released and marked removed, and the claim's amount is what is left.
/// Returns how many vouchers moved (fewer than asked means a concurrent change).
pub async fn drop_lines(
    db: &mut AnyConnection,
    id: ClaimId,
    vouchers: &[VoucherId],
    at: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let mut moved = 0;
    for voucher in vouchers {
        let line = sqlx::query(
            "UPDATE claim_vouchers SET released_at = $1, removed_at = $1
             WHERE claim_id = $2 AND voucher_id = $3 AND released_at IS NULL",
        )
        .bind(to_millis(at))
        .bind(id.to_string())
        .bind(voucher.to_string())
        .execute(&mut *db)
        .await?;
        if line.rows_affected() == 1 {
            moved += sqlx::query("UPDATE vouchers SET status = 'redeemed' WHERE id = $1 AND status = 'claimed'")
                .bind(voucher.to_string())
                .execute(&mut *db)
                .await?
                .rows_affected();
        }
    }
    sqlx::query(
        "UPDATE claims SET amount_minor =
             (SELECT COALESCE(SUM(amount_minor), 0) FROM claim_vouchers WHERE claim_id = $1 AND removed_at IS NULL)
         WHERE id = $1",
    )
    .bind(id.to_string())
    .execute(&mut *db)
    .await?;
    Ok(moved)
}

/// The vouchers a claim holds (or held, until released).
pub async fn voucher_ids<'c>(
    db: impl Executor<'c, Database = Any>,
    id: ClaimId,
) -> Result<Vec<VoucherId>, sqlx::Error> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT voucher_id FROM claim_vouchers WHERE claim_id = $1 AND released_at IS NULL")
            .bind(id.to_string())
            .fetch_all(db)
            .await?;
    rows.iter().map(|id| parse_stored("claim_vouchers.voucher_id", id)).collect()
}

/// The code and status of one of the partner's reserved vouchers (others' vouchers are
/// not found: an error message must not reveal them).
pub async fn partner_voucher<'c>(
    db: impl Executor<'c, Database = Any>,
    org_id: OrgId,
    voucher_id: VoucherId,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT v.code, v.status FROM vouchers v JOIN engagements e ON e.voucher_id = v.id
         WHERE v.id = $1 AND e.partner_org_id = $2 AND e.released_at IS NULL",
    )
    .bind(voucher_id.to_string())
    .bind(org_id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(code, status)| (VoucherCode::display_stored(&code), status)))
}

/// Records the payment of an approved claim and marks its vouchers paid. `None` when
/// the claim was not approved (compare-and-set); else how many vouchers moved.
pub async fn pay(
    db: &mut AnyConnection,
    id: ClaimId,
    reference: &str,
    at: DateTime<Utc>,
) -> Result<Option<u64>, sqlx::Error> {
    let paid = sqlx::query(
        "UPDATE claims SET status = 'paid', paid_at = $1, payment_reference = $2 WHERE id = $3 AND status = 'approved'",
    )
    .bind(to_millis(at))
    .bind(reference)
    .bind(id.to_string())
    .execute(&mut *db)
    .await?;
    if paid.rows_affected() != 1 {
        return Ok(None);
    }
    Ok(Some(move_claimed_vouchers(db, id, VoucherStatus::Paid).await?))
}
