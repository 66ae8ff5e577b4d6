//! Server functions of payment claims (step 8): the partner's side and the operator's queue.

use crate::domain::claim::{ClaimPage, ClaimsOverview};
use crate::error::AppError;
use leptos::prelude::*;

/// The partner's payment page: registration, bank accounts, claimable vouchers, claims.
#[server(endpoint = "get_claims")]
pub async fn get_claims(#[server(default)] after: String) -> Result<ClaimsOverview, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ReadClaims).await?;
    reads.once(format!("get_claims {after}"), async move { claims::overview(&state, &viewer, &after).await }).await
}

/// Registers the organisation for the payment tool (global admins).
#[server(endpoint = "register_for_payment")]
pub async fn register_for_payment(legal_name: String, tax_id: String, remit_address: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::RegisterForPayment).await?;
    claims::register(&state, &viewer, &legal_name, &tax_id, &remit_address).await
}

/// Sets the bank account of one location (global admins).
#[server(endpoint = "set_bank_account")]
pub async fn set_bank_account(
    location_id: String,
    account_holder: String,
    account_number: String,
    bank_code: String,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::SetBankAccounts).await?;
    claims::set_bank_account(&state, &viewer, &location_id, &account_holder, &account_number, &bank_code).await
}

/// Claims payment for redeemed vouchers of one location; `voucher_ids` is comma-separated. Returns the reference.
#[server(endpoint = "submit_claim")]
pub async fn submit_claim(location_id: String, voucher_ids: String) -> Result<String, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::SubmitClaims).await?;
    claims::submit(&state, &viewer, &location_id, &voucher_ids).await
}

/// The partner withdraws a claim the operator has not decided.
#[server(endpoint = "withdraw_claim")]
pub async fn withdraw_claim(claim_id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::SubmitClaims).await?;
    claims::withdraw(&state, &viewer, &claim_id).await
}

/// The partner resubmits a claim returned for changes with the vouchers it keeps
/// (`voucher_ids`, comma-separated) and an optional reply to the operator.
#[server(endpoint = "resubmit_claim")]
pub async fn resubmit_claim(claim_id: String, voucher_ids: String, reply: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::SubmitClaims).await?;
    claims::resubmit(&state, &viewer, &claim_id, &voucher_ids, &reply).await
}

/// The program's claims (operator), newest first, a page at a time from `after` (the
/// previous page's cursor; empty: the first page): all of them, or those in one `status`
/// and those a voucher code or claim reference (`find`) finds; empty: no narrowing.
#[server(endpoint = "list_all_claims")]
pub async fn list_all_claims(
    status: String,
    find: String,
    #[server(default)] after: String,
) -> Result<ClaimPage, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ReviewClaims).await?;
    reads
        .once(format!("list_all_claims {status} {find} {after}"), async move {
            claims::review(&state, &viewer, &status, &find, &after).await
        })
        .await
}

/// Approves a claim; payment is due 30 days later.
#[server(endpoint = "approve_claim")]
pub async fn approve_claim(claim_id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::DecideClaims).await?;
    claims::approve(&state, &viewer, &claim_id).await
}

/// Returns a claim to the partner with a comment.
#[server(endpoint = "return_claim")]
pub async fn return_claim(claim_id: String, comment: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::DecideClaims).await?;
    claims::return_for_changes(&state, &viewer, &claim_id, &comment).await
}

/// Rejects a claim with a reason; its vouchers can be claimed again.
#[server(endpoint = "reject_claim")]
pub async fn reject_claim(claim_id: String, reason: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::DecideClaims).await?;
    claims::reject(&state, &viewer, &claim_id, &reason).await
}

/// Records the payment of an approved claim.
#[server(endpoint = "mark_claim_paid")]
pub async fn mark_claim_paid(claim_id: String, payment_reference: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::MarkClaimsPaid).await?;
    claims::mark_paid(&state, &viewer, &claim_id, &payment_reference).await
}

/// Claims as CSV: the partner's payment-status report, or the operator's whole list.
#[server(endpoint = "export_claims")]
pub async fn export_claims() -> Result<String, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, claims, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ExportClaims).await?;
    claims::export_csv(&state, &viewer).await
}
