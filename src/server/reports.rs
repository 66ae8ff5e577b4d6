//! Step 6: the completion report and the customer deliverables of an engagement.
//! Consultants named on the engagement may draft and upload; partner admins submit,
//! which moves the voucher to Delivered. The partner, the customer and the operator may
//! read the report and download its deliverables; nobody else learns it exists.

use super::db::{audit, engagements, reports, users, vouchers};
use super::mail::{self, Mail};
use super::state::AppState;
use crate::domain::access::Action;
use crate::domain::{
    ids::{DeliverableId, EngagementId, UserId},
    partner::parse_date,
    report::{
        check_deliverable, clean_file_name, DeliverableKind, DeliveryWindow, ReportForm, ReportProblem, ReportView,
    },
    reservation::{check_dates, EngagementSummary, ReservationError},
    roles::OrgKind,
    validation::FormErrors,
    viewer::Viewer,
    voucher_status::{VoucherEvent, VoucherStatus},
};
use crate::error::AppError;
use serde_json::json;
use sha2::{Digest, Sha256};

/// What the viewer may do with an engagement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Access {
    /// The customer, the operator, or a partner colleague not named on it.
    Read,
    /// A consultant named on it: draft the report, upload deliverables.
    Draft,
    /// A partner admin: everything, including submitting.
    Submit,
}

