//! Step 5: partners validate a voucher (code + the customer's benefit admin email) and
//! reserve it; exactly one of many concurrent reservations wins.

use super::helpers::{on_both_backends, TestApp};
use super::vouchers::{active_agreement, create, form, offering_id};
use crate::domain::reservation::{EngagementSummary, ReservationError, VoucherCheck};
use crate::domain::roles::Role;
use crate::domain::voucher::VoucherDetail;
use axum::http::StatusCode;
use chrono::Duration;

pub(super) const ADMIN_EMAIL: &str = "benefit.admin@fabrikam.example";

pub(super) async fn ok(app: &TestApp, endpoint: &str, form: &[(&str, &str)], cookie: &str) -> String {
    let response = app.call(endpoint, form, Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{endpoint}: {}", response.body);
    response.body
}

pub(super) async fn user_id(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.db.pool).await.unwrap()
}

/// Onboards a partner for DDPS' Windows & Office engagements (Windows and Devices,
/// silver) with a location in Spain and `consultant` holding a passed exam.
pub(super) async fn onboard_partner(app: &TestApp, admin: &str, consultant: &str) -> String {
    ok(app, "record_training", &[("completed_on", "2026-01-10")], admin).await;
    ok(
        app,
        "add_competency",
        &[("name", "Windows and Devices"), ("level", "silver"), ("valid_until", "2027-12-31")],
        admin,
    )
    .await;
    ok(app, "sign_agreement", &[("signer_name", "Ana Admin"), ("signer_title", "CEO"), ("version", "1")], admin).await;
    let ddps: String =
        sqlx::query_scalar("SELECT id FROM offerings WHERE code = 'DDPS'").fetch_one(&app.db.pool).await.unwrap();
    ok(app, "enroll", &[("offering_id", &ddps)], admin).await;
    ok(app, "add_location", &[("location_id", "4800001"), ("name", "Madrid"), ("country", "ES")], admin).await;
    ok(
        app,
        "record_exam",
        &[
            ("consultant", consultant),
            ("competency", "Windows and Devices"),
            ("exam", "MD-102"),
            ("passed_on", "2026-01-05"),
        ],
        admin,
    )
    .await;
    let location: String =
        sqlx::query_scalar("SELECT l.id FROM partner_locations l JOIN users u ON u.org_id = l.org_id WHERE u.id = $1")
            .bind(consultant)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    location
}

pub(super) async fn engagement_type(app: &TestApp, name: &str) -> String {
    sqlx::query_scalar("SELECT id FROM engagement_types WHERE name = $1")
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// A 3-day DDPS voucher of Fabrikam; returns its code and id.
pub(super) async fn customer_voucher(app: &TestApp, offering: &str) -> (String, String) {
    let admin = app.sign_in_demo(Role::BenefitAdmin).await;
    let licensing_id = format!("R{}", uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase());
    let agreement = active_agreement(app, &admin, &licensing_id, "2500", "2028-06-30").await;
    let offering = offering_id(app, &admin, offering).await;
    let created = create(app, &admin, &form(&agreement, &offering, "3", &licensing_id)).await;
    (created.code, created.id.to_string())
}

/// The reservation form, as the tests fill it in.
pub(super) type Reservation<'a> = crate::server::reservations::ReservationForm<'a>;

/// The form's fields as a browser posts them.
pub(super) trait AsFields<'a> {
    fn fields(&self) -> Vec<(&'a str, &'a str)>;
}

impl<'a> AsFields<'a> for Reservation<'a> {
    fn fields(&self) -> Vec<(&'a str, &'a str)> {
        vec![
            ("code", self.code),
            ("admin_email", self.admin_email),
            ("engagement_type_id", self.engagement_type_id),
            ("location_id", self.location_id),
            ("consultants", self.consultants),
            ("starts_on", self.starts_on),
            ("ends_on", self.ends_on),
            ("accept_terms", self.accept_terms),
        ]
    }
}

/// Contoso's global admin, onboarded with its consultant, and a Fabrikam DDPS voucher it
/// may reserve for Windows & Office Deployment Planning.
pub(super) struct ReadyToReserve {
    pub code: String,
    pub voucher_id: String,
    pub partner: String,
    consultant: String,
    location: String,
    windows: String,
}

