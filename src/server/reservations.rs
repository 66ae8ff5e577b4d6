//! Step 5 on the partner side: validating a customer's voucher (code + the customer's
//! benefit admin email), reserving it for an engagement, and giving a reservation up.
//! The reservation is a compare-and-set on the voucher's status, so of many partners
//! reserving one voucher at once exactly one wins.

use super::auth;
use super::db::{self, audit, catalogue, engagements, partners, users, vouchers};
use super::mail::{self, Mail, Reservation};
use super::state::AppState;
use super::throttle;
use crate::domain::access::Action;
use crate::domain::{
    email::EmailAddress,
    ids::{EngagementId, EngagementTypeId, LocationRecordId},
    partner::parse_date,
    reservation::{
        check_dates, is_checked, parse_consultant_ids, ConsultantChoice, EngagementChoice, EngagementSummary,
        ReservationError, VoucherCheck,
    },
    validation::FormErrors,
    viewer::Viewer,
    voucher_code::VoucherCode,
    voucher_status::{VoucherEvent, VoucherStatus},
};
use crate::error::AppError;
use serde_json::json;
use std::net::IpAddr;

fn not_matching() -> AppError {
    AppError::NotFound(ReservationError::NoMatch.to_string())
}

/// Finds the voucher for a code and benefit-admin email. A malformed code gets its
/// format explained; any pair that matches nothing gets one answer, never saying which
/// half was wrong, after the same minimum time, and counts against the partner's and the
/// address's limit of such misses.
async fn find(
    state: &AppState,
    viewer: &Viewer,
    (code, admin_email): (&str, &str),
    address: Option<IpAddr>,
) -> Result<(vouchers::ByCode, EmailAddress), AppError> {
    let started = tokio::time::Instant::now();
    let code = VoucherCode::parse(code).map_err(|error| AppError::field("code", error.to_string()))?;
    let account = viewer.user_id.to_string();
    let attempt = throttle::Attempt { account: &account, address };
    let now = state.clock.now();
    let admitted = throttle::admit(&state.db.pool, &throttle::VOUCHER_CHECK, attempt, now).await?;
    let found = match EmailAddress::parse(admin_email) {
        Ok(email) => {
            vouchers::by_code_and_admin(&state.db.pool, &code, email.as_str()).await?.map(|voucher| (voucher, email))
        }
        Err(_) => None,
    };
    match found {
        Some(found) => {
            admitted.succeeded(&state.db.pool).await?;
            Ok(found)
        }
        None => {
            admitted.failed(&state.db.pool).await?;
            tokio::time::sleep_until(started + MISS_FLOOR).await;
            Err(not_matching())
        }
    }
}

/// Every miss is answered after at least this long, so timing tells nothing about
/// which half of a pair was wrong or whether a code exists.
const MISS_FLOOR: std::time::Duration = std::time::Duration::from_millis(150);

/// Shows a partner admin the voucher and what they may reserve it with.
pub async fn check(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    admin_email: &str,
    address: Option<IpAddr>,
) -> Result<VoucherCheck, AppError> {
    auth::permit(viewer, Action::ReserveVouchers)?;
    let (voucher, email) = find(state, viewer, (code, admin_email), address).await?;
    options(state, viewer, voucher, email).await
}

/// The voucher as the partner sees it, with the engagement types, locations and
/// consultants it could be reserved with.
async fn options(
    state: &AppState,
    viewer: &Viewer,
    voucher: vouchers::ByCode,
    admin_email: EmailAddress,
) -> Result<VoucherCheck, AppError> {
    let today = state.clock.now().date_naive();
    let mut connection = state.db.pool.acquire().await?;
    let entry = catalogue::list(&mut connection)
        .await?
        .into_iter()
        .find(|entry| entry.offering.id == voucher.offering_id)
        .ok_or_else(|| AppError::Conflict(ReservationError::OfferingRetired.to_string()))?;
    let enrolled = partners::enrollments(&mut *connection, viewer.org_id)
        .await?
        .iter()
        .any(|enrollment| enrollment.offering_id == voucher.offering_id && enrollment.is_active(today));
    let competencies = partners::competencies(&mut *connection, viewer.org_id).await?;
    let held: Vec<_> = competencies
        .iter()
        .filter(|competency| competency.valid_until >= today)
        .map(|competency| (competency.name.as_str(), competency.level))
        .collect();
    let engagement_types = entry
        .engagement_types
        .into_iter()
        .map(|engagement_type| {
            let refusal = if !enrolled {
                Some(ReservationError::NotEnrolled { offering: entry.offering.code.clone() }.to_string())
            } else if !engagement_type.is_qualified_by(held.iter().copied()) {
                Some(ReservationError::NotQualified { engagement: engagement_type.name.clone() }.to_string())
            } else {
                None
            };
            EngagementChoice { engagement_type, refusal }
        })
        .collect();
    Ok(VoucherCheck {
        voucher_id: voucher.id,
        code: VoucherCode::display_stored(&voucher.code),
        admin_email: admin_email.to_string(),
        customer_name: voucher.customer_name,
        offering: entry.offering,
        days: voucher.days,
        status: voucher.status,
        expires_at: voucher.expires_at,
        engagement_types,
        locations: partners::locations(&mut *connection, viewer.org_id).await?,
        consultants: consultants(&mut connection, viewer).await?,
    })
}

