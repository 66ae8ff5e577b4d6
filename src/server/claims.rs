//! Step 8: the partner registers for payment, keeps a bank account per location and
//! claims payment for redeemed vouchers; the operator approves (payment due 30 days
//! later), returns for changes, rejects (the vouchers become claimable again) and marks
//! claims paid. Every voucher moves by compare-and-set and is in at most one live claim.

use super::auth;
use super::db::claims::ClaimScope;
use super::db::{self, audit, catalogue, claims, partners, users};
use super::mail::{self, ClaimNote, Mail};
use super::secrets::SecretKind;
use super::state::AppState;
use crate::domain::access::Action;
use crate::domain::{
    claim::{
        claim_deadline, claim_reference, dropped_lines, parse_account_number, parse_bank_code, parse_tax_id,
        payment_due, ClaimAction, ClaimError, ClaimLine, ClaimPage, ClaimStatus, ClaimsOverview, CLAIMS_PER_PAGE,
    },
    ids::{BankAccountId, ClaimId, LocationRecordId, VoucherId},
    money::Money,
    roles::Role,
    search::SearchTerm,
    text::{paragraphs, single_line, LegalName},
    validation::FormErrors,
    viewer::Viewer,
    voucher_status::VoucherStatus,
};
use crate::error::AppError;
use chrono::Datelike;
use rand::RngCore;
use serde_json::json;

/// The partner's claims page: registration, bank accounts, what can be claimed, and a page
/// of its claims (from `after`, a cursor of the previous page; the first page without).
pub async fn overview(state: &AppState, viewer: &Viewer, after: &str) -> Result<ClaimsOverview, AppError> {
    auth::permit(viewer, Action::ReadClaims)?;
    let mut connection = state.db.pool.acquire().await?;
    let scope = ClaimScope::Org(viewer.org_id);
    Ok(ClaimsOverview {
        registration: claims::registration(&mut *connection, viewer.org_id).await?,
        bank_accounts: claims::bank_accounts(&mut *connection, &state.keys, viewer.org_id)
            .await?
            .into_iter()
            .map(|(_, account)| account)
            .collect(),
        claimable: claims::claimable(&mut *connection, viewer.org_id).await?,
        claims: page(&mut connection, scope, after, state).await?,
    })
}

