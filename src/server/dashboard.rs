//! The dashboard's "what do I do next": deadlines for partners, pools, counts and
//! expiring vouchers for customers, claims waiting for the operator.

use super::auth;
use super::db::{agreements, claims, engagements, vouchers};
use super::state::AppState;
use crate::domain::access::Action;
use crate::domain::dashboard::{
    country_totals, last_months, partner_deadlines, CustomerNext, MonthDays, NextSteps, OperatorNext, PartnerNext,
    CHART_MONTHS, EXPIRING_WITHIN_DAYS,
};
use crate::domain::roles::{OrgKind, Role};
use crate::domain::viewer::Viewer;
use crate::error::AppError;
use chrono::Duration;

/// At most this many expiring vouchers are listed (the voucher list has the rest).
const EXPIRING_LISTED: u32 = 10;
/// At most this many claims of each operator queue are listed, the longest-waiting first
/// (the review has the rest).
const QUEUE_LISTED: u32 = 10;

pub async fn next_steps(state: &AppState, viewer: &Viewer) -> Result<NextSteps, AppError> {
    match viewer.org_kind {
        OrgKind::Customer => customer(state, viewer).await.map(NextSteps::Customer),
        OrgKind::Partner => partner(state, viewer).await.map(NextSteps::Partner),
        OrgKind::Program => operator(state, viewer).await.map(NextSteps::Operator),
    }
}

async fn operator(state: &AppState, viewer: &Viewer) -> Result<OperatorNext, AppError> {
    auth::permit(viewer, Action::ReviewClaims)?;
    let mut connection = state.db.pool.acquire().await?;
    let (waiting, overdue) = (claims::ClaimQueue::Waiting, claims::ClaimQueue::Overdue(state.clock.now().date_naive()));
    Ok(OperatorNext {
        waiting: super::claims::flag_overdue(claims::queue(&mut connection, waiting, QUEUE_LISTED).await?, state),
        waiting_count: claims::queue_length(&mut connection, waiting).await?,
        overdue: super::claims::flag_overdue(claims::queue(&mut connection, overdue, QUEUE_LISTED).await?, state),
        overdue_count: claims::queue_length(&mut connection, overdue).await?,
        by_country: country_totals(claims::totals_by_country(&mut connection).await?),
    })
}

async fn customer(state: &AppState, viewer: &Viewer) -> Result<CustomerNext, AppError> {
    let now = state.clock.now();
    let scope = super::vouchers::scope(viewer);
    let mut connection = state.db.pool.acquire().await?;
    let agreements = if viewer.role == Role::BenefitAdmin {
        agreements::list_for_org(&mut *connection, viewer.org_id).await?
    } else {
        Vec::new()
    };
    let by_status = vouchers::count_by_status(&mut connection, scope).await?;
    let soon = now + Duration::days(EXPIRING_WITHIN_DAYS);
    let expiring = vouchers::expiring(&mut connection, scope, soon, EXPIRING_LISTED).await?;
    let months = last_months(now.date_naive(), CHART_MONTHS);
    let per_month = vouchers::days_assigned_per_month(&mut connection, scope, &months).await?;
    let days_by_month = months.into_iter().zip(per_month).map(|(month, days)| MonthDays { month, days }).collect();
    Ok(CustomerNext { as_of: now, agreements, by_status, expiring, days_by_month })
}

async fn partner(state: &AppState, viewer: &Viewer) -> Result<PartnerNext, AppError> {
    let admin = viewer.may(Action::OverseeConsultants);
    let scope = if admin {
        engagements::Scope::Partner(viewer.org_id)
    } else {
        engagements::Scope::Consultant(viewer.org_id, viewer.user_id)
    };
    let mut connection = state.db.pool.acquire().await?;
    let live = engagements::list(&mut connection, scope).await?;
    // Claims are the business of those who submit them; consultants see what they deliver.
    let claimable = if viewer.may(Action::SubmitClaims) {
        claims::claimable(&mut *connection, viewer.org_id).await?
    } else {
        Vec::new()
    };
    Ok(PartnerNext { as_of: state.clock.now(), deadlines: partner_deadlines(&live, &claimable) })
}