/// Active people of the partner with at least one passed exam, and its competencies.
async fn consultants(connection: &mut sqlx::AnyConnection, viewer: &Viewer) -> Result<Vec<ConsultantChoice>, AppError> {
    let active: Vec<_> = users::list_for_org(&mut *connection, viewer.org_id)
        .await?
        .into_iter()
        .filter(|member| member.active)
        .map(|member| member.id)
        .collect();
    let mut choices: Vec<ConsultantChoice> = Vec::new();
    for exam in partners::exams(&mut *connection, viewer.org_id, None).await? {
        if !active.contains(&exam.consultant_id) {
            continue;
        }
        match choices.iter_mut().find(|choice| choice.id == exam.consultant_id) {
            Some(choice) if !choice.exam_competencies.contains(&exam.competency) => {
                choice.exam_competencies.push(exam.competency)
            }
            Some(_) => {}
            None => choices.push(ConsultantChoice {
                id: exam.consultant_id,
                name: exam.consultant_name,
                exam_competencies: vec![exam.competency],
            }),
        }
    }
    Ok(choices)
}

/// The reservation form as typed.
#[derive(Debug, Clone, Copy)]
pub struct ReservationForm<'a> {
    pub code: &'a str,
    pub admin_email: &'a str,
    pub engagement_type_id: &'a str,
    pub location_id: &'a str,
    pub consultants: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub accept_terms: &'a str,
}

