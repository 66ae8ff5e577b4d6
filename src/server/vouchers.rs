//! The customer side of step 4, second half: creating vouchers from an agreement's pool,
//! assigning them to a project manager, cancelling them, and the jobs that warn about
//! and carry out their 180-day expiry.

use super::accounts;
use super::auth;
use super::db::{self, agreements, audit, catalogue, engagements, users, vouchers, Db};
use super::mail::{self, Assignment, Mail};
use super::state::AppState;
use crate::domain::access::Action;
use crate::domain::agreement::BenefitRefusal;
use crate::domain::{
    csv,
    days::{EngagementLength, PlanningDays},
    email::EmailAddress,
    ids::{LicensingAgreementId, OfferingId, VoucherId},
    roles::Role,
    text::PersonName,
    validation::FormErrors,
    viewer::Viewer,
    voucher::{
        self, lengths_within, parse_days, Division, OfferingChoice, ProjectManager, VoucherCreated, VoucherDetail,
        VoucherError, VoucherFilter, VoucherPage, VoucherSummary, WizardOptions,
    },
    voucher_code::{VoucherCode, RANDOM_BYTES},
    voucher_status::{VoucherEvent, VoucherStatus},
};
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde_json::json;

/// The wizard's answers, as typed.
#[derive(Debug, Clone, Default)]
pub struct VoucherForm<'a> {
    pub agreement_id: &'a str,
    pub offering_id: &'a str,
    pub days: &'a str,
    pub division: &'a str,
    /// The email of an existing member, or empty to invite `new_name`/`new_email`.
    pub project_manager: &'a str,
    pub new_name: &'a str,
    pub new_email: &'a str,
}

/// Benefit admins see the organisation's vouchers; project managers those assigned to them.
pub(crate) fn scope(viewer: &Viewer) -> vouchers::Scope<'_> {
    match viewer.role {
        Role::BenefitAdmin => vouchers::Scope::Organisation(viewer.org_id),
        _ => vouchers::Scope::AssignedTo(viewer.org_id, &viewer.email),
    }
}

/// Offerings that have at least one engagement type, with the lengths those allow.
async fn offering_choices(state: &AppState) -> Result<Vec<OfferingChoice>, AppError> {
    let mut connection = state.db.pool.acquire().await?;
    Ok(catalogue::list(&mut connection)
        .await?
        .into_iter()
        .filter_map(|entry| {
            let lengths = lengths_within(
                &entry
                    .engagement_types
                    .iter()
                    .flat_map(|kind| kind.allowed_lengths.iter().copied())
                    .collect::<Vec<_>>(),
                EngagementLength::MAX.days(),
            );
            (!lengths.is_empty()).then_some(OfferingChoice { offering: entry.offering, lengths })
        })
        .collect())
}

pub async fn wizard_options(state: &AppState, viewer: &Viewer) -> Result<WizardOptions, AppError> {
    auth::permit(viewer, Action::CreateVouchers)?;
    let today = state.clock.now().date_naive();
    let agreements = agreements::list_for_org(&state.db.pool, viewer.org_id)
        .await?
        .into_iter()
        .filter(|agreement| agreement.can_issue_vouchers(today))
        .collect();
    let project_managers = users::list_for_org(&state.db.pool, viewer.org_id)
        .await?
        .into_iter()
        .filter(|member| member.active)
        .map(|member| ProjectManager { name: member.name, email: member.email })
        .collect();
    Ok(WizardOptions { agreements, offerings: offering_choices(state).await?, project_managers })
}

/// Who the voucher goes to: a member of the organisation, or someone to invite.
enum Recipient {
    Member { name: String, email: String },
    Invitee { name: PersonName, email: EmailAddress },
}