async fn engagement(state: &AppState, viewer: &Viewer, id: &str) -> Result<(EngagementSummary, Access), AppError> {
    let not_found = || AppError::NotFound(ReportProblem::NoSuchEngagement.to_string());
    let id = EngagementId::parse(id.trim()).map_err(|_| not_found())?;
    let mut connection = state.db.pool.acquire().await?;
    let engagement = engagements::list(&mut connection, engagements::Scope::One(id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(not_found)?;
    let access = match viewer.org_kind {
        OrgKind::Partner if viewer.org_id == engagement.partner_org_id => {
            if viewer.may(Action::SubmitReports) {
                Access::Submit
            } else if engagement.consultant_ids.contains(&viewer.user_id) {
                Access::Draft
            } else {
                Access::Read
            }
        }
        OrgKind::Customer if viewer.org_id == engagement.customer_org_id => {
            let voucher = vouchers::find(&state.db.pool, super::vouchers::scope(viewer), engagement.voucher_id).await?;
            voucher.ok_or_else(not_found)?;
            Access::Read
        }
        OrgKind::Program => Access::Read,
        _ => return Err(not_found()),
    };
    Ok((engagement, access))
}

fn require(access: Access, needed: Access) -> Result<(), AppError> {
    if access >= needed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn still_open(engagement: &EngagementSummary) -> Result<(), AppError> {
    match engagement.status {
        VoucherStatus::Reserved => Ok(()),
        status => Err(AppError::Conflict(ReportProblem::NoLongerChanges { status }.to_string())),
    }
}

pub async fn view(state: &AppState, viewer: &Viewer, id: &str) -> Result<ReportView, AppError> {
    let (engagement, access) = engagement(state, viewer, id).await?;
    let report = reports::get(&state.db.pool, engagement.id).await?;
    let deliverables = reports::deliverables(&state.db.pool, engagement.id).await?;
    let consultants = if access >= Access::Draft {
        users::list_for_org(&state.db.pool, engagement.partner_org_id)
            .await?
            .into_iter()
            .filter(|member| member.active)
            .map(|member| (member.id, member.name))
            .collect()
    } else {
        Vec::new()
    };
    let (report, submitted_at) = report.map_or((None, None), |(report, at)| (Some(report), at));
    let mut timeline = audit::for_entity(&state.db.pool, "voucher", &engagement.voucher_id.to_string()).await?;
    if viewer.org_kind == OrgKind::Partner {
        // The partner sees what happened and when, not the customer's internal details.
        for entry in &mut timeline {
            entry.before = None;
            entry.after = None;
        }
    }
    Ok(ReportView {
        engagement,
        report,
        submitted_at,
        deliverables,
        consultants,
        can_submit: access == Access::Submit,
        timeline,
    })
}

/// Saves the report as a draft (named consultants and admins).
pub async fn save(state: &AppState, viewer: &Viewer, id: &str, form: ReportForm<'_>) -> Result<(), AppError> {
    let (engagement, access) = engagement(state, viewer, id).await?;
    require(access, Access::Draft)?;
    still_open(&engagement)?;
    let partner_people: Vec<UserId> =
        users::list_for_org(&state.db.pool, engagement.partner_org_id).await?.into_iter().map(|m| m.id).collect();
    let now = state.clock.now();
    let report =
        form.parse(engagement.days, DeliveryWindow::of(&engagement, now.date_naive())).map_err(AppError::Validation)?;
    if report.consultants.iter().any(|id| !partner_people.contains(id)) {
        return Err(AppError::field("consultants", ReservationError::UnknownConsultant.to_string()));
    }
    let mut tx = state.db.pool.begin().await?;
    if !reports::save(&mut *tx, engagement.id, &report, viewer.user_id, now).await? {
        return Err(AppError::Conflict(ReportProblem::SubmittedCannotChange.to_string()));
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "engagement", &engagement.id.to_string(), "report_saved").for_org(engagement.partner_org_id)
            .after(Some(json!({ "days_delivered": report.days_delivered.get(), "delivered_to": report.delivered_to.to_string() }))),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves the engagement's dates while it is reserved (admins); audited, customer told.
pub async fn change_dates(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    starts_on: &str,
    ends_on: &str,
) -> Result<(), AppError> {
    let (engagement, access) = engagement(state, viewer, id).await?;
    require(access, Access::Submit)?;
    still_open(&engagement)?;
    let now = state.clock.now();
    let mut errors = FormErrors::new();
    let starts = errors.check("starts_on", parse_date(starts_on));
    let ends = errors.check("ends_on", parse_date(ends_on));
    if let (Some(starts), Some(ends)) = (starts, ends) {
        // An engagement that began earlier than planned may move back to the day it was
        // reserved, so its report can tell the dates it really ran.
        let reserved_on = engagement.reserved_at.date_naive();
        if starts < reserved_on {
            errors.push("starts_on", ReportProblem::BeforeReservation { reserved_on }.to_string());
        } else if let Err((field, error)) = check_dates(starts, ends, reserved_on, engagement.expires_at) {
            errors.push(field, error.to_string());
        }
    }
    let (Some(starts), Some(ends), true) = (starts, ends, errors.is_empty()) else {
        return Err(errors.into());
    };
    let mut tx = state.db.pool.begin().await?;
    if !engagements::change_dates(&mut *tx, engagement.id, starts, ends).await? {
        return Err(AppError::Conflict(ReportProblem::ChangedMeanwhile.to_string()));
    }
    let pm: Option<(String, String)> =
        sqlx::query_as("SELECT project_manager_email, project_manager_name FROM vouchers WHERE id = $1")
            .bind(engagement.voucher_id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((email, name)) = pm {
        let moved = Mail::DatesChanged {
            name,
            partner: viewer.org_name.clone(),
            code: engagement.code.clone(),
            now: (starts, ends),
            was: (engagement.starts_on, engagement.ends_on),
        };
        mail::send(&mut tx, Some(engagement.customer_org_id), &email, moved, now).await?;
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "voucher", &engagement.voucher_id.to_string(), "dates_changed")
            .for_org(engagement.customer_org_id)
            .before(json!({ "starts_on": engagement.starts_on.to_string(), "ends_on": engagement.ends_on.to_string() }))
            .after(json!({ "starts_on": starts.to_string(), "ends_on": ends.to_string() })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stores an uploaded deliverable after checking its content and size.
pub async fn upload(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<DeliverableId, AppError> {
    let (engagement, access) = engagement(state, viewer, id).await?;
    require(access, Access::Draft)?;
    still_open(&engagement)?;
    let kind = check_deliverable(bytes).map_err(|error| AppError::field("file", error.to_string()))?;
    let name = clean_file_name(file_name, kind);
    let sha256: String = Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect();
    let deliverable = DeliverableId::from_uuid(uuid::Uuid::new_v4());
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    reports::insert_deliverable(
        &mut *tx,
        reports::NewDeliverable {
            id: deliverable,
            engagement_id: engagement.id,
            file_name: &name,
            kind,
            sha256: &sha256,
            content: bytes,
            uploaded_by: viewer.user_id,
        },
        now,
    )
    .await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "engagement", &engagement.id.to_string(), "deliverable_uploaded").for_org(engagement.partner_org_id)
            .after(Some(json!({ "deliverable": deliverable.to_string(), "file_name": name, "kind": kind.as_str(), "size": bytes.len(), "sha256": sha256 }))),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(deliverable)
}

/// Removes a deliverable uploaded by mistake, while the report is not submitted (named
/// consultants and admins); audited with the file's name and digest.
pub async fn remove_deliverable(state: &AppState, viewer: &Viewer, id: &str) -> Result<(), AppError> {
    let not_found = || AppError::NotFound(ReportProblem::NoSuchDeliverable.to_string());
    let id = DeliverableId::parse(id.trim()).map_err(|_| not_found())?;
    let (engagement_id, name) = reports::owner(&state.db.pool, id).await?.ok_or_else(not_found)?;
    let (engagement, access) = engagement(state, viewer, &engagement_id.to_string()).await.map_err(|_| not_found())?;
    require(access, Access::Draft)?;
    still_open(&engagement)?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    // Only while the report is not submitted; the row goes with its bytes.
    if !reports::delete_deliverable(&mut *tx, id).await? {
        return Err(AppError::Conflict(ReportProblem::SubmittedCannotChange.to_string()));
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "engagement", &engagement.id.to_string(), "deliverable_removed")
            .for_org(engagement.partner_org_id)
            .before(Some(json!({ "deliverable": id.to_string(), "file_name": name }))),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Submits the report: it needs a saved report and at least one deliverable, and moves
/// the voucher from Reserved to Delivered (before the voucher expires).
pub async fn submit(state: &AppState, viewer: &Viewer, id: &str) -> Result<(), AppError> {
    let (engagement, access) = engagement(state, viewer, id).await?;
    require(access, Access::Submit)?;
    still_open(&engagement)?;
    let Some((report, _)) = reports::get(&state.db.pool, engagement.id).await? else {
        return Err(AppError::Conflict(ReportProblem::SaveFirst.to_string()));
    };
    let now = state.clock.now();
    // The engagement's dates may have moved since the report was saved.
    DeliveryWindow::of(&engagement, now.date_naive())
        .check(&report)
        .map_err(|problem| AppError::Conflict(problem.to_string()))?;
    if reports::deliverables(&state.db.pool, engagement.id).await?.is_empty() {
        return Err(AppError::Conflict(ReportProblem::UploadFirst.to_string()));
    }
    let next = VoucherStatus::Reserved.apply(VoucherEvent::Deliver).map_err(|_| AppError::Internal)?;
    let mut tx = state.db.pool.begin().await?;
    if !vouchers::transition(&mut *tx, engagement.voucher_id, VoucherStatus::Reserved, next, Some(now)).await? {
        return Err(AppError::Conflict(ReportProblem::CannotDeliver.to_string()));
    }
    if !reports::submit(&mut *tx, engagement.id, viewer.user_id, now).await? {
        return Err(AppError::Conflict(ReportProblem::SubmittedAlready.to_string()));
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "voucher", &engagement.voucher_id.to_string(), "delivered")
            .for_org(engagement.customer_org_id)
            .before(Some(json!({ "status": VoucherStatus::Reserved.as_str() })))
            .after(Some(json!({ "status": next.as_str(), "engagement": engagement.id.to_string() }))),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A deliverable's bytes for download, for the partner, the customer and the operator.
pub async fn download(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
) -> Result<(String, DeliverableKind, Vec<u8>), AppError> {
    let not_found = || AppError::NotFound(ReportProblem::NoSuchDeliverable.to_string());
    let id = DeliverableId::parse(id.trim()).map_err(|_| not_found())?;
    let (engagement_id, name, kind, bytes) = reports::content(&state.db.pool, id).await?.ok_or_else(not_found)?;
    engagement(state, viewer, &engagement_id.to_string()).await.map_err(|_| not_found())?;
    Ok((name, kind, bytes))
}
