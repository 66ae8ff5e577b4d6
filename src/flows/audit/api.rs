//! Server function for the operator's audit log.

use crate::domain::audit::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Entries per page of the audit log.
pub const PAGE_SIZE: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// 1-based.
    pub page: u32,
    pub entries: Vec<AuditEntry>,
    pub has_next: bool,
}

/// One page of every change in the program, newest first (operator only).
#[server(endpoint = "list_audit_log")]
pub async fn list_audit_log(page: u32) -> Result<AuditPage, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{auth, db, state::AppState};
    let state = AppState::current()?;
    auth::require(&[Role::Operator]).await?;
    let page = page.max(1);
    let offset = i64::from(page - 1) * i64::from(PAGE_SIZE);
    // One extra row tells whether a next page exists without counting the whole log.
    let mut entries = db::audit::recent(&state.db.pool, offset, i64::from(PAGE_SIZE) + 1).await?;
    let has_next = entries.len() > PAGE_SIZE as usize;
    entries.truncate(PAGE_SIZE as usize);
    Ok(AuditPage { page, entries, has_next })
}