impl ReadyToReserve {
    pub async fn set_up(app: &TestApp) -> Self {
        let (code, voucher_id) = customer_voucher(app, "DDPS").await;
        let partner = app.sign_in_demo(Role::GlobalAdmin).await;
        let consultant = user_id(app, "consultant@contoso.example").await;
        let location = onboard_partner(app, &partner, &consultant).await;
        let windows = engagement_type(app, "Windows & Office Deployment Planning").await;
        ReadyToReserve { code, voucher_id, partner, consultant, location, windows }
    }

    /// A reservation that meets every rule: three days in February, the consultant staffed.
    pub fn reservation(&self) -> Reservation<'_> {
        Reservation {
            code: &self.code,
            admin_email: ADMIN_EMAIL,
            engagement_type_id: &self.windows,
            location_id: &self.location,
            consultants: &self.consultant,
            starts_on: "2026-02-01",
            ends_on: "2026-02-03",
            accept_terms: "on",
        }
    }
}

on_both_backends! {
    async fn a_partner_validates_and_reserves_a_voucher_and_the_customer_is_told(app: TestApp) {
        let (code, voucher_id) = customer_voucher(&app, "DDPS").await;
        let partner = app.sign_in_demo(Role::GlobalAdmin).await;
        let consultant = user_id(&app, "consultant@contoso.example").await;
        let location = onboard_partner(&app, &partner, &consultant).await;

        // Any case and spacing of the code works; the check shows what is reserved.
        let typed = code.to_lowercase().replace('-', " ");
        let check: VoucherCheck = serde_json::from_str(&ok(&app, "check_voucher", &[("code", &typed), ("admin_email", ADMIN_EMAIL)], &partner).await).unwrap();
        assert_eq!((check.customer_name.as_str(), check.offering.code.as_str(), check.days.get()), ("Fabrikam Industries", "DDPS", 3));
        let windows = check.engagement_types.iter().find(|choice| choice.engagement_type.name == "Windows & Office Deployment Planning").unwrap();
        assert_eq!(windows.refusal, None);
        let security = check.engagement_types.iter().find(|choice| choice.engagement_type.name == "Modern IT Enterprise Security PoC").unwrap();
        assert_eq!(security.refusal.as_deref(), Some("Your organisation does not hold a competency that qualifies for Modern IT Enterprise Security PoC."));
        assert_eq!(check.consultants.len(), 1);

        let windows_id = windows.engagement_type.id.to_string();
        let reservation = Reservation {
            code: &code, admin_email: ADMIN_EMAIL, engagement_type_id: &windows_id, location_id: &location,
            consultants: &consultant, starts_on: "2026-02-01", ends_on: "2026-02-03", accept_terms: "on",
        };
        ok(&app, "reserve_voucher", &reservation.fields(), &partner).await;

        let mail = crate::server::db::outbox::for_recipient(&app.db.pool, "project.manager@fabrikam.example").await.unwrap();
        assert_eq!(mail[0].0, "voucher_reserved");
        assert!(mail[0].2.contains("Contoso Consulting reserved your Planning Services voucher"), "{}", mail[0].2);

        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let detail: VoucherDetail = serde_json::from_str(&ok(&app, "voucher_detail", &[("id", &voucher_id)], &customer).await).unwrap();
        assert_eq!(detail.voucher.status, crate::domain::voucher_status::VoucherStatus::Reserved);
        assert_eq!(detail.timeline.iter().map(|entry| entry.action.as_str()).collect::<Vec<_>>(), ["assigned", "reserved"]);
        assert!(!detail.can_cancel, "a reserved voucher cannot be cancelled by the customer");

        let engagements: Vec<EngagementSummary> = serde_json::from_str(&ok(&app, "list_engagements", &[], &partner).await).unwrap();
        assert_eq!(engagements.len(), 1);
        assert_eq!(engagements[0].consultants, ["Carlos Consultant"]);
        let named = app.sign_in_demo(Role::Consultant).await;
        let own: Vec<EngagementSummary> = serde_json::from_str(&ok(&app, "list_engagements", &[], &named).await).unwrap();
        assert_eq!(own.len(), 1, "the consultant named on it sees it");
        assert_eq!(app.call("reserve_voucher", &reservation.fields(), Some(&named)).await.status, StatusCode::FORBIDDEN);

        let again = app.call("reserve_voucher", &reservation.fields(), Some(&partner)).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.app_error().to_string(), "This voucher is already reserved.");
    }
}

