//! The audit log: every state change, who made it, and the record before and after.

use super::{from_millis, to_millis, Keyset};
use crate::domain::{
    audit::AuditEntry,
    ids::{OrgId, UserId},
    viewer::Viewer,
};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{Any, Executor};

/// Who made a change: a person, or the system itself (jobs, seeding).
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub org_id: Option<OrgId>,
}

impl Actor {
    pub const SYSTEM: Actor = Actor { user_id: None, org_id: None };
}

impl From<&Viewer> for Actor {
    fn from(viewer: &Viewer) -> Self {
        Actor { user_id: Some(viewer.user_id), org_id: Some(viewer.org_id) }
    }
}

pub struct Change<'a> {
    pub actor: Actor,
    /// The organisation whose data changed (it sees this entry).
    pub org_id: Option<OrgId>,
    pub entity: &'static str,
    pub entity_id: &'a str,
    pub action: &'static str,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Change<'a> {
    /// A change made by `viewer` to their own organisation's data.
    pub fn by(viewer: &Viewer, entity: &'static str, entity_id: &'a str, action: &'static str) -> Self {
        Change {
            actor: viewer.into(),
            org_id: Some(viewer.org_id),
            entity,
            entity_id,
            action,
            before: None,
            after: None,
        }
    }

    /// The change concerns another organisation's data (a partner acting on a
    /// customer's voucher): that organisation sees the entry.
    pub fn for_org(mut self, org_id: OrgId) -> Self {
        self.org_id = Some(org_id);
        self
    }

    pub fn before(mut self, before: impl Into<Option<Value>>) -> Self {
        self.before = before.into();
        self
    }

    pub fn after(mut self, after: impl Into<Option<Value>>) -> Self {
        self.after = after.into();
        self
    }
}

const INSERT: &str =
    "INSERT INTO audit_log (id, at, actor_user_id, actor_org_id, org_id, entity, entity_id, action, before_json, after_json) VALUES ";
const COLUMNS: usize = 10;

fn bind_change<'q>(query: super::AnyQuery<'q>, change: &Change<'_>, at: DateTime<Utc>) -> super::AnyQuery<'q> {
    // Time-ordered ids keep entries written in one millisecond (or under a test's frozen
    // clock) in the order they were made.
    query
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(to_millis(at))
        .bind(change.actor.user_id.map(|id| id.to_string()))
        .bind(change.actor.org_id.map(|id| id.to_string()))
        .bind(change.org_id.map(|id| id.to_string()))
        .bind(change.entity)
        .bind(change.entity_id.to_owned())
        .bind(change.action)
        .bind(change.before.as_ref().map(Value::to_string))
        .bind(change.after.as_ref().map(Value::to_string))
}

pub async fn record<'c>(
    db: impl Executor<'c, Database = Any>,
    change: Change<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = super::insert_sql(INSERT, 1, COLUMNS);
    bind_change(sqlx::query(&sql), &change, at).execute(db).await?;
    Ok(())
}

/// Records many changes made at once (a job's batch), a few statements for the lot.
pub async fn record_all(
    db: &mut sqlx::AnyConnection,
    changes: &[Change<'_>],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    super::insert_all(db, INSERT, COLUMNS, changes, |query, row| bind_change(query, row, at)).await
}

/// One page of the whole program's log, newest first (the operator's view): up to
/// `limit` entries older than `after` (keyset paging on `audit_by_time`).
pub async fn recent<'c>(
    db: impl Executor<'c, Database = Any>,
    after: Option<&Keyset>,
    limit: i64,
) -> Result<Vec<(Keyset, AuditEntry)>, sqlx::Error> {
    // The newest page starts after a key no entry reaches.
    let (at, id) = after.map_or((i64::MAX, String::new()), |after| (after.at, after.id.clone()));
    let rows: Vec<KeyedAuditEntry> = sqlx::query_as(RECENT).bind(at).bind(id).bind(limit).fetch_all(db).await?;
    Ok(rows.into_iter().map(|row| (Keyset { at: row.entry.at, id: row.id }, row.entry.into_entry())).collect())
}

