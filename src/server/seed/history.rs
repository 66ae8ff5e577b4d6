//! The lived-in demo: eight months of the program played through the same server
//! functions people use, on a clock that starts in the past and walks to today. Contoso
//! ends up enrolled with a published profile, locations and qualified consultants;
//! Fabrikam with an active agreement and a voucher in every state; the operator with
//! claims to decide. Every row, audit entry and email is what the rules produced, so the
//! demo cannot show a state the portal could not reach.
//!
//! Runs once, on the replica that created the demo accounts (`seed::run` tells which), so
//! replicas starting together never play it twice.

use super::{demo_user_id, SeedError, DEMO_COLLEAGUE, DEMO_PARTNER};
use crate::domain::{
    ids::{EngagementId, OfferingId, UserId, VoucherId},
    report::days_of_work,
    roles::Role,
    viewer::Viewer,
};
use crate::error::AppError;
use crate::server::clock::{Clock, ManualClock, SharedClock};
use crate::server::db::{notifications, outbox, partners, users};
use crate::server::state::AppState;
use crate::server::{benefits, claims, onboarding, profiles, reports, reservations, vouchers};
use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;

/// The first day of the history, before today.
const HISTORY_DAYS: i64 = 240;
/// What every demo deliverable contains: a minimal PDF (files are checked by content).
const DELIVERABLE: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const ADMIN_EMAIL: &str = "benefit.admin@fabrikam.example";
const PROJECT_MANAGER: &str = "project.manager@fabrikam.example";
/// Contoso's delivery location in Spain, where its bank account and claims are.
const MADRID: &str = "4800001";

/// Plays the history up to `today` on `state`'s database and keys.
pub async fn play(state: &AppState, today: DateTime<Utc>) -> Result<(), SeedError> {
    let clock = ManualClock::starting_at(today - Duration::days(HISTORY_DAYS));
    let shared: SharedClock = Arc::new(clock.clone());
    let demo = Demo { state: AppState { clock: shared, ..state.clone() }, clock, today };
    demo.play().await?;
    // What happened before the portal opened was mailed then: the outbox keeps it as sent.
    outbox::mark_sent_until(&state.db.pool, today).await?;
    // The last fortnight's notifications are news to each demo person; older ones were read.
    notifications::mark_read_before(&state.db.pool, today - chrono::Duration::days(14)).await?;
    Ok(())
}

struct Demo {
    state: AppState,
    clock: ManualClock,
    today: DateTime<Utc>,
}

/// The people who act in the history.
struct Cast {
    partner_admin: Viewer,
    consultant: Viewer,
    customer_admin: Viewer,
    operator: Viewer,
    carlos: UserId,
    diana: UserId,
}

/// How far a demo voucher goes before its claim (claims come in their own time).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    Assigned,
    Reserved,
    Delivered,
    Redeemed,
}

