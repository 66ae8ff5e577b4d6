//! Server function for the operator's audit log.

use crate::domain::audit::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Entries per page of the audit log.
pub const PAGE_SIZE: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Where the next (older) page starts, when there is one.
    pub next: Option<String>,
}

/// One page of every change in the program, newest first (operator only). `after` is
/// the `next` of the page before (empty for the newest page); a cursor this server did
/// not make starts over at the newest page.
#[server(endpoint = "list_audit_log")]
pub async fn list_audit_log(after: String) -> Result<AuditPage, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, db, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    auth::require(Action::ReadAuditLog).await?;
    reads
        .once(format!("list_audit_log {after}"), async move {
            let after = db::Keyset::decode(&after);
            // One extra row tells whether a next page exists without counting the whole log.
            let mut entries = db::audit::recent(&state.db.pool, after.as_ref(), i64::from(PAGE_SIZE) + 1).await?;
            let next = (entries.len() > PAGE_SIZE as usize).then(|| entries[PAGE_SIZE as usize - 1].0.encode());
            entries.truncate(PAGE_SIZE as usize);
            Ok(AuditPage { entries: entries.into_iter().map(|(_, entry)| entry).collect(), next })
        })
        .await
}
