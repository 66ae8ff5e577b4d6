//! Server functions of validating, reserving and following engagements (step 5).

use crate::domain::{
    ids::EngagementId,
    reservation::{EngagementSummary, VoucherCheck},
};
use crate::error::AppError;
use leptos::prelude::*;

/// Shows the voucher behind a code and the customer's benefit admin email.
#[server(endpoint = "check_voucher")]
pub async fn check_voucher(code: String, admin_email: String) -> Result<VoucherCheck, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, http, reservations, state::AppState};
    let state = AppState::current()?;
    let address = http::current_client_address();
    let viewer = auth::require(Action::ReserveVouchers).await?;
    reservations::check(&state, &viewer, &code, &admin_email, address).await
}

/// Reserves the voucher; `consultants` is a comma-separated list of user ids.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "reserve_voucher")]
pub async fn reserve_voucher(
    code: String,
    admin_email: String,
    engagement_type_id: String,
    location_id: String,
    consultants: String,
    starts_on: String,
    ends_on: String,
    accept_terms: String,
) -> Result<EngagementId, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, http, reservations, state::AppState};
    let state = AppState::current()?;
    let address = http::current_client_address();
    let viewer = auth::require(Action::ReserveVouchers).await?;
    let form = reservations::ReservationForm {
        code: &code,
        admin_email: &admin_email,
        engagement_type_id: &engagement_type_id,
        location_id: &location_id,
        consultants: &consultants,
        starts_on: &starts_on,
        ends_on: &ends_on,
        accept_terms: &accept_terms,
    };
    reservations::reserve(&state, &viewer, form, address).await
}

#[server(endpoint = "list_engagements")]
pub async fn list_engagements() -> Result<Vec<EngagementSummary>, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, request_reads::RequestReads, reservations, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ReadEngagements).await?;
    reads.once("list_engagements", async move { reservations::list(&state, &viewer).await }).await
}

#[server(endpoint = "release_reservation")]
pub async fn release_reservation(engagement_id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, reservations, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageReservations).await?;
    reservations::release(&state, &viewer, &engagement_id).await
}

/// Redeems delivered engagements; `engagement_ids` is a comma-separated list.
#[server(endpoint = "redeem_engagements")]
pub async fn redeem_engagements(engagement_ids: String) -> Result<usize, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, reservations, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::Redeem).await?;
    reservations::redeem(&state, &viewer, &engagement_ids).await
}