async fn recipient(
    state: &AppState,
    viewer: &Viewer,
    form: &VoucherForm<'_>,
    errors: &mut FormErrors,
) -> Result<Option<Recipient>, AppError> {
    let chosen = form.project_manager.trim();
    if !chosen.is_empty() {
        let Ok(email) = EmailAddress::parse(chosen) else {
            errors.push("project_manager", VoucherError::ChooseSomeone.to_string());
            return Ok(None);
        };
        return Ok(match users::by_email(&state.db.pool, &email).await? {
            Some((org, name, true)) if org == viewer.org_id => {
                Some(Recipient::Member { name, email: email.to_string() })
            }
            _ => {
                errors.push("project_manager", VoucherError::NotMember.to_string());
                None
            }
        });
    }
    if form.new_name.trim().is_empty() && form.new_email.trim().is_empty() {
        errors.push("project_manager", VoucherError::ProjectManagerMissing.to_string());
        return Ok(None);
    }
    let name = errors.check("new_name", PersonName::parse(form.new_name));
    let email = errors.check("new_email", EmailAddress::parse(form.new_email));
    let (Some(name), Some(email)) = (name, email) else { return Ok(None) };
    Ok(match users::by_email(&state.db.pool, &email).await? {
        None => Some(Recipient::Invitee { name, email }),
        Some((org, name, true)) if org == viewer.org_id => Some(Recipient::Member { name, email: email.to_string() }),
        Some((org, _, false)) if org == viewer.org_id => {
            errors.push("new_email", VoucherError::AccountDisabled.to_string());
            None
        }
        Some(_) => {
            errors.push("new_email", VoucherError::OtherOrganisation.to_string());
            None
        }
    })
}

