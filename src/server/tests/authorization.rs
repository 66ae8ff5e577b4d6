//! The authorization matrix: every server function × every caller (signed out, each demo
//! role, and the admins of a second partner and a second customer) against one table of
//! who may pass. The table must name every registered server function, so a new one
//! cannot be added without deciding who may call it.
//!
//! A cell *allows* when the call gets past the gates (any answer but 401, 403 or, for data
//! of one organisation, 404) and *denies* with 401 signed out, 403 for a role that may not,
//! and 403/404 for another organisation's data (422 where a form's list of ids refuses
//! another's). A denied call writes nothing.

use super::claims::ready_to_claim;
use super::helpers::{on_both_backends, TestApp};
use super::reports::{contoso, deliver, reserve_for, PDF};
use super::reservations::{customer_voucher, ok, ADMIN_EMAIL};
use crate::domain::roles::Role;
use axum::http::StatusCode;
use std::collections::BTreeSet;

/// Whose data a call reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Org {
    Contoso,
    Fabrikam,
    Program,
    OtherPartner,
    OtherCustomer,
}

/// Who may get past a function's gate.
#[derive(Debug, Clone, Copy)]
enum Gate {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Users holding one of these roles (a global admin holds mpn_admin's too).
    Roles(&'static [Role]),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Transport {
    Form,
    Multipart,
    Get,
}

/// The ids the calls aim at: data of Contoso (partner) and Fabrikam (customer).
pub(super) struct World {
    contoso_org: String,
    fabrikam_agreement: String,
    ddps: String,
    spare_engagement_type: String,
    /// Locations and competencies each partner admin may retire (one each: once
    /// retired, they are gone).
    spare_locations: Vec<(Role, String)>,
    spare_competencies: Vec<(Role, String)>,
    madrid: String,
    carlos: String,
    assigned_voucher: String,
    assigned_code: String,
    cancellable_voucher: String,
    reserved_engagement: String,
    released_engagement: String,
    delivered_engagement: String,
    deliverable: String,
    claimed_voucher: String,
    claim: String,
}

impl World {
    fn spare<'a>(&self, spares: &'a [(Role, String)], role: Option<Role>) -> &'a str {
        spares.iter().find(|(owner, _)| Some(*owner) == role).map_or("none", |(_, id)| id.as_str())
    }
}

