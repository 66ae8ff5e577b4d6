//! Server functions for the people of one's own organisation.

use crate::domain::people::{InvitationCreated, InvitationSummary, UserSummary};
use crate::domain::roles::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct People {
    pub users: Vec<UserSummary>,
    pub invitations: Vec<InvitationSummary>,
    /// The roles the viewer may hand out.
    pub invitable_roles: Vec<Role>,
    /// Whether the organisation requires a second factor of all its members.
    pub second_factor_required: bool,
}

/// Everyone in the viewer's organisation, and the invitations sent (user managers only).
#[server(endpoint = "list_people")]
pub async fn list_people() -> Result<People, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, db, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ManagePeople).await?;
    reads
        .once("list_people", async move {
            Ok(People {
                users: db::users::list_for_org(&state.db.pool, viewer.org_id).await?,
                invitations: db::invitations::list_for_org(&state.db.pool, viewer.org_id, state.clock.now()).await?,
                invitable_roles: viewer.role.invitable(),
                second_factor_required: db::second_factors::organisation_requires(&state.db.pool, viewer.org_id)
                    .await?,
            })
        })
        .await
}

/// Invites a colleague into the viewer's own organisation with one of its roles.
#[server(endpoint = "invite_user")]
pub async fn invite_user(name: String, email: String, role: String) -> Result<InvitationCreated, AppError> {
    use crate::domain::access::Action;
    use crate::server::{accounts, auth, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManagePeople).await?;
    accounts::invite(&state, &viewer, &name, &email, &role).await
}

/// Gives a member of the viewer's own organisation another of its roles.
#[server(endpoint = "change_role")]
pub async fn change_role(user_id: String, role: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{accounts, auth, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManagePeople).await?;
    accounts::change_role(&state, &viewer, &user_id, &role).await
}

/// Hands the viewer's own role to a colleague; the viewer keeps the next role down.
#[server(endpoint = "hand_over_role")]
pub async fn hand_over_role(user_id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{accounts, auth, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManagePeople).await?;
    accounts::hand_over(&state, &viewer, &user_id).await
}

/// Disables or re-enables a member of the viewer's own organisation.
#[server(endpoint = "set_user_access")]
pub async fn set_user_access(user_id: String, active: bool) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{accounts, auth, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManagePeople).await?;
    accounts::set_user_access(&state, &viewer, &user_id, active).await
}

/// Requires (or stops requiring) a second factor of every member of the organisation.
#[server(endpoint = "require_second_factor")]
pub async fn require_second_factor(required: bool) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, second_factor, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManagePeople).await?;
    second_factor::require_for_organisation(&state, &viewer, required).await
}

/// The operator clears the second factors of the person with this email (a lost phone).
#[server(endpoint = "reset_second_factor")]
pub async fn reset_second_factor(email: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, second_factor, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ResetSecondFactors).await?;
    second_factor::reset(&state, &viewer, &email).await
}