/// Registers (or updates) the organisation for the payment tool (global admins).
pub async fn register(
    state: &AppState,
    viewer: &Viewer,
    legal_name: &str,
    tax_id: &str,
    remit_address: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::RegisterForPayment)?;
    let mut errors = FormErrors::new();
    let legal_name = errors.check("legal_name", LegalName::parse(legal_name));
    let tax_id = errors.check(
        "tax_id",
        single_line(tax_id, 40)
            .map_err(|error| error.to_string())
            .and_then(|tax_id| parse_tax_id(&tax_id).map_err(|error| error.to_string())),
    );
    let remit_address = errors.check("remit_address", paragraphs(remit_address, 10, 500));
    let (Some(legal_name), Some(tax_id), Some(remit_address)) = (legal_name, tax_id, remit_address) else {
        return Err(errors.into());
    };
    if !claims::has_redeemed(&state.db.pool, viewer.org_id).await? {
        return Err(AppError::Conflict(ClaimError::NothingRedeemed.to_string()));
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    claims::save_registration(
        &mut *tx,
        viewer.org_id,
        legal_name.as_str(),
        &tax_id,
        &remit_address,
        viewer.user_id,
        now,
    )
    .await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "payment_registration", &viewer.org_id.to_string(), "saved")
            .after(json!({ "legal_name": legal_name, "tax_id": tax_id })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the bank account of one of the partner's locations (global admins).
pub async fn set_bank_account(
    state: &AppState,
    viewer: &Viewer,
    location_id: &str,
    holder: &str,
    number: &str,
    bank_code: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::SetBankAccounts)?;
    let locations = partners::locations(&state.db.pool, viewer.org_id).await?;
    let mut errors = FormErrors::new();
    let location = LocationRecordId::parse(location_id.trim())
        .ok()
        .and_then(|id| locations.iter().find(|location| location.id == id));
    if location.is_none() {
        errors.push("location_id", ClaimError::UnknownLocation.to_string());
    }
    let holder = errors.check("account_holder", single_line(holder, 200));
    let number = errors.check("account_number", parse_account_number(number));
    let bank_code = errors.check("bank_code", parse_bank_code(bank_code));
    let (Some(location), Some(holder), Some(number), Some(bank_code)) = (location, holder, number, bank_code) else {
        return Err(errors.into());
    };
    let now = state.clock.now();
    let id = BankAccountId::from_uuid(uuid::Uuid::new_v4());
    let mut tx = state.db.pool.begin().await?;
    claims::replace_bank_account(
        &mut tx,
        id,
        viewer.org_id,
        location.id,
        (&holder, &state.keys.seal(SecretKind::BankAccountNumber, &number), &bank_code),
        viewer.user_id,
        now,
    )
    .await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "bank_account", &id.to_string(), "set").after(json!({
            "location": location.location_id,
            "account": crate::domain::claim::mask_account(&number),
            "bank_code": bank_code,
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Claims payment for redeemed vouchers of one location. Returns the claim reference.
pub async fn submit(
    state: &AppState,
    viewer: &Viewer,
    location_id: &str,
    voucher_ids: &str,
) -> Result<String, AppError> {
    auth::permit(viewer, Action::SubmitClaims)?;
    if claims::registration(&state.db.pool, viewer.org_id).await?.is_none() {
        return Err(AppError::Conflict(ClaimError::NotRegistered.to_string()));
    }
    let location_id = LocationRecordId::parse(location_id.trim())
        .map_err(|_| AppError::field("location_id", ClaimError::UnknownLocation.to_string()))?;
    let location = partners::locations(&state.db.pool, viewer.org_id)
        .await?
        .into_iter()
        .find(|location| location.id == location_id)
        .ok_or_else(|| AppError::field("location_id", ClaimError::UnknownLocation.to_string()))?;
    let (bank_account, _) = claims::bank_accounts(&state.db.pool, &state.keys, viewer.org_id)
        .await?
        .into_iter()
        .find(|(_, account)| account.location_id == location_id)
        .ok_or_else(|| AppError::Conflict(ClaimError::NoBankAccount.to_string()))?;
    let rate = catalogue::day_rates(&state.db.pool)
        .await?
        .into_iter()
        .find(|rate| rate.country == location.country)
        .ok_or_else(|| {
            AppError::Conflict(ClaimError::NoDayRate { country: location.country.as_str().to_owned() }.to_string())
        })?
        .rate;

    let wanted = voucher_id_list(voucher_ids)
        .ok_or_else(|| AppError::field("voucher_ids", ClaimError::NoVoucher.to_string()))?;
    if wanted.is_empty() {
        return Err(AppError::field("voucher_ids", ClaimError::NoVoucher.to_string()));
    }
    let claimable = claims::claimable(&state.db.pool, viewer.org_id).await?;
    let now = state.clock.now();
    let mut lines = Vec::new();
    for id in &wanted {
        let Some(voucher) = claimable.iter().find(|voucher| voucher.voucher_id == *id) else {
            // Only the partner's own vouchers are named: others' must not be revealed.
            let known = claims::partner_voucher(&state.db.pool, viewer.org_id, *id).await?;
            let status = known.as_ref().and_then(|(_, status)| status.parse::<VoucherStatus>().ok());
            return Err(AppError::Conflict(match (known, status) {
                (Some((code, _)), Some(status)) => ClaimError::NotClaimable { code, status }.to_string(),
                _ => ClaimError::NoVoucher.to_string(),
            }));
        };
        if voucher.location_id != location_id {
            return Err(AppError::Conflict(ClaimError::OtherLocation { code: voucher.code.clone() }.to_string()));
        }
        if now > claim_deadline(voucher.redeemed_at) {
            return Err(AppError::Conflict(
                ClaimError::WindowClosed {
                    code: voucher.code.clone(),
                    redeemed_on: voucher.redeemed_at.date_naive(),
                    deadline: claim_deadline(voucher.redeemed_at).date_naive(),
                }
                .to_string(),
            ));
        }
        if !lines.iter().any(|(known, _): &(&crate::domain::claim::ClaimableVoucher, Money)| known.voucher_id == *id) {
            let amount = rate.times(voucher.days.get()).map_err(|_| AppError::Internal)?;
            lines.push((voucher, amount));
        }
    }
    let total = lines
        .iter()
        .try_fold(0i64, |sum, (_, amount)| sum.checked_add(amount.minor_units))
        .ok_or(AppError::Internal)?;
    let total = Money::new(total, rate.currency).map_err(|_| AppError::Internal)?;

    let id = ClaimId::from_uuid(uuid::Uuid::new_v4());
    let reference = {
        let mut random = [0u8; 5];
        rand::rngs::OsRng.fill_bytes(&mut random);
        claim_reference(now.year(), random)
    };
    let mut tx = state.db.pool.begin().await?;
    for (voucher, _) in &lines {
        // Compare-and-set: a voucher claimed by a concurrent request is not claimed twice.
        if !db::vouchers::transition(
            &mut *tx,
            voucher.voucher_id,
            VoucherStatus::Redeemed,
            VoucherStatus::Claimed,
            None,
        )
        .await?
        {
            return Err(AppError::Conflict(ClaimError::InAnotherClaim { code: voucher.code.clone() }.to_string()));
        }
    }
    claims::insert_claim(
        &mut *tx,
        claims::NewClaim {
            id,
            reference: &reference,
            org_id: viewer.org_id,
            location_id,
            bank_account_id: bank_account,
            amount: total,
            submitted_by: viewer.user_id,
        },
        now,
    )
    .await?;
    for (voucher, amount) in &lines {
        claims::insert_claim_voucher(&mut *tx, id, voucher.voucher_id, voucher.days, rate, *amount).await?;
        audit::record(
            &mut *tx,
            audit::Change::by(viewer, "voucher", &voucher.voucher_id.to_string(), "claimed")
                .before(Some(json!({ "status": VoucherStatus::Redeemed.as_str() })))
                .after(Some(json!({ "status": VoucherStatus::Claimed.as_str(), "claim": reference }))),
            now,
        )
        .await?;
    }
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "claim", &id.to_string(), "submitted").after(json!({
            "status": ClaimStatus::Submitted.as_str(),
            "reference": reference,
            "amount": total.to_string(),
            "vouchers": lines.len(),
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(reference)
}

/// A comma-separated list of voucher ids, as the claim forms post it (`None` if any is not an id).
fn voucher_id_list(text: &str) -> Option<Vec<VoucherId>> {
    text.split(',').map(str::trim).filter(|id| !id.is_empty()).map(|id| VoucherId::parse(id).ok()).collect()
}

/// What a claim decision does: from which statuses, to which, and its email.
struct Decision {
    from: &'static [ClaimStatus],
    to: ClaimStatus,
    action: ClaimAction,
}

/// The partner withdraws a claim the operator has not decided; its vouchers are claimable again.
pub async fn withdraw(state: &AppState, viewer: &Viewer, claim_id: &str) -> Result<(), AppError> {
    auth::permit(viewer, Action::SubmitClaims)?;
    let claim = find(state, Some(viewer), claim_id).await?;
    decide(
        state,
        viewer,
        &claim,
        Decision {
            from: &[ClaimStatus::Submitted, ClaimStatus::Returned],
            to: ClaimStatus::Withdrawn,
            action: ClaimAction::Withdraw,
        },
        None,
        &[],
    )
    .await
}

/// The operator's decisions on a claim.
pub async fn approve(state: &AppState, viewer: &Viewer, claim_id: &str) -> Result<(), AppError> {
    auth::permit(viewer, Action::DecideClaims)?;
    let claim = find(state, None, claim_id).await?;
    decide(
        state,
        viewer,
        &claim,
        Decision { from: &[ClaimStatus::Submitted], to: ClaimStatus::Approved, action: ClaimAction::Approve },
        None,
        &[],
    )
    .await
}

pub async fn return_for_changes(
    state: &AppState,
    viewer: &Viewer,
    claim_id: &str,
    comment: &str,
) -> Result<(), AppError> {
    let returned = Decision { from: &[ClaimStatus::Submitted], to: ClaimStatus::Returned, action: ClaimAction::Return };
    decide_with_note(state, viewer, claim_id, ("comment", comment), returned).await
}

pub async fn reject(state: &AppState, viewer: &Viewer, claim_id: &str, reason: &str) -> Result<(), AppError> {
    let rejected = Decision {
        from: &[ClaimStatus::Submitted, ClaimStatus::Returned],
        to: ClaimStatus::Rejected,
        action: ClaimAction::Reject,
    };
    decide_with_note(state, viewer, claim_id, ("reason", reason), rejected).await
}

/// An operator decision that must say why: the note (form field, text) goes to the partner.
async fn decide_with_note(
    state: &AppState,
    viewer: &Viewer,
    claim_id: &str,
    (field, note): (&str, &str),
    decision: Decision,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::DecideClaims)?;
    let note = paragraphs(note, 5, 1000).map_err(|error| AppError::field(field, error.to_string()))?;
    let claim = find(state, None, claim_id).await?;
    decide(state, viewer, &claim, decision, Some(&note), &[]).await
}

/// The partner resubmits a claim returned for changes, keeping the vouchers in
/// `kept_voucher_ids` (comma-separated; those dropped can be claimed again) and answering
/// the operator's comment with an optional reply.
pub async fn resubmit(
    state: &AppState,
    viewer: &Viewer,
    claim_id: &str,
    kept_voucher_ids: &str,
    reply: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::SubmitClaims)?;
    let reply = match reply.trim() {
        "" => None,
        reply => Some(paragraphs(reply, 2, 1000).map_err(|error| AppError::field("reply", error.to_string()))?),
    };
    let kept = voucher_id_list(kept_voucher_ids)
        .ok_or_else(|| AppError::field("voucher_ids", ClaimError::NotInClaim.to_string()))?;
    let claim = find(state, Some(viewer), claim_id).await?;
    let resubmitted =
        Decision { from: &[ClaimStatus::Returned], to: ClaimStatus::Submitted, action: ClaimAction::Resubmit };
    let dropped = if claim.status == ClaimStatus::Returned {
        dropped_lines(&claim.vouchers, &kept).map_err(|error| AppError::field("voucher_ids", error.to_string()))?
    } else {
        Vec::new() // `decide` refuses it with the claim's status.
    };
    decide(state, viewer, &claim, resubmitted, reply.as_deref(), &dropped).await
}

pub async fn mark_paid(
    state: &AppState,
    viewer: &Viewer,
    claim_id: &str,
    payment_reference: &str,
) -> Result<(), AppError> {
    auth::permit(viewer, Action::MarkClaimsPaid)?;
    let payment_reference =
        single_line(payment_reference, 60).map_err(|error| AppError::field("payment_reference", error.to_string()))?;
    let claim = find(state, None, claim_id).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    let Some(moved) = claims::pay(&mut tx, claim.id, &payment_reference, now).await? else {
        return Err(AppError::Conflict(
            ClaimError::NotPayable { reference: claim.reference.clone(), status: claim.status }.to_string(),
        ));
    };
    if moved != claim.vouchers.len() as u64 {
        tracing::error!(claim = %claim.reference, "paid claim's vouchers were not all claimed");
        return Err(AppError::Internal);
    }
    let vouchers = claims::voucher_ids(&mut *tx, claim.id).await?;
    audit_vouchers(&mut tx, viewer, &claim, &vouchers, "paid", VoucherStatus::Claimed, VoucherStatus::Paid, now)
        .await?;
    notify_and_audit(
        &mut tx,
        viewer,
        &claim,
        (ClaimAction::Pay, ClaimStatus::Paid),
        Some(ClaimNote::PaymentReference(payment_reference.to_string())),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A claim by id; a partner (`Some`) finds only its own, as if others did not exist.
async fn find(state: &AppState, partner: Option<&Viewer>, claim_id: &str) -> Result<ClaimWithOrg, AppError> {
    let not_found = || AppError::NotFound(ClaimError::NoSuchClaim.to_string());
    let id = ClaimId::parse(claim_id.trim()).map_err(|_| not_found())?;
    let org: Option<String> = sqlx::query_scalar("SELECT org_id FROM claims WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&state.db.pool)
        .await?;
    let org: crate::domain::ids::OrgId = db::parse_stored("claims.org_id", &org.ok_or_else(not_found)?)?;
    if partner.is_some_and(|viewer| viewer.org_id != org) {
        return Err(not_found());
    }
    let mut connection = state.db.pool.acquire().await?;
    let summary = claims::one(&mut connection, id).await?.ok_or_else(not_found)?;
    Ok(ClaimWithOrg { org, id, reference: summary.reference, status: summary.status, vouchers: summary.vouchers })
}

struct ClaimWithOrg {
    org: crate::domain::ids::OrgId,
    id: ClaimId,
    reference: String,
    status: ClaimStatus,
    vouchers: Vec<ClaimLine>,
}

/// Moves a claim by compare-and-set on its status, with the note the partner reads (or
/// the partner's reply) and, on resubmission, the lines the partner dropped.
async fn decide(
    state: &AppState,
    viewer: &Viewer,
    claim: &ClaimWithOrg,
    decision: Decision,
    note: Option<&str>,
    dropped: &[VoucherId],
) -> Result<(), AppError> {
    let now = state.clock.now();
    let due_on = (decision.to == ClaimStatus::Approved).then(|| payment_due(now.date_naive()));
    let mut tx = state.db.pool.begin().await?;
    if !claims::set_status(&mut *tx, claim.id, decision.from, decision.to, viewer.user_id, note, due_on, now).await? {
        return Err(AppError::Conflict(
            ClaimError::CannotNow { reference: claim.reference.clone(), status: claim.status, action: decision.action }
                .to_string(),
        ));
    }
    if !decision.to.is_live() {
        let vouchers = claims::voucher_ids(&mut *tx, claim.id).await?;
        claims::release_vouchers(&mut tx, claim.id, now).await?;
        let action = if decision.to == ClaimStatus::Rejected { "claim_rejected" } else { "claim_withdrawn" };
        audit_vouchers(&mut tx, viewer, claim, &vouchers, action, VoucherStatus::Claimed, VoucherStatus::Redeemed, now)
            .await?;
    }
    if !dropped.is_empty() {
        if claims::drop_lines(&mut tx, claim.id, dropped, now).await? != dropped.len() as u64 {
            tracing::error!(claim = %claim.reference, "a dropped line's voucher was not claimed");
            return Err(AppError::Internal);
        }
        let (from, to) = (VoucherStatus::Claimed, VoucherStatus::Redeemed);
        audit_vouchers(&mut tx, viewer, claim, dropped, "removed_from_claim", from, to, now).await?;
    }
    let note = match (note, due_on) {
        (Some(note), _) => Some(ClaimNote::Written(note.to_owned())),
        (None, Some(due)) => Some(ClaimNote::PaymentDue(due)),
        _ => None,
    };
    notify_and_audit(&mut tx, viewer, claim, (decision.action, decision.to), note, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Records on each voucher's timeline what a claim decision did to it.
#[allow(clippy::too_many_arguments)]
async fn audit_vouchers(
    tx: &mut sqlx::AnyConnection,
    viewer: &Viewer,
    claim: &ClaimWithOrg,
    vouchers: &[VoucherId],
    action: &'static str,
    from: VoucherStatus,
    to: VoucherStatus,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    for voucher in vouchers {
        audit::record(
            &mut *tx,
            audit::Change::by(viewer, "voucher", &voucher.to_string(), action)
                .for_org(claim.org)
                .before(Some(json!({ "status": from.as_str() })))
                .after(Some(json!({ "status": to.as_str(), "claim": claim.reference }))),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Audits a claim change and emails the partner's admins (for the operator's decisions).
async fn notify_and_audit(
    tx: &mut sqlx::AnyConnection,
    viewer: &Viewer,
    claim: &ClaimWithOrg,
    (action, to): (ClaimAction, ClaimStatus),
    note: Option<ClaimNote>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "claim", &claim.id.to_string(), action.as_str())
            .for_org(claim.org)
            .before(Some(json!({ "status": claim.status.as_str() })))
            .after(Some(match &note {
                Some(ClaimNote::Written(text)) => json!({ "status": to.as_str(), "note": text }),
                Some(ClaimNote::PaymentDue(due)) => json!({ "status": to.as_str(), "due_on": due }),
                Some(ClaimNote::PaymentReference(reference)) => {
                    json!({ "status": to.as_str(), "payment_reference": reference })
                }
                None => json!({ "status": to.as_str() }),
            })),
        now,
    )
    .await?;
    if viewer.role != Role::Operator {
        return Ok(());
    }
    let admins = users::list_for_org(&mut *tx, claim.org).await?;
    for admin in admins.iter().filter(|member| member.active && Action::SubmitClaims.allows(member.role)) {
        let decision = Mail::ClaimDecision {
            name: admin.name.clone(),
            reference: claim.reference.clone(),
            action,
            note: note.clone(),
        };
        mail::send(&mut *tx, Some(claim.org), &admin.email, decision, now).await?;
    }
    Ok(())
}

/// Every claim of the program, newest first (operator).
pub async fn all(state: &AppState, viewer: &Viewer) -> Result<Vec<crate::domain::claim::ClaimSummary>, AppError> {
    auth::permit(viewer, Action::ReviewClaims)?;
    let mut connection = state.db.pool.acquire().await?;
    Ok(flag_overdue(claims::every(&mut connection, ClaimScope::All).await?, state))
}

/// The operator's queue, narrowed to one status and to the claims a voucher code or a
/// claim reference finds (either may be empty: no narrowing).
pub async fn review(
    state: &AppState,
    viewer: &Viewer,
    status: &str,
    find: &str,
    after: &str,
) -> Result<ClaimPage, AppError> {
    auth::permit(viewer, Action::ReviewClaims)?;
    let status = match status.trim() {
        "" => None,
        status => Some(
            status
                .parse::<ClaimStatus>()
                .map_err(|()| AppError::field("status", ClaimError::UnknownStatus.to_string()))?,
        ),
    };
    let mut connection = state.db.pool.acquire().await?;
    match find.trim() {
        "" => page(&mut connection, status.map_or(ClaimScope::All, ClaimScope::Status), after, state).await,
        find => {
            let term = SearchTerm::parse(find).map_err(|error| AppError::field("find", error.to_string()))?;
            let mut found = Vec::new();
            for id in claims::matching(&mut *connection, None, &term).await? {
                found.extend(claims::one(&mut connection, id).await?);
            }
            found.retain(|claim| status.is_none_or(|status| claim.status == status));
            Ok(ClaimPage { claims: flag_overdue(found, state), next: None })
        }
    }
}

/// A page of claims in scope from `after` (a cursor of the previous page; anything else
/// starts over).
async fn page(
    connection: &mut sqlx::AnyConnection,
    scope: ClaimScope,
    after: &str,
    state: &AppState,
) -> Result<ClaimPage, AppError> {
    let after = db::Keyset::decode(after.trim());
    let (claims, next) = claims::list(connection, scope, after.as_ref(), CLAIMS_PER_PAGE).await?;
    Ok(ClaimPage { claims: flag_overdue(claims, state), next: next.map(|next| next.encode()) })
}

pub(super) fn flag_overdue(
    mut list: Vec<crate::domain::claim::ClaimSummary>,
    state: &AppState,
) -> Vec<crate::domain::claim::ClaimSummary> {
    let today = state.clock.now().date_naive();
    for claim in &mut list {
        claim.overdue = claim.is_overdue(today);
    }
    list
}

/// The claims as CSV: the partner's payment-status report, or every claim for the operator.
pub async fn export_csv(state: &AppState, viewer: &Viewer) -> Result<String, AppError> {
    let list = if viewer.role == Role::Operator {
        all(state, viewer).await?
    } else {
        auth::permit(viewer, Action::ExportClaims)?;
        let mut connection = state.db.pool.acquire().await?;
        flag_overdue(claims::every(&mut connection, ClaimScope::Org(viewer.org_id)).await?, state)
    };
    let mut csv = crate::domain::csv::line(&[
        "reference",
        "partner",
        "location",
        "vouchers",
        "amount",
        "currency",
        "status",
        "submitted_at",
        "due_on",
        "overdue",
        "paid_at",
        "payment_reference",
        "note",
    ]);
    for claim in list {
        let vouchers: Vec<String> = claim.vouchers.iter().map(ToString::to_string).collect();
        let exponent = claim.amount.currency.exponent();
        let factor = 10_i64.pow(exponent);
        let amount = if exponent == 0 {
            claim.amount.minor_units.to_string()
        } else {
            format!(
                "{}.{:0width$}",
                claim.amount.minor_units / factor,
                claim.amount.minor_units % factor,
                width = exponent as usize
            )
        };
        csv.push_str(&crate::domain::csv::line(&[
            claim.reference,
            claim.partner_name,
            claim.location,
            vouchers.join("; "),
            amount,
            claim.amount.currency.code().to_owned(),
            claim.status.as_str().to_owned(),
            claim.submitted_at.to_rfc3339(),
            claim.due_on.map(|due| due.to_string()).unwrap_or_default(),
            if claim.overdue { "yes".into() } else { "no".into() },
            claim.paid_at.map(|at| at.to_rfc3339()).unwrap_or_default(),
            claim.payment_reference.unwrap_or_default(),
            claim.decision_note.unwrap_or_default(),
        ]));
    }
    Ok(csv)
}
