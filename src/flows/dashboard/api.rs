//! The dashboard's server function: what the viewer should do next.

use crate::domain::dashboard::NextSteps;
use crate::error::AppError;
use leptos::prelude::*;

/// Deadlines, pools and counts for whoever is signed in, by their side of the program.
#[server(endpoint = "get_next_steps")]
pub async fn get_next_steps() -> Result<NextSteps, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, dashboard, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::UsePortal).await?;
    reads.once("get_next_steps", async move { dashboard::next_steps(&state, &viewer).await }).await
}
