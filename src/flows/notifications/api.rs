//! Server functions of the notifications: each person's own.

use crate::domain::notification::Notifications;
use crate::error::AppError;
use leptos::prelude::*;

/// The viewer's newest notifications and how many are unread.
#[server(endpoint = "get_notifications")]
pub async fn get_notifications() -> Result<Notifications, AppError> {
    use crate::server::{auth, notifications, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(crate::domain::access::Action::UsePortal).await?;
    reads.once("get_notifications", async move { notifications::list(&state, &viewer).await }).await
}

/// How many of the viewer's notifications are unread (the bell); none for a visitor who
/// is not signed in (every page's header asks).
#[server(endpoint = "unread_notifications")]
pub async fn unread_notifications() -> Result<u32, AppError> {
    use crate::server::{auth, notifications, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = match auth::require(crate::domain::access::Action::UsePortal).await {
        Err(AppError::Unauthenticated) => return Ok(0),
        viewer => viewer?,
    };
    reads.once("unread_notifications", async move { notifications::unread(&state, &viewer).await }).await
}

/// Opens one of the viewer's notifications: marks it read, returns the page it concerns.
#[server(endpoint = "open_notification")]
pub async fn open_notification(id: String) -> Result<String, AppError> {
    use crate::server::{auth, notifications, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(crate::domain::access::Action::UsePortal).await?;
    notifications::open(&state, &viewer, &id).await
}

/// Marks all the viewer's notifications read.
#[server(endpoint = "read_all_notifications")]
pub async fn read_all_notifications() -> Result<(), AppError> {
    use crate::server::{auth, notifications, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(crate::domain::access::Action::UsePortal).await?;
    notifications::read_all(&state, &viewer).await
}