/// Reserves the voucher for an engagement. Every rule is checked here; the voucher's
/// status moves by compare-and-set, so only one of several concurrent reservations wins.
pub async fn reserve(
    state: &AppState,
    viewer: &Viewer,
    form: ReservationForm<'_>,
    address: Option<IpAddr>,
) -> Result<EngagementId, AppError> {
    auth::permit(viewer, Action::ReserveVouchers)?;
    let (voucher, email) = find(state, viewer, (form.code, form.admin_email), address).await?;
    let (customer_org_id, pm_email, pm_name) =
        (voucher.customer_org_id, voucher.project_manager_email.clone(), voucher.project_manager_name.clone());
    let found = options(state, viewer, voucher, email).await?;
    let now = state.clock.now();
    let today = now.date_naive();
    match found.status {
        VoucherStatus::Assigned if found.expires_at <= now => {
            return Err(AppError::Conflict(
                ReservationError::Expired { expires_on: found.expires_at.date_naive() }.to_string(),
            ))
        }
        VoucherStatus::Assigned => {}
        VoucherStatus::Reserved => return Err(AppError::Conflict(ReservationError::AlreadyReserved.to_string())),
        other => return Err(AppError::Conflict(ReservationError::NotReservable { status: other }.to_string())),
    }

    let mut errors = FormErrors::new();
    let engagement = EngagementTypeId::parse(form.engagement_type_id.trim())
        .ok()
        .and_then(|id| found.engagement_types.iter().find(|choice| choice.engagement_type.id == id));
    let engagement = match engagement {
        None => {
            errors.push("engagement_type_id", ReservationError::UnknownEngagementType.to_string());
            None
        }
        Some(EngagementChoice { refusal: Some(reason), .. }) => {
            errors.push("engagement_type_id", reason.clone());
            None
        }
        Some(EngagementChoice { engagement_type, refusal: None }) => Some(engagement_type),
    };
    let location = LocationRecordId::parse(form.location_id.trim())
        .ok()
        .and_then(|id| found.locations.iter().find(|location| location.id == id));
    if location.is_none() {
        errors.push("location_id", ReservationError::UnknownLocation.to_string());
    }
    let consultants = match errors.check("consultants", parse_consultant_ids(form.consultants)) {
        Some(ids) => {
            let mut named = Vec::new();
            for id in ids {
                match found.consultants.iter().find(|choice| choice.id == id) {
                    None => errors.push("consultants", ReservationError::UnknownConsultant.to_string()),
                    Some(choice) => match engagement {
                        Some(engagement) if !choice.qualifies_for(engagement) => errors.push(
                            "consultants",
                            ReservationError::ConsultantNotQualified {
                                name: choice.name.clone(),
                                engagement: engagement.name.clone(),
                            }
                            .to_string(),
                        ),
                        _ => named.push(id),
                    },
                }
            }
            Some(named)
        }
        None => None,
    };
    let starts_on = errors.check("starts_on", parse_date(form.starts_on));
    let ends_on = errors.check("ends_on", parse_date(form.ends_on));
    if let (Some(starts_on), Some(ends_on)) = (starts_on, ends_on) {
        if let Err((field, error)) = check_dates(starts_on, ends_on, today, found.expires_at) {
            errors.push(field, error.to_string());
        }
    }
    if !is_checked(form.accept_terms) {
        errors.push("accept_terms", ReservationError::TermsNotAccepted.to_string());
    }
    let (Some(engagement), Some(location), Some(consultants), Some(starts_on), Some(ends_on), true) =
        (engagement, location, consultants, starts_on, ends_on, errors.is_empty())
    else {
        return Err(errors.into());
    };

    let id = EngagementId::from_uuid(uuid::Uuid::new_v4());
    let mut tx = state.db.pool.begin().await?;
    // The race is decided here: the first compare-and-set wins, the others see 0 rows.
    let next = VoucherStatus::Assigned.apply(VoucherEvent::Reserve).map_err(|_| AppError::Internal)?;
    if !vouchers::transition(&mut *tx, found.voucher_id, VoucherStatus::Assigned, next, Some(now)).await? {
        return Err(AppError::Conflict(ReservationError::AlreadyReserved.to_string()));
    }
    let inserted = engagements::insert(
        &mut tx,
        engagements::NewEngagement {
            id,
            voucher_id: found.voucher_id,
            partner_org_id: viewer.org_id,
            engagement_type_id: engagement.id,
            location_id: location.id,
            delivery_country: location.country,
            starts_on,
            ends_on,
            consultants: &consultants,
            reserved_by: viewer.user_id,
        },
        now,
    )
    .await;
    match inserted {
        Err(error) if db::is_unique_violation(&error) => {
            return Err(AppError::Conflict(ReservationError::AlreadyReserved.to_string()))
        }
        other => other?,
    }
    let reserved = Mail::VoucherReserved(Reservation {
        name: pm_name.clone(),
        partner: viewer.org_name.clone(),
        code: found.code.to_string(),
        days: found.days,
        offering: found.offering.name.clone(),
        engagement: engagement.name.clone(),
        location: location.name.to_string(),
        country: location.country.as_str().to_owned(),
        starts_on,
        ends_on,
        voucher_page: format!("{}/vouchers/{}", state.config.public_url, found.voucher_id),
    });
    mail::send(&mut tx, Some(customer_org_id), &pm_email, reserved, now).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "voucher", &found.voucher_id.to_string(), "reserved")
            .for_org(customer_org_id)
            .before(Some(json!({ "status": VoucherStatus::Assigned.as_str() })))
            .after(Some(json!({
                "status": next.as_str(),
                "partner": viewer.org_name,
                "engagement": id.to_string(),
                "engagement_type": engagement.name,
                "location": location.location_id,
                "delivery_country": location.country.as_str(),
                "starts_on": starts_on.to_string(),
                "ends_on": ends_on.to_string(),
                "consultants": consultants.iter().map(ToString::to_string).collect::<Vec<_>>(),
            }))),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Whether the viewer's engagements list shows this one of their partner's: a consultant
/// sees those naming them, an admin every one.
pub fn lists(viewer: &Viewer, engagement: &EngagementSummary) -> bool {
    viewer.org_id == engagement.partner_org_id
        && (viewer.may(Action::OverseeConsultants) || engagement.consultant_ids.contains(&viewer.user_id))
}

