//! Server functions of the completion report page (step 6).

use crate::domain::{ids::DeliverableId, report::ReportView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, MultipartData, MultipartFormData, Streaming};

#[server(endpoint = "get_report")]
pub async fn get_report(engagement_id: String) -> Result<ReportView, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, reports, request_reads::RequestReads, state::AppState};
    let (state, reads) = (AppState::current()?, RequestReads::current());
    let viewer = auth::require(Action::UsePortal).await?;
    let key = format!("get_report {engagement_id}");
    reads.once(key, async move { reports::view(&state, &viewer, &engagement_id).await }).await
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "save_report")]
pub async fn save_report(
    engagement_id: String,
    delivered_from: String,
    delivered_to: String,
    days_delivered: String,
    consultants: String,
    customer_contact_name: String,
    customer_contact_email: String,
    summary: String,
    recommendations: String,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::domain::report::ReportForm;
    use crate::server::{auth, reports, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::DraftReports).await?;
    let form = ReportForm {
        delivered_from: &delivered_from,
        delivered_to: &delivered_to,
        days_delivered: &days_delivered,
        consultants: &consultants,
        customer_contact_name: &customer_contact_name,
        customer_contact_email: &customer_contact_email,
        summary: &summary,
        recommendations: &recommendations,
    };
    reports::save(&state, &viewer, &engagement_id, form).await
}

/// A multipart form with `engagement_id` and one `file`.
#[server(endpoint = "upload_deliverable", input = MultipartFormData)]
pub async fn upload_deliverable(data: MultipartData) -> Result<DeliverableId, AppError> {
    use crate::domain::access::Action;
    use crate::domain::report::MAX_DELIVERABLE_BYTES;
    use crate::server::{auth, reports, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::DraftReports).await?;
    let unreadable = || AppError::field("file", crate::domain::report::ReportProblem::UploadUnreadable.to_string());
    let mut multipart = data.into_inner().ok_or_else(unreadable)?;
    let (mut engagement_id, mut file_name, mut bytes) = (String::new(), String::new(), Vec::new());
    while let Some(mut field) = multipart.next_field().await.map_err(|_| unreadable())? {
        match field.name() {
            Some("engagement_id") => engagement_id = field.text().await.map_err(|_| unreadable())?,
            Some("file") => {
                file_name = field.file_name().unwrap_or_default().to_owned();
                while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
                    // Stop reading past the limit: the size check then refuses the file.
                    if bytes.len() > MAX_DELIVERABLE_BYTES {
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
    }
    reports::upload(&state, &viewer, &engagement_id, &file_name, &bytes).await
}

/// Removes a deliverable uploaded by mistake, before the report is submitted.
#[server(endpoint = "remove_deliverable")]
pub async fn remove_deliverable(deliverable: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, reports, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::DraftReports).await?;
    reports::remove_deliverable(&state, &viewer, &deliverable).await
}

#[server(endpoint = "submit_report")]
pub async fn submit_report(engagement_id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, reports, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::SubmitReports).await?;
    reports::submit(&state, &viewer, &engagement_id).await
}

/// The deliverable's bytes, always as an attachment (never shown inline).
#[server(endpoint = "download_deliverable", input = GetUrl, output = Streaming)]
pub async fn download_deliverable(id: String) -> Result<ByteStream<AppError>, AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, reports, state::AppState};
    use http::header::{HeaderValue, CONTENT_DISPOSITION, X_CONTENT_TYPE_OPTIONS};
    let state = AppState::current()?;
    let response = use_context::<leptos_axum::ResponseOptions>().ok_or(AppError::Internal)?;
    let viewer = auth::require(Action::UsePortal).await?;
    let (name, _kind, bytes) = reports::download(&state, &viewer, &id).await?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    // A link click accepts text/html, which server functions answer with a redirect to
    // the referring page (their no-JavaScript form behaviour): a download must not.
    response.set_status(http::StatusCode::OK);
    response.insert_header(CONTENT_DISPOSITION, disposition);
    response.insert_header(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(ByteStream::new(futures::stream::once(async move { Ok::<_, AppError>(bytes) })))
}

/// Moves a reserved engagement's dates (partner admins); the customer is told.
#[server(endpoint = "change_engagement_dates")]
pub async fn change_engagement_dates(
    engagement_id: String,
    starts_on: String,
    ends_on: String,
) -> Result<(), AppError> {
    use crate::domain::access::Action;
    use crate::server::{auth, reports, state::AppState};
    let state = AppState::current()?;
    let viewer = auth::require(Action::ManageReservations).await?;
    reports::change_dates(&state, &viewer, &engagement_id, &starts_on, &ends_on).await
}
