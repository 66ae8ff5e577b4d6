//! The invariants the program's data must always keep, checked against the database as it
//! stands: after a crash, between replicas, or after any test. Each answer is a sentence
//! naming the row that breaks a rule; none means the data is whole.
//!
//! - every agreement's pool accounts for each entitled day exactly once, and the figures
//!   the database keeps for it are the sums over its vouchers;
//! - the tallies the dashboard reads (vouchers and days by organisation, project manager,
//!   month and status) are what the vouchers count, and the operator's totals (claims and
//!   money by country, currency and status) what the claims sum to;
//! - a voucher's status agrees with its engagements and claim lines (one live engagement
//!   from reservation on, one live claim line while claimed or paid, none otherwise);
//! - each voucher's and claim's audit entries form one unbroken chain of statuses that
//!   ends where the row stands (and every row has an entry);
//! - no deliverable belongs to an engagement that does not exist.

use super::db::{agreements, claims, parse_stored, vouchers, Db};
use serde_json::Value;
use std::collections::HashMap;

pub async fn violations(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let mut found = Vec::new();
    pools(db, &mut found).await?;
    voucher_links(db, &mut found).await?;
    audit_chains(db, &mut found).await?;
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliverables d WHERE NOT EXISTS (SELECT 1 FROM engagements e WHERE e.id = d.engagement_id)",
    )
    .fetch_one(&db.pool)
    .await?;
    if orphans > 0 {
        found.push(format!("{orphans} deliverables belong to no engagement"));
    }
    Ok(found)
}

/// The pools' part of [`violations`] (with the dashboards' tallies and totals): reads each agreement
/// and sums its vouchers, so the benchmark can check a million generated vouchers without
/// walking their audit chains.
pub async fn pool_violations(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let mut found = Vec::new();
    pools(db, &mut found).await?;
    Ok(found)
}

async fn pools(db: &Db, found: &mut Vec<String>) -> Result<(), sqlx::Error> {
    let orgs: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT org_id FROM licensing_agreements").fetch_all(&db.pool).await?;
    for org in orgs {
        for agreement in agreements::list_for_org(&db.pool, parse_stored("licensing_agreements.org_id", &org)?).await? {
            if !agreement.pool.balances() {
                found.push(format!("agreement {} does not balance: {:?}", agreement.licensing_id, agreement.pool));
            }
        }
    }
    type TallyRow = (String, String, String, String, i64, i64, i64, i64);
    let tallies: Vec<TallyRow> = sqlx::query_as(&vouchers::tallies_adrift(db.backend)).fetch_all(&db.pool).await?;
    for (org, manager, month, status, kept, kept_days, counted, counted_days) in tallies {
        found.push(format!(
            "organisation {org} keeps {kept} {status} vouchers ({kept_days} days) of {manager} created in {month}, \
             its vouchers count {counted} ({counted_days} days)"
        ));
    }
    type TotalRow = (String, String, String, i64, i64, i64, i64);
    let totals: Vec<TotalRow> = sqlx::query_as(claims::TOTALS_ADRIFT).fetch_all(&db.pool).await?;
    for (country, currency, status, kept, kept_amount, counted, counted_amount) in totals {
        found.push(format!(
            "the program keeps {kept} {status} claims in {country} ({kept_amount} {currency} minor units), \
             its claims count {counted} ({counted_amount})"
        ));
    }
    // The licensing id, then (open, used, returned, lost) as kept and as summed.
    type AdriftRow = (String, i64, i64, i64, i64, i64, i64, i64, i64);
    let adrift: Vec<AdriftRow> = sqlx::query_as(agreements::POOL_FIGURES_ADRIFT).fetch_all(&db.pool).await?;
    for (licensing_id, open, used, returned, lost, open_sum, used_sum, returned_sum, lost_sum) in adrift {
        found.push(format!(
            "agreement {licensing_id} keeps (open, used, returned, lost) = ({open}, {used}, {returned}, {lost}), \
             its vouchers sum to ({open_sum}, {used_sum}, {returned_sum}, {lost_sum})"
        ));
    }
    Ok(())
}

async fn voucher_links(db: &Db, found: &mut Vec<String>) -> Result<(), sqlx::Error> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT v.id, v.status,
                (SELECT COUNT(*) FROM engagements e WHERE e.voucher_id = v.id AND e.released_at IS NULL),
                (SELECT COUNT(*) FROM claim_vouchers c WHERE c.voucher_id = v.id AND c.released_at IS NULL)
         FROM vouchers v",
    )
    .fetch_all(&db.pool)
    .await?;
    for (id, status, engagements, claim_lines) in rows {
        let (want_engagements, want_claims) = match status.as_str() {
            "assigned" | "cancelled" | "expired" => (0, 0),
            "reserved" | "delivered" | "redeemed" => (1, 0),
            "claimed" | "paid" => (1, 1),
            other => {
                found.push(format!("voucher {id} has an unknown status {other:?}"));
                continue;
            }
        };
        if (engagements, claim_lines) != (want_engagements, want_claims) {
            found.push(format!(
                "voucher {id} is {status} with {engagements} live engagements and {claim_lines} live claim lines"
            ));
        }
    }
    Ok(())
}

async fn audit_chains(db: &Db, found: &mut Vec<String>) -> Result<(), sqlx::Error> {
    // Ids are time-ordered UUIDs: this is the order the entries were written in.
    let entries: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT entity, entity_id, before_json, after_json FROM audit_log
         WHERE entity IN ('voucher', 'claim') ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    let status = |json: &Option<String>| -> Option<String> {
        let value: Value = serde_json::from_str(json.as_deref()?).ok()?;
        value.get("status")?.as_str().map(str::to_owned)
    };
    // Per (entity, id): where the chain stands, and whether any entry was seen.
    let mut chains: HashMap<(String, String), Option<String>> = HashMap::new();
    for (entity, id, before, after) in &entries {
        let current = chains.entry((entity.clone(), id.clone())).or_default();
        let (before, after) = (status(before), status(after));
        if before.is_some() && current.is_some() && before != *current {
            found.push(format!("{entity} {id}: an entry starts from {before:?}, the log had it {current:?}"));
        }
        if after.is_some() {
            *current = after;
        }
    }
    for (entity, table) in [("voucher", "vouchers"), ("claim", "claims")] {
        let rows: Vec<(String, String)> =
            sqlx::query_as(&format!("SELECT id, status FROM {table}")).fetch_all(&db.pool).await?;
        for (id, stored) in rows {
            match chains.get(&(entity.to_owned(), id.clone())) {
                None => found.push(format!("{entity} {id} has no audit entry")),
                Some(logged) if logged.as_deref() != Some(stored.as_str()) => {
                    found.push(format!("{entity} {id} is {stored}, its audit log ends at {logged:?}"))
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}