/// The partner's live engagements (a consultant sees only those naming them: [`lists`]).
pub async fn list(state: &AppState, viewer: &Viewer) -> Result<Vec<EngagementSummary>, AppError> {
    auth::permit(viewer, Action::ReadEngagements)?;
    let scope = if viewer.may(Action::OverseeConsultants) {
        engagements::Scope::Partner(viewer.org_id)
    } else {
        engagements::Scope::Consultant(viewer.org_id, viewer.user_id)
    };
    let mut connection = state.db.pool.acquire().await?;
    Ok(engagements::list(&mut connection, scope).await?)
}

/// Gives a reservation up: the voucher is Assigned again and the customer is told.
pub async fn release(state: &AppState, viewer: &Viewer, engagement_id: &str) -> Result<(), AppError> {
    auth::permit(viewer, Action::ManageReservations)?;
    let not_found = || AppError::NotFound(ReservationError::NoSuchReservation.to_string());
    let id = EngagementId::parse(engagement_id.trim()).map_err(|_| not_found())?;
    let held = engagements::held(&state.db.pool, id)
        .await?
        .filter(|held| held.partner_org_id == viewer.org_id)
        .ok_or_else(not_found)?;
    if !held.live {
        return Err(AppError::Conflict(ReservationError::AlreadyReleased.to_string()));
    }
    let now = state.clock.now();
    let back = VoucherStatus::Reserved.apply(VoucherEvent::ReleaseReservation).map_err(|_| AppError::Internal)?;
    let mut tx = state.db.pool.begin().await?;
    if !vouchers::transition(&mut *tx, held.voucher_id, VoucherStatus::Reserved, back, None).await? {
        return Err(AppError::Conflict(ReservationError::MovedOn.to_string()));
    }
    if !engagements::release(&mut *tx, id, viewer.user_id, now).await? {
        return Err(AppError::Conflict(ReservationError::AlreadyReleased.to_string()));
    }
    let released = Mail::ReservationReleased {
        name: held.project_manager_name.clone(),
        partner: viewer.org_name.clone(),
        code: held.code.clone(),
    };
    mail::send(&mut tx, Some(held.customer_org_id), &held.project_manager_email, released, now).await?;
    audit::record(
        &mut *tx,
        audit::Change::by(viewer, "voucher", &held.voucher_id.to_string(), "reservation_released")
            .for_org(held.customer_org_id)
            .before(Some(json!({ "status": VoucherStatus::Reserved.as_str(), "partner": viewer.org_name })))
            .after(Some(json!({ "status": back.as_str() }))),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Redeems delivered engagements (step 7), all or none: each voucher must be Delivered,
/// belong to this partner and still be inside its 180 days.
pub async fn redeem(state: &AppState, viewer: &Viewer, engagement_ids: &str) -> Result<usize, AppError> {
    auth::permit(viewer, Action::Redeem)?;
    let ids: Vec<EngagementId> = engagement_ids
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(EngagementId::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::field("engagement_ids", ReservationError::ChooseDelivered.to_string()))?;
    if ids.is_empty() {
        return Err(AppError::field("engagement_ids", ReservationError::NothingToRedeem.to_string()));
    }
    let mine = list(state, viewer).await?;
    let mut chosen = Vec::new();
    for id in &ids {
        let engagement = mine
            .iter()
            .find(|engagement| engagement.id == *id)
            .ok_or_else(|| AppError::field("engagement_ids", ReservationError::ChooseDelivered.to_string()))?;
        if !chosen.iter().any(|known: &&EngagementSummary| known.id == *id) {
            chosen.push(engagement);
        }
    }
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    for engagement in &chosen {
        if !vouchers::redeem(&mut *tx, engagement.voucher_id, now).await? {
            let code = engagement.code.clone();
            let reason = if engagement.status == VoucherStatus::Delivered && engagement.expires_at <= now {
                ReservationError::RedeemExpired { code, expires_on: engagement.expires_at.date_naive() }
            } else if engagement.status == VoucherStatus::Delivered {
                ReservationError::ChangedMeanwhile { code }
            } else {
                ReservationError::NotRedeemable { code, status: engagement.status }
            };
            return Err(AppError::Conflict(reason.to_string()));
        }
        audit::record(
            &mut *tx,
            audit::Change::by(viewer, "voucher", &engagement.voucher_id.to_string(), "redeemed")
                .for_org(engagement.customer_org_id)
                .before(json!({ "status": VoucherStatus::Delivered.as_str() }))
                .after(json!({ "status": VoucherStatus::Redeemed.as_str(), "engagement": engagement.id.to_string() })),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(chosen.len())
}