pub(super) type Fields = Vec<(&'static str, String)>;

pub(super) struct Row {
    pub(super) endpoint: &'static str,
    gate: Gate,
    /// The organisations whose users may reach the row's data; empty when the call
    /// names no organisation's data.
    seen_by: &'static [Org],
    pub(super) transport: Transport,
    /// The form a caller (by role) sends.
    pub(super) form: fn(&World, Option<Role>) -> Fields,
}

const fn row(
    endpoint: &'static str,
    gate: Gate,
    seen_by: &'static [Org],
    form: fn(&World, Option<Role>) -> Fields,
) -> Row {
    Row { endpoint, gate, seen_by, transport: Transport::Form, form }
}

fn none(_: &World, _: Option<Role>) -> Fields {
    Vec::new()
}

fn fields(pairs: &[(&'static str, &str)]) -> Fields {
    pairs.iter().map(|(name, value)| (*name, (*value).to_owned())).collect()
}

use Gate::{Public, Roles, SignedIn};
use Org::{Contoso, Fabrikam, Program};

const OPERATOR: &[Role] = &[Role::Operator];
const BENEFIT_ADMIN: &[Role] = &[Role::BenefitAdmin];
const PARTNER_ADMIN: &[Role] = &[Role::MpnAdmin];
const PARTNER_PEOPLE: &[Role] = &[Role::MpnAdmin, Role::Consultant];
/// Claims: the partner's admins and its finance role.
const CLAIMANTS: &[Role] = &[Role::MpnAdmin, Role::IncentivesAdmin];
/// Payment registration and bank accounts: the global admin and the finance role.
const PAYEES: &[Role] = &[Role::GlobalAdmin, Role::IncentivesAdmin];
const CUSTOMER_PEOPLE: &[Role] = &[Role::BenefitAdmin, Role::ProjectManager];
const USER_MANAGERS: &[Role] = &[Role::GlobalAdmin, Role::BenefitAdmin, Role::Operator];
const ENGAGEMENT_READERS: &[Org] = &[Contoso, Fabrikam, Program];

/// Every server function of the portal and who may call it.
pub(super) fn table() -> Vec<Row> {
    vec![
        // Accounts and people.
        row("who_am_i", Public, &[], none),
        row("sign_in", Public, &[], |_, _| fields(&[("email", ""), ("password", "")])),
        row("sign_up", Public, &[], |_, _| {
            fields(&[("org_kind", "partner"), ("org_name", ""), ("name", ""), ("email", ""), ("password", "")])
        }),
        row("verify_email", Public, &[], |_, _| fields(&[("token", "no-such-token")])),
        row("sign_out", Public, &[], none),
        row("request_password_reset", Public, &[], |_, _| fields(&[("email", "nobody@nowhere.example")])),
        row("reset_password", Public, &[], |_, _| {
            fields(&[("token", "no-such-token"), ("password", "a long enough passphrase")])
        }),
        row("get_account", SignedIn, &[], none),
        row("rename_self", SignedIn, &[], |_, _| fields(&[("name", "")])),
        // A wrong current password: the demo passwords stay as they are for the other rows.
        row("change_password", SignedIn, &[], |_, _| {
            fields(&[("current_password", "not the password"), ("new_password", "a long enough passphrase")])
        }),
        row("end_session", SignedIn, &[], |_, _| fields(&[("handle", "no-such-session")])),
        row("end_other_sessions", SignedIn, &[], none),
        // No sign-in waits for its second step here: 409 "sign in again" for everyone.
        row("finish_sign_in", Public, &[], |_, _| fields(&[("code", "123456")])),
        row("begin_authenticator", SignedIn, &[], none),
        row("confirm_authenticator", SignedIn, &[], |_, _| fields(&[("code", "000000")])),
        row("turn_off_authenticator", SignedIn, &[], none),
        row("renew_recovery_codes", SignedIn, &[], none),
        row("step_up", SignedIn, &[], |_, _| fields(&[("code", "000000")])),
        // Passkeys: a browser's answer that is no credential is refused (409) past the gate.
        // A wrong current password: 422 past the gate.
        row("begin_passkey", SignedIn, &[], |_, _| fields(&[("current_password", "not the password")])),
        row("add_passkey", SignedIn, &[], |_, _| fields(&[("name", "Laptop"), ("credential", "{}")])),
        // Nobody's passkey: 404 for everyone who passes the gate.
        row("remove_passkey", SignedIn, &[], |_, _| fields(&[("passkey", "00000000-0000-0000-0000-000000000000")])),
        row("begin_passkey_step_up", SignedIn, &[], none),
        row("step_up_with_passkey", SignedIn, &[], |_, _| fields(&[("credential", "{}")])),
        row("begin_passkey_sign_in", Public, &[], |_, _| fields(&[("second_step", "false")])),
        row("finish_passkey_sign_in", Public, &[], |_, _| fields(&[("credential", "{}")])),
        row("require_second_factor", Roles(USER_MANAGERS), &[], |_, _| fields(&[("required", "false")])),
        row("reset_second_factor", Roles(OPERATOR), &[], |_, _| fields(&[("email", "nobody@nowhere.example")])),
        row("choose_language", Public, &[], |_, _| fields(&[("language", "es")])),
        row("get_next_steps", SignedIn, &[], none),
        // Finding only what one's pages show: a code nobody has is not found (empty list).
        row("search", SignedIn, &[], |_, _| fields(&[("find", "SAVB-2026-00000000")])),
        // One's own notifications; nobody's notification is not found (404).
        row("get_notifications", SignedIn, &[], none),
        // Every page's header asks: a visitor's bell is quiet (0), not refused.
        row("unread_notifications", Public, &[], none),
        row("read_all_notifications", SignedIn, &[], none),
        row("open_notification", SignedIn, &[], |_, _| fields(&[("id", "00000000-0000-0000-0000-000000000000")])),
        row("get_invitation", Public, &[], |_, _| fields(&[("token", "no-such-token")])),
        row("accept_invitation", Public, &[], |_, _| {
            fields(&[("token", "no-such-token"), ("password", "a long enough passphrase")])
        }),
        row("list_people", Roles(USER_MANAGERS), &[], none),
        row("invite_user", Roles(USER_MANAGERS), &[], |_, _| fields(&[("name", ""), ("email", ""), ("role", "")])),
        row("change_role", Roles(USER_MANAGERS), &[Contoso], |w, _| {
            fields(&[("user_id", &w.carlos), ("role", "consultant")])
        }),
        // Handing over to nobody known: 404 for everyone who passes the gate.
        row("hand_over_role", Roles(USER_MANAGERS), &[], |_, _| {
            fields(&[("user_id", "00000000-0000-0000-0000-000000000000")])
        }),
        row("set_user_access", Roles(USER_MANAGERS), &[Contoso], |w, _| {
            fields(&[("user_id", &w.carlos), ("active", "true")])
        }),
        row("list_audit_log", Roles(OPERATOR), &[], |_, _| fields(&[("after", "")])),
        row("list_outbox", Roles(USER_MANAGERS), &[], none),
        // The operator's catalogue and agreement text.
        row("get_catalogue_admin", Roles(OPERATOR), &[], none),
        row("set_entitlement_tier", Roles(OPERATOR), &[], |_, _| fields(&[("min_licenses", "x"), ("days", "x")])),
        row("add_offering", Roles(OPERATOR), &[], |_, _| fields(&[("code", ""), ("name", "")])),
        row("add_engagement_type", Roles(OPERATOR), &[], |w, _| {
            fields(&[("offering_id", &w.ddps), ("name", ""), ("lengths", ""), ("competencies", "")])
        }),
        row("update_engagement_type", Roles(OPERATOR), &[], |w, _| {
            fields(&[("id", &w.spare_engagement_type), ("lengths", ""), ("competencies", "")])
        }),
        row("retire_engagement_type", Roles(OPERATOR), &[], |w, _| fields(&[("id", &w.spare_engagement_type)])),
        row("publish_agreement", Roles(OPERATOR), &[], |_, _| fields(&[("title", ""), ("body", "")])),
        // Partner onboarding, profile and directory.
        row("get_onboarding", Roles(PARTNER_ADMIN), &[], none),
        row("save_onboarding_step", Roles(PARTNER_ADMIN), &[], |_, _| fields(&[("step", "nowhere")])),
        row("record_training", Roles(PARTNER_ADMIN), &[], |_, _| fields(&[("completed_on", "someday")])),
        row("add_competency", Roles(PARTNER_ADMIN), &[], |_, _| {
            fields(&[("name", ""), ("level", ""), ("valid_until", "")])
        }),
        row("retire_competency", Roles(PARTNER_ADMIN), &[Contoso], |w, role| {
            fields(&[("id", w.spare(&w.spare_competencies, role))])
        }),
        row("add_location", Roles(PARTNER_ADMIN), &[], |_, _| {
            fields(&[("location_id", ""), ("name", ""), ("country", "")])
        }),
        row("retire_location", Roles(PARTNER_ADMIN), &[Contoso], |w, role| {
            fields(&[("id", w.spare(&w.spare_locations, role))])
        }),
        row("sign_agreement", Roles(PARTNER_ADMIN), &[], |_, _| {
            fields(&[("signer_name", ""), ("signer_title", ""), ("version", "1")])
        }),
        row("enroll", Roles(PARTNER_ADMIN), &[], |_, _| fields(&[("offering_id", "not-an-offering")])),
        row("renew_enrollment", Roles(PARTNER_ADMIN), &[], |w, _| {
            fields(&[("offering_id", &w.ddps), ("signer_name", ""), ("signer_title", ""), ("version", "1")])
        }),
        row("get_profile", Roles(PARTNER_ADMIN), &[], none),
        row("save_profile", Roles(PARTNER_ADMIN), &[], |_, _| {
            fields(&[
                ("description", ""),
                ("website", ""),
                ("contact_name", ""),
                ("contact_email", ""),
                ("languages", ""),
                ("industries", ""),
            ])
        }),
        row("list_exams", Roles(PARTNER_PEOPLE), &[], none),
        row("record_exam", Roles(PARTNER_PEOPLE), &[], |w, _| {
            fields(&[("consultant", &w.carlos), ("competency", ""), ("exam", ""), ("passed_on", "")])
        }),
        row("search_partners", Roles(CUSTOMER_PEOPLE), &[], |_, _| {
            fields(&[("offering", ""), ("country", ""), ("language", ""), ("page", "1")])
        }),
        row("get_partner_profile", SignedIn, &[], |w, _| fields(&[("org_id", &w.contoso_org)])),
        // Customer agreements and vouchers.
        row("list_agreements", Roles(BENEFIT_ADMIN), &[], none),
        row("register_agreement", Roles(BENEFIT_ADMIN), &[], |_, _| {
            fields(&[("licensing_id", ""), ("qualifying_licenses", ""), ("ends_on", "")])
        }),
        row("activate_benefit", Roles(BENEFIT_ADMIN), &[Fabrikam], |w, _| {
            fields(&[("agreement_id", &w.fabrikam_agreement)])
        }),
        row("voucher_wizard_options", Roles(BENEFIT_ADMIN), &[], none),
        row("create_voucher", Roles(BENEFIT_ADMIN), &[], |w, _| {
            fields(&[
                ("agreement_id", &w.fabrikam_agreement),
                ("offering_id", &w.ddps),
                ("days", ""),
                ("division", ""),
                ("project_manager", ""),
                ("new_name", ""),
                ("new_email", ""),
            ])
        }),
        row("list_vouchers", Roles(CUSTOMER_PEOPLE), &[], |_, _| {
            fields(&[("status", ""), ("agreement", ""), ("offering", ""), ("after", "")])
        }),
        row("export_vouchers", Roles(CUSTOMER_PEOPLE), &[], |_, _| {
            fields(&[("status", ""), ("agreement", ""), ("offering", "")])
        }),
        row("voucher_detail", Roles(CUSTOMER_PEOPLE), &[Fabrikam], |w, _| fields(&[("id", &w.assigned_voucher)])),
        row("cancel_voucher", Roles(BENEFIT_ADMIN), &[Fabrikam], |w, _| fields(&[("id", &w.cancellable_voucher)])),
        // Reservations, reports, redemption.
        row("check_voucher", Roles(PARTNER_ADMIN), &[], |w, _| {
            fields(&[("code", &w.assigned_code), ("admin_email", ADMIN_EMAIL)])
        }),
        row("reserve_voucher", Roles(PARTNER_ADMIN), &[], |w, _| {
            fields(&[
                ("code", &w.assigned_code),
                ("admin_email", ADMIN_EMAIL),
                ("engagement_type_id", ""),
                ("location_id", ""),
                ("consultants", ""),
                ("starts_on", ""),
                ("ends_on", ""),
                ("accept_terms", ""),
            ])
        }),
        row("list_engagements", Roles(PARTNER_PEOPLE), &[], none),
        row("release_reservation", Roles(PARTNER_ADMIN), &[Contoso], |w, _| {
            fields(&[("engagement_id", &w.released_engagement)])
        }),
        row("change_engagement_dates", Roles(PARTNER_ADMIN), &[Contoso], |w, _| {
            fields(&[("engagement_id", &w.reserved_engagement), ("starts_on", "2026-01-21"), ("ends_on", "2026-01-22")])
        }),
        row("get_report", SignedIn, ENGAGEMENT_READERS, |w, _| fields(&[("engagement_id", &w.delivered_engagement)])),
        row("save_report", Roles(PARTNER_PEOPLE), &[Contoso], |w, _| {
            fields(&[
                ("engagement_id", &w.reserved_engagement),
                ("delivered_from", ""),
                ("delivered_to", ""),
                ("days_delivered", ""),
                ("consultants", ""),
                ("customer_contact_name", ""),
                ("customer_contact_email", ""),
                ("summary", ""),
                ("recommendations", ""),
            ])
        }),
        Row {
            endpoint: "upload_deliverable",
            gate: Roles(PARTNER_PEOPLE),
            seen_by: &[Contoso],
            transport: Transport::Multipart,
            form: |w, _| fields(&[("engagement_id", &w.reserved_engagement)]),
        },
        row("remove_deliverable", Roles(PARTNER_PEOPLE), &[Contoso], |w, _| fields(&[("deliverable", &w.deliverable)])),
        row("submit_report", Roles(PARTNER_ADMIN), &[Contoso], |w, _| {
            fields(&[("engagement_id", &w.reserved_engagement)])
        }),
        Row {
            endpoint: "download_deliverable",
            gate: SignedIn,
            seen_by: ENGAGEMENT_READERS,
            transport: Transport::Get,
            form: |w, _| fields(&[("id", &w.deliverable)]),
        },
        row("redeem_engagements", Roles(PARTNER_ADMIN), &[Contoso], |w, _| {
            fields(&[("engagement_ids", &w.delivered_engagement)])
        }),
        // Payment claims.
        row("get_claims", Roles(CLAIMANTS), &[], none),
        row("register_for_payment", Roles(PAYEES), &[], |_, _| {
            fields(&[("legal_name", ""), ("tax_id", ""), ("remit_address", "")])
        }),
        row("set_bank_account", Roles(PAYEES), &[Contoso], |w, _| {
            fields(&[("location_id", &w.madrid), ("account_holder", ""), ("account_number", ""), ("bank_code", "")])
        }),
        row("submit_claim", Roles(CLAIMANTS), &[], |w, _| fields(&[("location_id", &w.madrid), ("voucher_ids", "")])),
        row("resubmit_claim", Roles(CLAIMANTS), &[Contoso], |w, _| {
            fields(&[("claim_id", &w.claim), ("voucher_ids", &w.claimed_voucher), ("reply", "")])
        }),
        row("withdraw_claim", Roles(CLAIMANTS), &[Contoso], |w, _| fields(&[("claim_id", &w.claim)])),
        row("list_all_claims", Roles(OPERATOR), &[], |_, _| fields(&[("status", ""), ("find", "")])),
        row("approve_claim", Roles(OPERATOR), &[], |w, _| fields(&[("claim_id", &w.claim)])),
        row("return_claim", Roles(OPERATOR), &[], |w, _| {
            fields(&[("claim_id", &w.claim), ("comment", "Please check the days.")])
        }),
        row("reject_claim", Roles(OPERATOR), &[], |w, _| {
            fields(&[("claim_id", &w.claim), ("reason", "Not eligible.")])
        }),
        row("mark_claim_paid", Roles(OPERATOR), &[], |w, _| {
            fields(&[("claim_id", &w.claim), ("payment_reference", "TRF-1")])
        }),
        row("export_claims", Roles(&[Role::MpnAdmin, Role::IncentivesAdmin, Role::Operator]), &[], none),
    ]
}

pub(super) struct Caller {
    pub(super) label: &'static str,
    org: Option<Org>,
    pub(super) role: Option<Role>,
    pub(super) cookie: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expected {
    Allow,
    SignIn,
    Forbidden,
    OtherOrganisation,
}

pub(super) fn expected(row: &Row, caller: &Caller) -> Expected {
    let (Some(role), Some(org)) = (caller.role, caller.org) else {
        return if matches!(row.gate, Public) { Expected::Allow } else { Expected::SignIn };
    };
    let role_passes = match row.gate {
        Public | SignedIn => true,
        // The program's rule, written down here independently of the access policy: a
        // global admin holds every right of an MPN admin.
        Roles(roles) => {
            roles.iter().any(|required| *required == role || (role == Role::GlobalAdmin && *required == Role::MpnAdmin))
        }
    };
    let other_organisation = !row.seen_by.is_empty() && !row.seen_by.contains(&org);
    if other_organisation {
        // Whether for its role or for its organisation, the call is denied either way.
        Expected::OtherOrganisation
    } else if !role_passes {
        Expected::Forbidden
    } else {
        Expected::Allow
    }
}

fn agrees(expected: Expected, row: &Row, status: StatusCode) -> bool {
    match expected {
        // Another organisation's data answers 404; a row without such data may too.
        Expected::Allow => match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => false,
            StatusCode::NOT_FOUND => row.seen_by.is_empty(),
            _ => true,
        },
        Expected::SignIn => status == StatusCode::UNAUTHORIZED,
        Expected::Forbidden => status == StatusCode::FORBIDDEN,
        // Lists of ids (redeem, claim) refuse another's as a field message.
        Expected::OtherOrganisation => {
            matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

async fn call(app: &TestApp, row: &Row, form: &Fields, cookie: Option<&str>) -> StatusCode {
    let borrowed: Vec<(&str, &str)> = form.iter().map(|(name, value)| (*name, value.as_str())).collect();
    match row.transport {
        Transport::Form => app.call(row.endpoint, &borrowed, cookie).await.status,
        Transport::Multipart => app.upload(row.endpoint, &borrowed, ("plan.pdf", PDF), cookie).await.status,
        Transport::Get => {
            let query: Vec<String> = form
                .iter()
                .map(|(name, value)| format!("{name}={}", crate::components::export::percent_encode(value)))
                .collect();
            app.get(&format!("/api/{}?{}", row.endpoint, query.join("&")), cookie).await.status
        }
    }
}

/// What a denied call must leave untouched.
pub(super) const CHANGES: &str = "SELECT (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM outbox)
    + (SELECT COUNT(*) FROM deliverables) + (SELECT COUNT(*) FROM invitations)";

pub(super) async fn world(app: &TestApp) -> World {
    let contoso = contoso(app).await;
    let id = |sql: &'static str| async move {
        sqlx::query_scalar::<_, String>(sql).fetch_one(&app.db.pool).await.expect(sql)
    };
    // A delivered engagement (report + deliverable), a reserved one, one to release.
    let delivered = reserve_for(app, &contoso).await;
    let reserved = reserve_for(app, &contoso).await;
    let released = reserve_for(app, &contoso).await;
    let claimed = reserve_for(app, &contoso).await;
    let delivered = deliver(app, delivered).await;
    // A redeemed voucher in a submitted claim.
    let claimed = deliver(app, claimed).await;
    ok(app, "redeem_engagements", &[("engagement_ids", &claimed.engagement)], &contoso.partner).await;
    ready_to_claim(app, &contoso).await;
    ok(
        app,
        "submit_claim",
        &[("location_id", &contoso.location), ("voucher_ids", &claimed.voucher_id)],
        &contoso.partner,
    )
    .await;
    // Spare data the allowed callers may retire.
    let mut spare_locations = Vec::new();
    let mut spare_competencies = Vec::new();
    for (role, location, competency) in
        [(Role::GlobalAdmin, "4800002", "Messaging"), (Role::MpnAdmin, "4800003", "Enterprise Mobility Management")]
    {
        ok(app, "add_location", &[("location_id", location), ("name", location), ("country", "ES")], &contoso.partner)
            .await;
        ok(
            app,
            "add_competency",
            &[("name", competency), ("level", "gold"), ("valid_until", "2027-12-31")],
            &contoso.partner,
        )
        .await;
        let location = format!("SELECT id FROM partner_locations WHERE location_id = '{location}'");
        let competency = format!("SELECT id FROM partner_competencies WHERE name = '{competency}'");
        spare_locations.push((role, sqlx::query_scalar(&location).fetch_one(&app.db.pool).await.unwrap()));
        spare_competencies.push((role, sqlx::query_scalar(&competency).fetch_one(&app.db.pool).await.unwrap()));
    }
    let operator = app.sign_in_demo(Role::Operator).await;
    let ddps = id("SELECT id FROM offerings WHERE code = 'DDPS'").await;
    let spare_type =
        [("offering_id", ddps.as_str()), ("name", "Spare Planning"), ("lengths", "3"), ("competencies", "Messaging")];
    ok(app, "add_engagement_type", &spare_type, &operator).await;
    let (assigned_code, assigned_voucher) = customer_voucher(app, "DDPS").await;
    let (_, cancellable_voucher) = customer_voucher(app, "DDPS").await;
    World {
        contoso_org: id("SELECT org_id FROM users WHERE email = 'global.admin@contoso.example'").await,
        fabrikam_agreement: id("SELECT id FROM licensing_agreements ORDER BY licensing_id LIMIT 1").await,
        ddps,
        spare_engagement_type: id("SELECT id FROM engagement_types WHERE name = 'Spare Planning'").await,
        spare_locations,
        spare_competencies,
        madrid: contoso.location.clone(),
        carlos: contoso.consultant_id.clone(),
        assigned_voucher,
        assigned_code,
        cancellable_voucher,
        reserved_engagement: reserved.engagement,
        released_engagement: released.engagement,
        delivered_engagement: delivered.engagement,
        deliverable: id("SELECT id FROM deliverables LIMIT 1").await,
        claimed_voucher: claimed.voucher_id,
        claim: id("SELECT id FROM claims LIMIT 1").await,
    }
}

pub(super) async fn callers(app: &TestApp) -> Vec<Caller> {
    let mut callers = vec![Caller { label: "signed out", org: None, role: None, cookie: None }];
    for (role, org) in [
        (Role::GlobalAdmin, Contoso),
        (Role::MpnAdmin, Contoso),
        (Role::Consultant, Contoso),
        (Role::IncentivesAdmin, Contoso),
        (Role::BenefitAdmin, Fabrikam),
        (Role::ProjectManager, Fabrikam),
        (Role::Operator, Program),
    ] {
        callers.push(Caller {
            label: role.as_str(),
            org: Some(org),
            role: Some(role),
            cookie: Some(app.sign_in_demo(role).await),
        });
    }
    for (kind, label, org, role) in [
        ("partner", "another partner's global_admin", Org::OtherPartner, Role::GlobalAdmin),
        ("customer", "another customer's benefit_admin", Org::OtherCustomer, Role::BenefitAdmin),
    ] {
        let email = format!("admin@other-{kind}.example");
        let form = [
            ("org_kind", kind),
            ("org_name", label),
            ("name", "Otto Other"),
            ("email", &email),
            ("password", "other passphrase 1"),
        ];
        let cookie = app.sign_up(&form).await;
        callers.push(Caller { label, org: Some(org), role: Some(role), cookie: Some(cookie) });
    }
    callers
}

on_both_backends! {
    async fn every_server_function_lets_in_exactly_whom_the_table_says(app: TestApp) {
        let table = table();
        // One row per registered server function, no more, no fewer.
        let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
            .collect();
        let rows: BTreeSet<String> = table.iter().map(|row| row.endpoint.to_owned()).collect();
        assert_eq!(rows.len(), table.len(), "each server function has one row");
        assert_eq!(registered, rows, "every server function needs a row in the authorization table");

        let world = world(&app).await;
        let mut callers = callers(&app).await;
        let (mut cells, mut allowed, mut denied) = (0, 0, 0);
        let mut surprises = Vec::new();
        for row in &table {
            for caller in &mut callers {
                let form = (row.form)(&world, caller.role);
                let expected = expected(row, caller);
                let before = app.count(CHANGES).await;
                let status = call(&app, row, &form, caller.cookie.as_deref()).await;
                cells += 1;
                if status.is_server_error() || !agrees(expected, row, status) {
                    surprises.push(format!("{} as {}: expected {expected:?}, got {status}", row.endpoint, caller.label));
                }
                if expected == Expected::Allow {
                    allowed += 1;
                } else {
                    denied += 1;
                    if app.count(CHANGES).await != before {
                        surprises.push(format!("{} as {}: a denied call changed data", row.endpoint, caller.label));
                    }
                }
                if row.endpoint == "sign_out" {
                    // Signing out ended the caller's session: start a new one.
                    if let Some(role) = caller.role.filter(|_| matches!(caller.org, Some(Contoso | Fabrikam | Program))) {
                        caller.cookie = Some(app.sign_in_demo(role).await);
                    } else if caller.cookie.is_some() {
                        let email = if caller.org == Some(Org::OtherPartner) { "admin@other-partner.example" } else { "admin@other-customer.example" };
                        caller.cookie = Some(app.sign_in(email, "other passphrase 1").await);
                    }
                }
            }
        }
        println!(
            "authorization matrix: {} server functions × {} callers = {cells} cells checked ({allowed} allowed, {denied} denied), {} unexpected",
            table.len(),
            callers.len(),
            surprises.len()
        );
        assert!(surprises.is_empty(), "{} unexpected cells:\n{}", surprises.len(), surprises.join("\n"));
        let broken = crate::server::integrity::violations(&app.db).await.unwrap();
        assert!(broken.is_empty(), "the data keeps its invariants: {broken:#?}");
    }
}