#[derive(sqlx::FromRow)]
struct KeyedAuditEntry {
    id: String,
    #[sqlx(flatten)]
    entry: SqlAuditEntry,
}

/// The log's page query (also checked by the query-plan test).
pub(crate) const RECENT: &str = concat!(
    "SELECT a.id, a.at, u.name AS actor_name, o.name AS actor_org_name, a.entity, a.entity_id, ",
    "CASE a.entity
       WHEN 'voucher' THEN (SELECT v.code FROM vouchers v WHERE v.id = a.entity_id)
       WHEN 'engagement' THEN (SELECT v.code FROM engagements e JOIN vouchers v ON v.id = e.voucher_id WHERE e.id = a.entity_id)
       WHEN 'claim' THEN (SELECT c.reference FROM claims c WHERE c.id = a.entity_id)
       WHEN 'user' THEN (SELECT p.name FROM users p WHERE p.id = a.entity_id)
       WHEN 'licensing_agreement' THEN (SELECT l.licensing_id FROM licensing_agreements l WHERE l.id = a.entity_id)
       WHEN 'offering' THEN (SELECT f.code FROM offerings f WHERE f.id = a.entity_id)
       WHEN 'enrollment' THEN (SELECT f.code FROM offerings f WHERE f.id = a.entity_id)
       WHEN 'engagement_type' THEN (SELECT t.name FROM engagement_types t WHERE t.id = a.entity_id)
       WHEN 'partner_location' THEN (SELECT l.name FROM partner_locations l WHERE l.id = a.entity_id)
       ELSE (SELECT r.name FROM organisations r WHERE r.id = a.entity_id)
     END AS record, ",
    "a.action, a.before_json, a.after_json
     FROM audit_log a
     LEFT JOIN users u ON u.id = a.actor_user_id
     LEFT JOIN organisations o ON o.id = a.actor_org_id
     WHERE (a.at, a.id) < ($1, $2)
     ORDER BY a.at DESC, a.id DESC
     LIMIT $3"
);

/// Every entry about one record, oldest first (a voucher's timeline).
pub async fn for_entity<'c>(
    db: impl Executor<'c, Database = Any>,
    entity: &str,
    entity_id: &str,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows: Vec<SqlAuditEntry> = sqlx::query_as(
        "SELECT a.at, u.name AS actor_name, o.name AS actor_org_name, a.entity, a.entity_id, CAST(NULL AS TEXT) AS record,
                a.action, a.before_json, a.after_json
         FROM audit_log a
         LEFT JOIN users u ON u.id = a.actor_user_id
         LEFT JOIN organisations o ON o.id = a.actor_org_id
         WHERE a.entity = $1 AND a.entity_id = $2
         ORDER BY a.at, a.id",
    )
    .bind(entity)
    .bind(entity_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(SqlAuditEntry::into_entry).collect())
}

#[derive(sqlx::FromRow)]
struct SqlAuditEntry {
    at: i64,
    actor_name: Option<String>,
    actor_org_name: Option<String>,
    entity: String,
    entity_id: String,
    record: Option<String>,
    action: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

impl SqlAuditEntry {
    fn into_entry(self) -> AuditEntry {
        // Voucher codes are kept without their hyphens; people read them grouped.
        let is_code = matches!(self.entity.as_str(), "voucher" | "engagement");
        let record = self.record.map(|record| match crate::domain::voucher_code::VoucherCode::parse(&record) {
            Ok(code) if is_code => code.to_string(),
            _ => record,
        });
        AuditEntry {
            at: from_millis(self.at),
            actor_name: self.actor_name,
            actor_org_name: self.actor_org_name,
            entity: self.entity,
            record,
            entity_id: self.entity_id,
            action: self.action,
            before: self.before_json,
            after: self.after_json,
        }
    }
}
