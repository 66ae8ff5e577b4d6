//! A person's notifications: only their own are listed, opened or marked.

use super::db::notifications;
use super::state::AppState;
use crate::domain::ids::NotificationId;
use crate::domain::notification::{NotificationError, Notifications, SHOWN};
use crate::domain::viewer::Viewer;
use crate::error::AppError;

pub async fn list(state: &AppState, viewer: &Viewer) -> Result<Notifications, AppError> {
    let mut connection = state.db.pool.acquire().await?;
    let items = notifications::recent(&mut *connection, viewer.user_id, SHOWN).await?;
    let unread = notifications::unread(&mut *connection, viewer.user_id).await?;
    Ok(Notifications { items, unread })
}

pub async fn unread(state: &AppState, viewer: &Viewer) -> Result<u32, AppError> {
    Ok(notifications::unread(&state.db.pool, viewer.user_id).await?)
}

/// Marks the notification read and returns the page it concerns.
pub async fn open(state: &AppState, viewer: &Viewer, id: &str) -> Result<String, AppError> {
    let not_found = || AppError::NotFound(NotificationError::NoSuchNotification.to_string());
    let id = NotificationId::parse(id).map_err(|_| not_found())?;
    notifications::open(&state.db.pool, viewer.user_id, id, state.clock.now()).await?.ok_or_else(not_found)
}

pub async fn read_all(state: &AppState, viewer: &Viewer) -> Result<(), AppError> {
    notifications::mark_all_read(&state.db.pool, viewer.user_id, state.clock.now()).await?;
    Ok(())
}
