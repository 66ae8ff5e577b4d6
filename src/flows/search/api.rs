//! Server function of the search box.

use crate::domain::search::SearchHit;
use crate::error::AppError;
use leptos::prelude::*;

/// What the viewer may find for a voucher code or a claim reference (`find` is what they
/// typed); anything not theirs is simply not found.
#[server(endpoint = "search")]
pub async fn search(find: String) -> Result<Vec<SearchHit>, AppError> {
    use crate::server::{auth, request_reads::RequestReads, search, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(crate::domain::access::Action::UsePortal).await?;
    reads.once(format!("search {find}"), async move { search::find(&state, &viewer, &find).await }).await
}