fn new_code() -> VoucherCode {
    VoucherCode::generate(|| {
        let mut bytes = [0u8; RANDOM_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        bytes
    })
}

/// Creates a voucher from the wizard's answers: checks every rule, draws the days from
/// the pool, assigns it and emails the project manager (inviting them when new).
pub async fn create(state: &AppState, viewer: &Viewer, form: VoucherForm<'_>) -> Result<VoucherCreated, AppError> {
    auth::permit(viewer, Action::CreateVouchers)?;
    let now = state.clock.now();
    let today = now.date_naive();
    let mut errors = FormErrors::new();

    let agreement = match LicensingAgreementId::parse(form.agreement_id.trim()) {
        Ok(id) => agreements::find_for_org(&state.db.pool, viewer.org_id, id).await?,
        Err(_) => None,
    };
    let agreement = match agreement {
        Some(agreement) if agreement.can_issue_vouchers(today) => Some(agreement),
        Some(agreement) if agreement.activated_at.is_none() => {
            errors.push(
                "agreement_id",
                BenefitRefusal::NotActivated { licensing_id: agreement.licensing_id }.to_string(),
            );
            None
        }
        Some(agreement) if !agreement.is_active(today) => {
            let ended = BenefitRefusal::Ended { licensing_id: agreement.licensing_id, on: agreement.ends_on };
            errors.push("agreement_id", ended.to_string());
            None
        }
        Some(agreement) => {
            errors
                .push("agreement_id", BenefitRefusal::NoDaysLeft { licensing_id: agreement.licensing_id }.to_string());
            None
        }
        None => {
            errors.push("agreement_id", VoucherError::UnknownAgreement.to_string());
            None
        }
    };
    let offering = match OfferingId::parse(form.offering_id.trim()) {
        Ok(id) => offering_choices(state).await?.into_iter().find(|choice| choice.offering.id == id),
        Err(_) => None,
    };
    if offering.is_none() {
        errors.push("offering_id", VoucherError::UnknownOffering.to_string());
    }
    let length = match (&agreement, &offering) {
        (Some(agreement), Some(offering)) => {
            errors.check("days", parse_days(form.days, &offering.lengths, agreement.pool.left))
        }
        _ => None,
    };
    let division = errors.check("division", Division::parse(form.division));
    let recipient = recipient(state, viewer, &form, &mut errors).await?;
    let (Some(agreement), Some(offering), Some(length), Some(division), Some(recipient)) =
        (agreement, offering, length, division, recipient)
    else {
        return Err(errors.into());
    };

    let days = length.days();
    let id = VoucherId::from_uuid(uuid::Uuid::new_v4());
    let code = new_code();
    let expires_at = voucher::expires_at(now);
    let (pm_name, pm_email) = match &recipient {
        Recipient::Member { name, email } => (name.clone(), email.clone()),
        Recipient::Invitee { name, email } => (name.as_str().to_owned(), email.to_string()),
    };

    let mut tx = state.db.pool.begin().await?;
    // The pool's compare-and-set comes first: concurrent wizards cannot overdraw it.
    if !agreements::draw_days(&mut *tx, agreement.id, days).await? {
        drop(tx);
        let left = agreements::find_for_org(&state.db.pool, viewer.org_id, agreement.id)
            .await?
            .map(|agreement| agreement.pool.left)
            .unwrap_or_default();
        return Err(AppError::field("days", VoucherError::BeyondPool { left }.to_string()));
    }
    let inserted = vouchers::insert(
        &mut *tx,
        vouchers::NewVoucher {
            id,
            code: &code,
            customer_org_id: viewer.org_id,
            agreement_id: agreement.id,
            offering_id: offering.offering.id,
            days,
            division: division.as_str(),
            division_key: &division.key(),
            project_manager_email: &pm_email,
            project_manager_name: &pm_name,
            assigned_at: now,
            expires_at,
            created_by: viewer.user_id,
        },
    )
    .await;
    match inserted {
        Err(error) if db::is_unique_violation(&error) && length == EngagementLength::Fifteen => {
            return Err(AppError::field(
                "division",
                VoucherError::SecondFifteenDayVoucher { division: division.as_str().to_owned() }.to_string(),
            ));
        }
        other => other?,
    }
    let invited = match &recipient {
        Recipient::Invitee { name, email } => {
            accounts::invite_in(&mut tx, &state.config.public_url, viewer, name, email, Role::ProjectManager, now)
                .await?;
            true
        }
        Recipient::Member { .. } => false,
    };
    let portal = &state.config.public_url;
    let assignment = Assignment {
        name: pm_name.clone(),
        admin: viewer.name.clone(),
        admin_email: viewer.email.clone(),
        org: viewer.org_name.clone(),
        code: code.to_string(),
        offering: offering.offering.name.clone(),
        days,
        division: division.as_str().to_owned(),
        expires_at,
        voucher_page: format!("{portal}/vouchers/{id}"),
        portal: portal.clone(),
        invited,
    };
    mail::send(&mut tx, Some(viewer.org_id), &pm_email, Mail::VoucherAssigned(assignment), now).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "voucher", &id.to_string(), "assigned").after(json!({
            "status": VoucherStatus::Assigned.as_str(),
            "agreement": agreement.licensing_id,
            "offering": offering.offering.code,
            "days": days.get(),
            "division": division.as_str(),
            "project_manager": pm_email,
            "expires_at": expires_at.to_rfc3339(),
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(VoucherCreated { id, code: code.to_string(), project_manager_email: pm_email, invited })
}

pub async fn list(
    state: &AppState,
    viewer: &Viewer,
    filter: &VoucherFilter,
    after: Option<&str>,
) -> Result<VoucherPage, AppError> {
    auth::permit(viewer, Action::ReadVouchers)?;
    let cursor = after.and_then(db::Keyset::decode);
    let mut connection = state.db.pool.acquire().await?;
    let (vouchers, next) =
        vouchers::page(&mut connection, scope(viewer), filter, cursor.as_ref(), voucher::PAGE_SIZE).await?;
    let (agreements, offerings) = vouchers::facets(&mut connection, scope(viewer)).await?;
    Ok(VoucherPage { vouchers, next: next.map(|cursor| cursor.encode()), agreements, offerings })
}

pub async fn detail(state: &AppState, viewer: &Viewer, id: &str) -> Result<VoucherDetail, AppError> {
    auth::permit(viewer, Action::ReadVouchers)?;
    let id = VoucherId::parse(id.trim()).map_err(|_| AppError::NotFound(VoucherError::NoSuchVoucher.to_string()))?;
    let voucher = vouchers::find(&state.db.pool, scope(viewer), id)
        .await?
        .ok_or_else(|| AppError::NotFound(VoucherError::NoSuchVoucher.to_string()))?;
    let timeline = audit::for_entity(&state.db.pool, "voucher", &id.to_string()).await?;
    let can_cancel = viewer.role == Role::BenefitAdmin && voucher.status.apply(VoucherEvent::Cancel).is_ok();
    let mut connection = state.db.pool.acquire().await?;
    let engagement = engagements::list(&mut connection, engagements::Scope::CustomerVoucher(viewer.org_id, id))
        .await?
        .into_iter()
        .next();
    Ok(VoucherDetail { voucher, timeline, engagement, can_cancel })
}

/// Cancels an Assigned voucher; its days go back to the pool if the agreement still runs.
pub async fn cancel(state: &AppState, viewer: &Viewer, id: &str) -> Result<(), AppError> {
    auth::permit(viewer, Action::CancelVouchers)?;
    let id = VoucherId::parse(id.trim()).map_err(|_| AppError::NotFound(VoucherError::NoSuchVoucher.to_string()))?;
    let voucher = vouchers::find(&state.db.pool, scope(viewer), id)
        .await?
        .ok_or_else(|| AppError::NotFound(VoucherError::NoSuchVoucher.to_string()))?;
    let refused = || AppError::Conflict(VoucherError::OnlyAssignedCancel { status: voucher.status }.to_string());
    let next = voucher.status.apply(VoucherEvent::Cancel).map_err(|_| refused())?;
    let now = state.clock.now();
    let agreement = agreements::find_for_org(&state.db.pool, viewer.org_id, voucher.agreement_id).await?;
    let returned = match agreement {
        Some(agreement) if agreement.is_active(now.date_naive()) => voucher.days,
        _ => Default::default(),
    };
    let mut tx = state.db.pool.begin().await?;
    if !vouchers::close(&mut *tx, id, VoucherStatus::Assigned, next, returned, now).await? {
        return Err(AppError::Conflict(VoucherError::ChangedMeanwhile.to_string()));
    }
    agreements::return_days(&mut *tx, voucher.agreement_id, returned).await?;
    let cancelled = Mail::VoucherCancelled {
        name: voucher.project_manager_name.clone(),
        by: viewer.name.clone(),
        code: voucher.code.to_string(),
        days: voucher.days,
        offering: voucher.offering_name.clone(),
    };
    mail::send(&mut tx, Some(viewer.org_id), &voucher.project_manager_email, cancelled, now).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "voucher", &id.to_string(), "cancelled")
            .before(json!({ "status": voucher.status.as_str() }))
            .after(json!({ "status": next.as_str(), "days_returned": returned.get() })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every voucher the filter selects, as CSV (all pages).
pub async fn export_csv(state: &AppState, viewer: &Viewer, filter: &VoucherFilter) -> Result<String, AppError> {
    auth::permit(viewer, Action::ReadVouchers)?;
    let mut csv = String::from("code,status,agreement,offering,days,division,project_manager,project_manager_email,assigned_at,expires_at,days_returned\n");
    let mut connection = state.db.pool.acquire().await?;
    let mut cursor = None;
    loop {
        let (page, next) = vouchers::page(&mut connection, scope(viewer), filter, cursor.as_ref(), 500).await?;
        for voucher in &page {
            csv.push_str(&csv_row(voucher));
        }
        match next {
            Some(next) => cursor = Some(next),
            None => return Ok(csv),
        }
    }
}

fn csv_row(voucher: &VoucherSummary) -> String {
    csv::line(&[
        voucher.code.clone(),
        voucher.status.as_str().to_owned(),
        voucher.licensing_id.clone(),
        voucher.offering_code.clone(),
        voucher.days.get().to_string(),
        voucher.division.clone(),
        voucher.project_manager_name.clone(),
        voucher.project_manager_email.clone(),
        voucher.assigned_at.to_rfc3339(),
        voucher.expires_at.to_rfc3339(),
        voucher.returned_days.get().to_string(),
    ])
}

/// What one run of the expiry job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryRun {
    pub expired: usize,
    pub days_returned: u32,
    pub warned: usize,
}

const JOB_BATCH: u32 = 200;

/// Expires every open voucher past its 180 days and warns project managers 30 days
/// ahead. Each voucher is moved by compare-and-set, so several replicas running this at
/// once expire (and return days) exactly once, and warn once.
pub async fn run_expiry(db: &Db, now: DateTime<Utc>) -> Result<ExpiryRun, sqlx::Error> {
    let mut run = ExpiryRun::default();
    loop {
        let batch = expire_batch(db, now).await?;
        run.expired += batch.expired;
        run.days_returned += batch.days_returned;
        // Another replica took this whole batch: the next query sees what is still due.
        if batch.due < JOB_BATCH as usize || batch.expired == 0 {
            break;
        }
    }
    let warn_until = now + Duration::days(voucher::EXPIRY_WARNING_DAYS);
    loop {
        let due = vouchers::due_for_warning(&db.pool, now, warn_until, JOB_BATCH).await?;
        let warned = warn_batch(db, &due, now).await?;
        run.warned += warned;
        if due.len() < JOB_BATCH as usize || warned == 0 {
            break;
        }
    }
    Ok(run)
}

/// Warns the project managers of `due` whose warning no other run sent, in one transaction.
async fn warn_batch(db: &Db, due: &[vouchers::Due], now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    if due.is_empty() {
        return Ok(0);
    }
    let mut tx = db.pool.begin().await?;
    let ids: Vec<VoucherId> = due.iter().map(|voucher| voucher.id).collect();
    let marked = vouchers::mark_warned_all(&mut tx, &ids, now).await?;
    let messages: Vec<mail::Outgoing> = due
        .iter()
        .filter(|voucher| marked.contains(&voucher.id))
        .map(|voucher| mail::Outgoing {
            org_id: Some(voucher.customer_org_id),
            to: voucher.project_manager_email.clone(),
            mail: Mail::VoucherExpiring {
                name: voucher.project_manager_name.clone(),
                code: VoucherCode::display_stored(&voucher.code),
                days: voucher.days,
                offering: voucher.offering_name.clone(),
                expires_at: voucher.expires_at,
            },
        })
        .collect();
    mail::send_all(&mut tx, messages, now).await?;
    tx.commit().await?;
    Ok(marked.len())
}

/// What one batch of the expiry job found and did.
#[derive(Default)]
struct ExpiryBatch {
    due: usize,
    expired: usize,
    days_returned: u32,
}

/// How one due voucher expires: the status it moves to, and whether its days go back to
/// its agreement's pool (only while the agreement runs).
struct Expiry<'a> {
    voucher: &'a vouchers::Due,
    next: VoucherStatus,
    agreement_runs: bool,
}

impl<'a> Expiry<'a> {
    /// `None` for a voucher the expiry event does not apply to.
    fn of(voucher: &'a vouchers::Due, now: DateTime<Utc>) -> Result<Option<Self>, sqlx::Error> {
        let Ok(next) = voucher.status.apply(VoucherEvent::Expire) else { return Ok(None) };
        let agreement_runs = db::parse_stored_date("licensing_agreements.ends_on", &voucher.agreement_ends_on)
            .map(|ends_on| now.date_naive() <= ends_on)?;
        Ok(Some(Expiry { voucher, next, agreement_runs }))
    }

    fn returned(&self) -> PlanningDays {
        if self.agreement_runs {
            self.voucher.days
        } else {
            PlanningDays::default()
        }
    }
}

/// Expires up to a batch of due vouchers in one transaction, a few statements for the lot
/// (one per voucher made PostgreSQL expire 285 vouchers/s and SQLite 650: bench/RESULTS.md).
/// SQLite reads the batch before the transaction, whose first statement then writes (a
/// transaction that reads first cannot wait for another writer: it fails); PostgreSQL
/// reads it inside, locking the rows it takes.
async fn expire_batch(db: &Db, now: DateTime<Utc>) -> Result<ExpiryBatch, sqlx::Error> {
    let (mut tx, due) = match db.backend {
        db::Backend::Sqlite => {
            let due = vouchers::due_for_expiry(&db.pool, db.backend, now, JOB_BATCH).await?;
            (db.pool.begin().await?, due)
        }
        db::Backend::Postgres => {
            let mut tx = db.pool.begin().await?;
            let due = vouchers::due_for_expiry(&mut *tx, db.backend, now, JOB_BATCH).await?;
            (tx, due)
        }
    };
    let mut expiries = Vec::with_capacity(due.len());
    for voucher in &due {
        expiries.extend(Expiry::of(voucher, now)?);
    }
    // One compare-and-set per move (from one status to the next) closes the vouchers still
    // where they were read.
    let mut moves: Vec<(VoucherStatus, VoucherStatus)> =
        expiries.iter().map(|expiry| (expiry.voucher.status, expiry.next)).collect();
    moves.sort_by_key(|(from, to)| (from.as_str(), to.as_str()));
    moves.dedup();
    let mut closed = std::collections::HashSet::new();
    for (from, to) in moves {
        let vouchers: Vec<(VoucherId, PlanningDays)> = expiries
            .iter()
            .filter(|expiry| expiry.voucher.status == from && expiry.next == to)
            .map(|expiry| (expiry.voucher.id, expiry.returned()))
            .collect();
        closed.extend(vouchers::close_all(&mut tx, &vouchers, from, to, now).await?);
    }
    expiries.retain(|expiry| closed.contains(&expiry.voucher.id));

    let mut returns: std::collections::HashMap<LicensingAgreementId, u32> = Default::default();
    for expiry in expiries.iter().filter(|expiry| expiry.agreement_runs) {
        *returns.entry(expiry.voucher.agreement_id).or_default() += expiry.voucher.days.get();
    }
    let returns: Vec<_> = returns.into_iter().map(|(agreement, days)| (agreement, PlanningDays::new(days))).collect();
    agreements::return_days_all(&mut tx, &returns).await?;

    let messages = expiries
        .iter()
        .map(|Expiry { voucher, agreement_runs, .. }| mail::Outgoing {
            org_id: Some(voucher.customer_org_id),
            to: voucher.project_manager_email.clone(),
            mail: Mail::VoucherExpired {
                name: voucher.project_manager_name.clone(),
                code: VoucherCode::display_stored(&voucher.code),
                days: voucher.days,
                offering: voucher.offering_name.clone(),
                days_returned: *agreement_runs,
            },
        })
        .collect();
    mail::send_all(&mut tx, messages, now).await?;
    let ids: Vec<String> = expiries.iter().map(|expiry| expiry.voucher.id.to_string()).collect();
    let changes: Vec<audit::Change> = expiries
        .iter()
        .zip(&ids)
        .map(|(expiry, id)| audit::Change {
            actor: audit::Actor::SYSTEM,
            org_id: Some(expiry.voucher.customer_org_id),
            entity: "voucher",
            entity_id: id,
            action: "expired",
            before: Some(json!({ "status": expiry.voucher.status.as_str() })),
            after: Some(json!({ "status": expiry.next.as_str(), "days_returned": expiry.returned().get() })),
        })
        .collect();
    audit::record_all(&mut tx, &changes, now).await?;
    tx.commit().await?;
    Ok(ExpiryBatch {
        due: due.len(),
        expired: expiries.len(),
        days_returned: expiries.iter().map(|expiry| expiry.returned().get()).sum(),
    })
}
