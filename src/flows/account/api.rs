//! Server functions of one's own account.

use crate::domain::account::AccountView;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_account")]
pub async fn get_account() -> Result<AccountView, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, own_account, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::UsePortal).await?;
    let this_session = auth::this_session().await?;
    own_account::view(&state, &viewer, this_session).await
}

#[server(endpoint = "rename_self")]
pub async fn rename_self(name: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, own_account, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::UsePortal).await?;
    own_account::rename(&state, &viewer, &name).await
}

/// Changes the password after checking the current one; every other session ends.
#[server(endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, passwords, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::UsePortal).await?;
    let this_session = auth::this_session().await?;
    passwords::change(&state, &viewer, &current_password, &new_password, this_session).await
}

/// Signs one of the viewer's sessions out.
#[server(endpoint = "end_session")]
pub async fn end_session(handle: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, own_account, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::UsePortal).await?;
    own_account::end_session(&state, &viewer, &handle).await
}

/// Signs the viewer out on every other browser; returns how many sessions ended.
#[server(endpoint = "end_other_sessions")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, own_account, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::UsePortal).await?;
    let this_session = auth::this_session().await?;
    own_account::end_other_sessions(&state, &viewer, this_session).await
}