impl Demo {
    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Moves the clock on to `days_ago` days before today (never back: the history is
    /// told in order).
    fn at(&self, days_ago: i64) -> Result<(), SeedError> {
        let target = self.today - Duration::days(days_ago);
        let now = self.now();
        if target < now {
            return Err(SeedError::Invalid(format!("the demo history goes back in time to {target}")));
        }
        self.clock.advance(target - now);
        Ok(())
    }

    fn date(&self, days_from_now: i64) -> String {
        (self.now() + Duration::days(days_from_now)).date_naive().to_string()
    }

    async fn viewer(&self, id: UserId) -> Result<Viewer, SeedError> {
        users::active_viewer(&self.state.db.pool, id, false)
            .await?
            .ok_or_else(|| SeedError::Invalid(format!("demo user {id} is missing")))
    }

    async fn cast(&self) -> Result<Cast, SeedError> {
        Ok(Cast {
            partner_admin: self.viewer(demo_user_id(Role::GlobalAdmin)).await?,
            consultant: self.viewer(demo_user_id(Role::Consultant)).await?,
            customer_admin: self.viewer(demo_user_id(Role::BenefitAdmin)).await?,
            operator: self.viewer(demo_user_id(Role::Operator)).await?,
            carlos: demo_user_id(Role::Consultant),
            diana: DEMO_COLLEAGUE.id(),
        })
    }

    async fn play(&self) -> Result<(), SeedError> {
        let cast = self.cast().await?;
        self.onboard_contoso(&cast).await?;
        let agreement = self.fabrikam_agreement(&cast).await?;
        let ddps = super::offering_id("DDPS");

        // A voucher nobody reserved within its 180 days.
        self.at(232)?;
        self.voucher(&cast, &agreement, ddps, 1, "Warehouse").await?;
        // A voucher made by mistake and cancelled the next day.
        self.at(230)?;
        let mistaken = self.voucher(&cast, &agreement, ddps, 1, "Head office").await?;
        self.at(229)?;
        step("cancel", vouchers::cancel(&self.state, &cast.customer_admin, &mistaken.0.to_string()).await)?;
        // The first engagement, delivered, claimed and paid long ago.
        self.at(225)?;
        let finance = self.journey(&cast, &agreement, "Finance", Reach::Redeemed).await?;
        self.at(212)?;
        let reference = self.claim(&cast, finance).await?;
        self.clock.advance(Duration::days(3));
        let claim_id = self.claim_id(&cast, &reference).await?;
        step("approve", claims::approve(&self.state, &cast.operator, &claim_id).await)?;
        self.clock.advance(Duration::days(12));
        let payment = format!("TRF-{}-{}", self.now().format("%Y"), &reference[reference.len() - 4..]);
        step("pay", claims::mark_paid(&self.state, &cast.operator, &claim_id, &payment).await)?;
        // Two claims waiting for the operator, one redeemed voucher still to claim, one
        // delivered engagement to redeem, one just held to report on, and one voucher
        // waiting for a partner.
        // (Each journey to redemption takes eleven days.)
        self.at(72)?;
        let retail = self.journey(&cast, &agreement, "Retail", Reach::Redeemed).await?;
        // The expiry job's round after the unreserved voucher's 180 days.
        self.at(51)?;
        vouchers::run_expiry(&self.state.db, self.now()).await?;
        let logistics = self.journey(&cast, &agreement, "Logistics", Reach::Redeemed).await?;
        self.at(40)?;
        self.claim(&cast, retail).await?;
        self.journey(&cast, &agreement, "Sales", Reach::Redeemed).await?;
        self.at(29)?;
        self.journey(&cast, &agreement, "Marketing", Reach::Delivered).await?;
        self.at(10)?;
        self.claim(&cast, logistics).await?;
        self.at(8)?;
        self.journey(&cast, &agreement, "Research", Reach::Reserved).await?;
        self.at(5)?;
        self.journey(&cast, &agreement, "Manufacturing", Reach::Assigned).await?;
        self.at(0)?;
        Ok(())
    }

    /// Training, competencies, the agreement, three offerings, two locations, exams for
    /// two consultants and a published profile.
    async fn onboard_contoso(&self, cast: &Cast) -> Result<(), SeedError> {
        let admin = &cast.partner_admin;
        let state = &self.state;
        self.at(HISTORY_DAYS)?;
        step("training", onboarding::record_training(state, admin, &self.date(-3)).await)?;
        let valid_until = (self.today + Duration::days(400)).date_naive().to_string();
        for competency in ["Windows and Devices", "Collaboration and Content", "Datacenter"] {
            step("competency", onboarding::add_competency(state, admin, competency, "silver", &valid_until).await)?;
        }
        step("agreement", onboarding::sign_agreement(state, admin, "Gabriel Global", "CEO", "1").await)?;
        for offering in ["DDPS", "SDPS", "PVDPS"] {
            step("enroll", onboarding::enroll(state, admin, &super::offering_id(offering).to_string()).await)?;
        }
        step("location", onboarding::add_location(state, admin, MADRID, "Madrid", "ES").await)?;
        step("location", onboarding::add_location(state, admin, "4800002", "Seattle", "US").await)?;
        let exams: [(UserId, &str, &str); 4] = [
            (cast.carlos, "Windows and Devices", "MD-102"),
            (cast.carlos, "Collaboration and Content", "MS-721"),
            (cast.diana, "Datacenter", "AZ-800"),
            (cast.diana, "Windows and Devices", "MD-102"),
        ];
        for (consultant, competency, exam) in exams {
            let passed_on = self.date(-10);
            step(
                "exam",
                onboarding::record_exam(state, admin, &consultant.to_string(), competency, exam, &passed_on).await,
            )?;
        }
        let profile = profiles::ProfileForm {
            description: "Contoso Consulting plans desktop, SharePoint and datacenter deployments for mid-sized \
                          and large organisations in Spain and the United States. Our certified consultants \
                          deliver Planning Services engagements on site or remotely.",
            website: "https://www.contoso.example",
            contact_name: "Gabriel Global",
            contact_email: "global.admin@contoso.example",
            languages: "en,es",
            industries: "Manufacturing, Retail, Public sector",
            published: true,
        };
        step("profile", profiles::save(state, admin, profile).await)?;
        Ok(())
    }

    /// Fabrikam's agreement of 15,000 licences (25 planning days), benefit active.
    async fn fabrikam_agreement(&self, cast: &Cast) -> Result<String, SeedError> {
        self.at(HISTORY_DAYS - 5)?;
        let admin = &cast.customer_admin;
        let ends_on = (self.today + Duration::days(500)).date_naive().to_string();
        step("agreement", benefits::register(&self.state, admin, "FAB-EA-7731", "15000", &ends_on).await)?;
        let agreement = step("agreements", benefits::list(&self.state, admin).await)?
            .into_iter()
            .find(|agreement| agreement.licensing_id == "FAB-EA-7731")
            .ok_or_else(|| SeedError::Invalid("the demo agreement was not registered".into()))?;
        let id = agreement.id.to_string();
        step("activate", benefits::activate(&self.state, admin, &id).await)?;
        Ok(id)
    }

    async fn voucher(
        &self,
        cast: &Cast,
        agreement: &str,
        offering: OfferingId,
        days: u32,
        division: &str,
    ) -> Result<(VoucherId, String), SeedError> {
        let form = vouchers::VoucherForm {
            agreement_id: agreement,
            offering_id: &offering.to_string(),
            days: &days.to_string(),
            division,
            project_manager: PROJECT_MANAGER,
            new_name: "",
            new_email: "",
        };
        let created = step("voucher", vouchers::create(&self.state, &cast.customer_admin, form).await)?;
        Ok((created.id, created.code))
    }

    /// A 3-day DDPS voucher for `division`, taken as far as `reach` from the clock's
    /// day: reserved two days later for a week ahead, delivered, redeemed the day after.
    async fn journey(
        &self,
        cast: &Cast,
        agreement: &str,
        division: &str,
        reach: Reach,
    ) -> Result<VoucherId, SeedError> {
        let (voucher_id, code) = self.voucher(cast, agreement, super::offering_id("DDPS"), 3, division).await?;
        if reach == Reach::Assigned {
            return Ok(voucher_id);
        }
        self.clock.advance(Duration::days(2));
        let engagement = self.reserve(cast, &code).await?;
        if reach == Reach::Reserved {
            return Ok(voucher_id);
        }
        self.clock.advance(Duration::days(8));
        self.deliver(cast, engagement, division).await?;
        if reach == Reach::Delivered {
            return Ok(voucher_id);
        }
        self.clock.advance(Duration::days(1));
        step("redeem", reservations::redeem(&self.state, &cast.partner_admin, &engagement.to_string()).await)?;
        Ok(voucher_id)
    }

    /// Contoso reserves `code` in Madrid for Windows & Office Deployment Planning, a week
    /// from now, with Carlos.
    async fn reserve(&self, cast: &Cast, code: &str) -> Result<EngagementId, SeedError> {
        let madrid = self.madrid().await?;
        let form = reservations::ReservationForm {
            code,
            admin_email: ADMIN_EMAIL,
            engagement_type_id: &super::engagement_type_id("DDPS", 0).to_string(),
            location_id: &madrid,
            consultants: &cast.carlos.to_string(),
            starts_on: &self.date(5),
            ends_on: &self.date(7),
            accept_terms: "on",
        };
        step("reserve", reservations::reserve(&self.state, &cast.partner_admin, form, None).await)
    }

    /// The report (drafted by the consultant), a deliverable, and the admin's submission,
    /// the day after the engagement's three days.
    async fn deliver(&self, cast: &Cast, engagement: EngagementId, division: &str) -> Result<(), SeedError> {
        let id = engagement.to_string();
        let (from, to) = (self.now() - Duration::days(3), self.now() - Duration::days(1));
        // Three days, or fewer when a weekend fell between them (the report's own rule).
        let days = days_of_work(from.date_naive(), to.date_naive()).min(3).to_string();
        let form = crate::domain::report::ReportForm {
            delivered_from: &self.date(-3),
            delivered_to: &self.date(-1),
            days_delivered: &days,
            consultants: &cast.carlos.to_string(),
            customer_contact_name: "Pablo Project",
            customer_contact_email: PROJECT_MANAGER,
            summary: &format!(
                "Assessed the {division} division's desktops and applications and planned the Windows 11 \
                 and Microsoft 365 Apps rollout in three waves."
            ),
            recommendations: "Start with a pilot group of twenty people, then automate with Autopilot.",
        };
        step("report", reports::save(&self.state, &cast.consultant, &id, form).await)?;
        let file_name = format!("{division} deployment plan.pdf");
        step("deliverable", reports::upload(&self.state, &cast.consultant, &id, &file_name, DELIVERABLE).await)?;
        step("submit report", reports::submit(&self.state, &cast.partner_admin, &id).await)
    }

    /// Claims one redeemed voucher for Madrid; registers for payment and sets the bank
    /// account the first time. Returns the claim's reference.
    async fn claim(&self, cast: &Cast, voucher: VoucherId) -> Result<String, SeedError> {
        let admin = &cast.partner_admin;
        let madrid = self.madrid().await?;
        let overview = step("claims", claims::overview(&self.state, admin, "").await)?;
        if overview.registration.is_none() {
            let address = "Calle Mayor 1, 28013 Madrid";
            step(
                "register",
                claims::register(&self.state, admin, "Contoso Consulting S.L.", "ESB12345678", address).await,
            )?;
        }
        if overview.bank_accounts.is_empty() {
            let (holder, number, bank) = ("Contoso Consulting S.L.", "ES91 2100 0418 4502 0005 1332", "CAIXESBBXXX");
            step("bank account", claims::set_bank_account(&self.state, admin, &madrid, holder, number, bank).await)?;
        }
        step("claim", claims::submit(&self.state, admin, &madrid, &voucher.to_string()).await)
    }

    async fn claim_id(&self, cast: &Cast, reference: &str) -> Result<String, SeedError> {
        // The newest page: the demo's claims are few, and this one was just made.
        let overview = step("claims", claims::overview(&self.state, &cast.partner_admin, "").await)?;
        overview
            .claims
            .claims
            .iter()
            .find(|claim| claim.reference == reference)
            .map(|claim| claim.id.to_string())
            .ok_or_else(|| SeedError::Invalid(format!("claim {reference} is missing")))
    }

    /// The database id of Contoso's Madrid location.
    async fn madrid(&self) -> Result<String, SeedError> {
        partners::locations(&self.state.db.pool, DEMO_PARTNER.id)
            .await?
            .into_iter()
            .find(|location| location.location_id == MADRID)
            .map(|location| location.id.to_string())
            .ok_or_else(|| SeedError::Invalid("Contoso's Madrid location is missing".into()))
    }
}

/// A server function's answer, or the step of the history that it stopped.
fn step<T>(what: &'static str, result: Result<T, AppError>) -> Result<T, SeedError> {
    result.map_err(|error| SeedError::History { step: what, error })
}
