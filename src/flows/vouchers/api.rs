//! Server functions of the voucher pages: authorize, call `server::vouchers`, answer.

use crate::domain::voucher::{VoucherCreated, VoucherDetail, VoucherPage, WizardOptions};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "voucher_wizard_options")]
pub async fn voucher_wizard_options() -> Result<WizardOptions, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, request_reads::RequestReads, state::AppState, vouchers};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::CreateVouchers).await?;
    reads.once("voucher_wizard_options", async move { vouchers::wizard_options(&state, &viewer).await }).await
}

/// Creates and assigns a voucher. `project_manager` is a member's email; when it is
/// empty, `new_name` and `new_email` name someone to invite.
#[server(endpoint = "create_voucher")]
pub async fn create_voucher(
    agreement_id: String,
    offering_id: String,
    days: String,
    division: String,
    project_manager: String,
    new_name: String,
    new_email: String,
) -> Result<VoucherCreated, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, state::AppState, vouchers};
    let state = AppState::current()?;
    let viewer = auth::require(Action::CreateVouchers).await?;
    let form = vouchers::VoucherForm {
        agreement_id: &agreement_id,
        offering_id: &offering_id,
        days: &days,
        division: &division,
        project_manager: &project_manager,
        new_name: &new_name,
        new_email: &new_email,
    };
    vouchers::create(&state, &viewer, form).await
}

#[server(endpoint = "list_vouchers")]
pub async fn list_vouchers(
    status: String,
    agreement: String,
    offering: String,
    after: String,
) -> Result<VoucherPage, AppError> {
    use crate::domain::{access::Action, voucher::VoucherFilter};
    use crate::server::{auth, request_reads::RequestReads, state::AppState, vouchers};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ReadVouchers).await?;
    let filter = VoucherFilter::from_query(&status, &agreement, &offering);
    let key = format!("list_vouchers {:?}", (&status, &agreement, &offering, &after));
    reads
        .once(key, async move {
            let after = Some(after.as_str()).filter(|after| !after.is_empty());
            vouchers::list(&state, &viewer, &filter, after).await
        })
        .await
}

/// The filtered list as CSV text (the page turns it into a download).
#[server(endpoint = "export_vouchers")]
pub async fn export_vouchers(status: String, agreement: String, offering: String) -> Result<String, AppError> {
    use crate::domain::{access::Action, voucher::VoucherFilter};
    use crate::server::{auth, state::AppState, vouchers};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ReadVouchers).await?;
    let filter = VoucherFilter::from_query(&status, &agreement, &offering);
    vouchers::export_csv(&state, &viewer, &filter).await
}

#[server(endpoint = "voucher_detail")]
pub async fn fetch_voucher(id: String) -> Result<VoucherDetail, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, request_reads::RequestReads, state::AppState, vouchers};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::ReadVouchers).await?;
    reads.once(format!("voucher_detail {id}"), async move { vouchers::detail(&state, &viewer, &id).await }).await
}

#[server(endpoint = "cancel_voucher")]
pub async fn cancel_voucher(id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, state::AppState, vouchers};
    let state = AppState::current()?;
    let viewer = auth::require(Action::CancelVouchers).await?;
    vouchers::cancel(&state, &viewer, &id).await
}