on_both_backends! {
    async fn a_wrong_code_or_email_never_says_which_half_was_wrong(app: TestApp) {
        let (code, _) = customer_voucher(&app, "DDPS").await;
        let (other_code, _) = customer_voucher(&app, "SDPS").await;
        let partner = app.sign_in_demo(Role::MpnAdmin).await;
        let unknown_code = crate::domain::voucher_code::VoucherCode::generate(|| [7u8; 12]).to_string();
        assert_ne!(unknown_code, code);
        let mut bodies = Vec::new();
        for (typed_code, email) in [
            (code.as_str(), "someone@fabrikam.example"),
            (code.as_str(), "project.manager@fabrikam.example"),
            (code.as_str(), "operator@program.example"),
            (code.as_str(), "not an email"),
            (unknown_code.as_str(), ADMIN_EMAIL),
        ] {
            let response = app.call("check_voucher", &[("code", typed_code), ("admin_email", email)], Some(&partner)).await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{email}: {}", response.body);
            assert_eq!(response.app_error().to_string(), ReservationError::NoMatch.to_string());
            bodies.push(response.body);
        }
        bodies.dedup();
        assert_eq!(bodies.len(), 1, "every wrong pair gets the very same answer");
        // A code with a typo is refused for its form, before any lookup.
        let typo = format!("{}{}", &other_code[..other_code.len() - 1], if other_code.ends_with('0') { '1' } else { '0' });
        let response = app.call("check_voucher", &[("code", &typo), ("admin_email", ADMIN_EMAIL)], Some(&partner)).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.app_error().field_message("code").as_deref(), Some("This voucher code has a typo: please check it against the email."));
        // Customers and consultants cannot validate vouchers.
        for role in [Role::BenefitAdmin, Role::ProjectManager, Role::Consultant, Role::Operator] {
            let cookie = app.sign_in_demo(role).await;
            assert_eq!(app.call("check_voucher", &[("code", &code), ("admin_email", ADMIN_EMAIL)], Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{role}");
        }
    }
}

on_both_backends! {
    async fn every_reservation_rule_is_checked_on_the_server(app: TestApp) {
        let (code, _) = customer_voucher(&app, "DDPS").await;
        let (sdps_code, _) = customer_voucher(&app, "SDPS").await;
        let partner = app.sign_in_demo(Role::GlobalAdmin).await;
        let consultant = user_id(&app, "consultant@contoso.example").await;
        let location = onboard_partner(&app, &partner, &consultant).await;
        // Marta passed an exam, but in a competency Windows & Office does not accept.
        let marta = user_id(&app, "mpn.admin@contoso.example").await;
        ok(&app, "record_exam", &[("consultant", &marta), ("competency", "Messaging"), ("exam", "MS-203"), ("passed_on", "2026-01-05")], &partner).await;
        let windows = engagement_type(&app, "Windows & Office Deployment Planning").await;
        let security = engagement_type(&app, "Modern IT Enterprise Security PoC").await;
        let sharepoint = engagement_type(&app, "SharePoint Deployment Planning").await;
        let stranger = uuid::Uuid::new_v4().to_string();
        let good = Reservation {
            code: &code, admin_email: ADMIN_EMAIL, engagement_type_id: &windows, location_id: &location,
            consultants: &consultant, starts_on: "2026-02-01", ends_on: "2026-02-03", accept_terms: "on",
        };
        let cases: Vec<(Reservation, &str, &str)> = vec![
            (Reservation { engagement_type_id: &security, ..good }, "engagement_type_id", "Your organisation does not hold a competency that qualifies for Modern IT Enterprise Security PoC."),
            (Reservation { engagement_type_id: &stranger, ..good }, "engagement_type_id", "Choose an engagement type of this offering."),
            (Reservation { code: &sdps_code, engagement_type_id: &sharepoint, ..good }, "engagement_type_id", "Your organisation is not enrolled in SDPS, or its enrollment has expired; renew it on the onboarding page."),
            (Reservation { location_id: &stranger, ..good }, "location_id", "Choose one of your locations."),
            (Reservation { consultants: "", ..good }, "consultants", "Choose at least one consultant."),
            (Reservation { consultants: &marta, ..good }, "consultants", "Marta MPN has no passed exam in a competency Windows & Office Deployment Planning requires."),
            (Reservation { consultants: &stranger, ..good }, "consultants", "Choose consultants of your organisation."),
            (Reservation { starts_on: "2026-01-14", ..good }, "starts_on", "The engagement cannot start before today."),
            (Reservation { starts_on: "2026-02-05", ..good }, "ends_on", "The engagement must end on or after its start."),
            (Reservation { ends_on: "2026-07-15", ..good }, "ends_on", "The engagement must end by 14 Jul 2026, when the voucher expires."),
            (Reservation { starts_on: "soon", ..good }, "starts_on", "Enter the date as YYYY-MM-DD, for example 2026-03-31."),
            (Reservation { accept_terms: "", ..good }, "accept_terms", "Accept the reservation terms to reserve."),
        ];
        for (reservation, field, message) in cases {
            let response = app.call("reserve_voucher", &reservation.fields(), Some(&partner)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", response.body);
            assert_eq!(response.app_error().field_message(field).as_deref(), Some(message), "{}", response.body);
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM engagements").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM vouchers WHERE status <> 'assigned'").await, 0);

        // After its 180 days the voucher cannot be reserved, even before the expiry job ran.
        app.clock.advance(Duration::days(181));
        let late = Reservation { starts_on: "2026-07-20", ends_on: "2026-07-21", ..good };
        let response = app.call("reserve_voucher", &late.fields(), Some(&partner)).await;
        assert_eq!(response.status, StatusCode::CONFLICT);
        assert_eq!(response.app_error().to_string(), "This voucher expired on 14 Jul 2026.");
    }
}

on_both_backends! {
    async fn of_fifty_partners_reserving_one_voucher_at_once_exactly_one_wins(app: TestApp) {
        let (code, voucher_id) = customer_voucher(&app, "DDPS").await;
        let windows = engagement_type(&app, "Windows & Office Deployment Planning").await;
        let pool_before = app.count("SELECT CAST(SUM(days_left) AS BIGINT) FROM licensing_agreements").await;
        // Fifty onboarded partners, each with its admin as the consultant.
        let mut partners = Vec::new();
        for n in 0..50 {
            let email = format!("admin{n}@partner{n}.example");
            let cookie = app.sign_up(&[("org_kind", "partner"), ("org_name", &format!("Partner {n}")), ("name", &format!("Admin {n}")), ("email", &email), ("password", "partner passphrase 1")]).await;
            let admin_id = user_id(&app, &email).await;
            let location = onboard_partner(&app, &cookie, &admin_id).await;
            partners.push((cookie, admin_id, location));
        }
        let forms: Vec<Vec<(&str, &str)>> = partners
            .iter()
            .map(|(_, admin_id, location)| {
                Reservation {
                    code: &code, admin_email: ADMIN_EMAIL, engagement_type_id: &windows, location_id: location,
                    consultants: admin_id, starts_on: "2026-02-01", ends_on: "2026-02-03", accept_terms: "on",
                }
                .fields()
            })
            .collect();
        let calls = partners.iter().zip(&forms).map(|((cookie, _, _), form)| app.call("reserve_voucher", form, Some(cookie)));
        let responses = futures::future::join_all(calls).await;
        let won = responses.iter().filter(|response| response.status == StatusCode::OK).count();
        let lost: Vec<_> = responses.iter().filter(|response| response.status != StatusCode::OK).collect();
        println!("50 concurrent reservations: {won} won, {} refused", lost.len());
        assert_eq!(won, 1);
        for response in lost {
            assert_eq!(response.status, StatusCode::CONFLICT, "{}", response.body);
            assert_eq!(response.app_error().to_string(), "This voucher is already reserved.");
        }
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM engagements WHERE voucher_id = '{voucher_id}'")).await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'reserved'").await, 1);
        assert_eq!(app.count("SELECT CAST(SUM(days_left) AS BIGINT) FROM licensing_agreements").await, pool_before, "the pool is unchanged");
    }
}

