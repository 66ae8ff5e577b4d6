//! Organisations.

use super::to_millis;
use crate::domain::{ids::OrgId, roles::OrgKind, text::OrgName};
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    id: OrgId,
    kind: OrgKind,
    name: &OrgName,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id.to_string())
        .bind(kind.as_str())
        .bind(name.as_str())
        .bind(to_millis(at))
        .execute(db)
        .await?;
    Ok(())
}

pub async fn count<'c>(db: impl Executor<'c, Database = Any>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM organisations").fetch_one(db).await
}
