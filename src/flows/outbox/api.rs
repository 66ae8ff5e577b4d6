//! Server function of the outbox page.

use crate::domain::outbox::OutboxMessage;
use crate::error::AppError;
use leptos::prelude::*;

/// The latest emails of the viewer's organisation (the operator reads the whole program's).
#[server(endpoint = "list_outbox")]
pub async fn list_outbox() -> Result<Vec<OutboxMessage>, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, db::outbox, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ReadOutbox).await?;
    let org = (viewer.org_kind != crate::domain::roles::OrgKind::Program).then_some(viewer.org_id);
    reads.once("list_outbox", async move { Ok(outbox::for_org(&state.db.pool, org, 200).await?) }).await
}