on_both_backends! {
    /// The guessing limit counts pairs that match nothing: forty simultaneous reservations
    /// of a real voucher by one partner, more than that limit at once, each get their
    /// answer about the voucher (one wins, the rest read "already reserved"), never a 429.
    async fn one_partner_reserving_one_voucher_forty_times_at_once_is_not_throttled(app: TestApp) {
        let ready = ReadyToReserve::set_up(&app).await;
        let (voucher_id, partner) = (ready.voucher_id.clone(), ready.partner.clone());
        let form = ready.reservation().fields();
        let office: std::net::IpAddr = "203.0.113.40".parse().unwrap();
        let calls = (0..40).map(|_| app.call_from(office, "reserve_voucher", &form, Some(&partner)));
        let statuses: Vec<_> = futures::future::join_all(calls).await.iter().map(|response| response.status).collect();
        assert_eq!(statuses.iter().filter(|status| **status == StatusCode::OK).count(), 1, "{statuses:?}");
        assert!(statuses.iter().all(|status| matches!(*status, StatusCode::OK | StatusCode::CONFLICT)), "{statuses:?}");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM engagements WHERE voucher_id = '{voucher_id}'")).await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM failed_attempts").await, 0, "nothing counted against the partner");
    }
}

on_both_backends! {
    async fn one_partner_checking_a_voucher_two_hundred_times_at_once_gets_every_answer(app: TestApp) {
        // Far more at once than the ten an account may have evaluated together: they wait
        // their turn (none refused), and nothing is counted against the partner.
        let ready = ReadyToReserve::set_up(&app).await;
        let form = [("code", ready.code.as_str()), ("admin_email", ADMIN_EMAIL)];
        let office: std::net::IpAddr = "203.0.113.41".parse().unwrap();
        let calls = (0..200).map(|_| app.call_from(office, "check_voucher", &form, Some(&ready.partner)));
        let statuses: Vec<_> = futures::future::join_all(calls).await.iter().map(|response| response.status).collect();
        assert!(statuses.iter().all(|status| *status == StatusCode::OK), "{statuses:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM failed_attempts").await, 0, "nothing counted against the partner");
    }
}

