//! Finding a voucher by its code or a claim by its reference. Each party finds only what
//! its pages already show it: a customer its vouchers (a project manager, those assigned
//! to them), a partner its engagements and its claims, the operator every claim. Anything
//! else is not found, exactly as if it did not exist.

use super::db::{claims, engagements, vouchers};
use super::state::AppState;
use crate::domain::access::Action;
use crate::domain::search::{SearchHit, SearchTerm};
use crate::domain::viewer::Viewer;
use crate::error::AppError;

/// What the viewer may find for `input`, vouchers first, then engagements, then claims.
pub async fn find(state: &AppState, viewer: &Viewer, input: &str) -> Result<Vec<SearchHit>, AppError> {
    let term = SearchTerm::parse(input).map_err(|error| AppError::field("find", error.to_string()))?;
    let mut connection = state.db.pool.acquire().await?;
    let mut hits = Vec::new();
    if let SearchTerm::VoucherCode(code) = &term {
        if viewer.may(Action::ReadVouchers) {
            let voucher = vouchers::find_by_code(&mut *connection, super::vouchers::scope(viewer), code).await?;
            hits.extend(voucher.map(|voucher| SearchHit::Voucher {
                id: voucher.id,
                code: voucher.code,
                offering: voucher.offering_name,
                status: voucher.status,
            }));
        }
        if viewer.may(Action::ReadEngagements) {
            if let Some(voucher) = vouchers::id_by_code(&mut *connection, code).await? {
                let scope = engagements::Scope::PartnerVoucher(viewer.org_id, voucher);
                let found = engagements::list(&mut connection, scope).await?;
                let listed = found.into_iter().filter(|engagement| super::reservations::lists(viewer, engagement));
                hits.extend(listed.map(|engagement| SearchHit::Engagement {
                    id: engagement.id,
                    code: engagement.code,
                    customer: engagement.customer_name,
                    status: engagement.status,
                }));
            }
        }
    }
    // The operator reads every claim in the review; a partner its own on the claims page.
    let claims_of = if viewer.may(Action::ReviewClaims) {
        Some(None)
    } else if viewer.may(Action::ReadClaims) {
        Some(Some(viewer.org_id))
    } else {
        None
    };
    if let Some(org) = claims_of {
        for id in claims::matching(&mut *connection, org, &term).await? {
            let found = claims::one(&mut connection, id).await?;
            hits.extend(found.into_iter().map(|claim| SearchHit::Claim {
                id: claim.id,
                reference: claim.reference,
                partner: claim.partner_name,
                amount: claim.amount,
                status: claim.status,
                review: org.is_none(),
            }));
        }
    }
    Ok(hits)
}