on_both_backends! {
    async fn a_partner_gives_a_reservation_up_and_another_may_reserve(app: TestApp) {
        let ready = ReadyToReserve::set_up(&app).await;
        let (voucher_id, partner) = (ready.voucher_id.clone(), ready.partner.clone());
        let reservation = ready.reservation();
        let engagement: String = serde_json::from_str(&ok(&app, "reserve_voucher", &reservation.fields(), &partner).await).unwrap();

        // Another partner cannot release it.
        let other = app.sign_up(&[("org_kind", "partner"), ("org_name", "Other Partner"), ("name", "Otto"), ("email", "otto@other.example"), ("password", "otto passphrase 1")]).await;
        assert_eq!(app.call("release_reservation", &[("engagement_id", &engagement)], Some(&other)).await.status, StatusCode::NOT_FOUND);

        ok(&app, "release_reservation", &[("engagement_id", &engagement)], &partner).await;
        let twice = app.call("release_reservation", &[("engagement_id", &engagement)], Some(&partner)).await;
        assert_eq!(twice.status, StatusCode::CONFLICT);
        let mail = crate::server::db::outbox::for_recipient(&app.db.pool, "project.manager@fabrikam.example").await.unwrap();
        assert_eq!(mail[0].0, "reservation_released");
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        let detail: VoucherDetail = serde_json::from_str(&ok(&app, "voucher_detail", &[("id", &voucher_id)], &customer).await).unwrap();
        assert_eq!(detail.voucher.status, crate::domain::voucher_status::VoucherStatus::Assigned);
        assert_eq!(detail.timeline.iter().map(|entry| entry.action.as_str()).collect::<Vec<_>>(), ["assigned", "reserved", "reservation_released"]);

        // The voucher is free again: the other partner, once onboarded, reserves it.
        let otto = user_id(&app, "otto@other.example").await;
        let other_location = onboard_partner(&app, &other, &otto).await;
        let second = Reservation { location_id: &other_location, consultants: &otto, ..reservation };
        ok(&app, "reserve_voucher", &second.fields(), &other).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM engagements").await, 2, "the released reservation is kept");
    }
}
