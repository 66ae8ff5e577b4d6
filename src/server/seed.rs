//! First-start data: the program's catalogue, day rates and entitlement tiers (always,
//! on an empty catalogue) and the demo organisations with one login per role (unless
//! `DEMO_SEED=false`).
//!
//! Seed rows have fixed ids, so two replicas starting together on one empty
//! PostgreSQL database collide on a primary key: one seeds, the other backs off. The
//! replica that created the demo accounts then plays the demo's history (`history`).

mod history;

pub use history::play as play_history;

use super::auth;
use super::db::{self, audit, catalogue, orgs, partners, users, Db};
use crate::domain::{
    catalogue::{CompetencyLevel, CompetencyRequirement, EngagementType, Offering},
    country::CountryCode,
    days::EngagementLength,
    email::EmailAddress,
    entitlement::default_tiers,
    ids::{AgreementId, EngagementTypeId, OfferingId, OrgId, UserId},
    money::{Currency, DayRate, Money},
    password::NewPassword,
    roles::{OrgKind, Role},
    text::{OrgName, PersonName},
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Every demo login uses this password (printed at start-up and in the README).
pub const DEMO_PASSWORD: &str = "planning-demo-2026";

pub struct DemoOrg {
    pub id: OrgId,
    pub kind: OrgKind,
    pub name: &'static str,
}

pub const DEMO_PROGRAM: DemoOrg = DemoOrg {
    id: OrgId::from_uuid(Uuid::from_u128(0x5eed_0000_0000_0000_0000_0000_0000_0001)),
    kind: OrgKind::Program,
    name: "Planning Services Program",
};
pub const DEMO_PARTNER: DemoOrg = DemoOrg {
    id: OrgId::from_uuid(Uuid::from_u128(0x5eed_0000_0000_0000_0000_0000_0000_0002)),
    kind: OrgKind::Partner,
    name: "Contoso Consulting",
};
pub const DEMO_CUSTOMER: DemoOrg = DemoOrg {
    id: OrgId::from_uuid(Uuid::from_u128(0x5eed_0000_0000_0000_0000_0000_0000_0003)),
    kind: OrgKind::Customer,
    name: "Fabrikam Industries",
};

pub struct DemoUser {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
}

/// One login per role.
pub const DEMO_USERS: [DemoUser; 7] = [
    DemoUser { email: "operator@program.example", name: "Olivia Operator", role: Role::Operator },
    DemoUser { email: "global.admin@contoso.example", name: "Gabriel Global", role: Role::GlobalAdmin },
    DemoUser { email: "mpn.admin@contoso.example", name: "Marta MPN", role: Role::MpnAdmin },
    DemoUser { email: "consultant@contoso.example", name: "Carlos Consultant", role: Role::Consultant },
    DemoUser { email: "benefit.admin@fabrikam.example", name: "Beatriz Benefit", role: Role::BenefitAdmin },
    DemoUser { email: "project.manager@fabrikam.example", name: "Pablo Project", role: Role::ProjectManager },
    // Last, so the ids seeded before this role existed stay as they were.
    DemoUser { email: "incentives.admin@contoso.example", name: "Ines Incentives", role: Role::IncentivesAdmin },
];

/// A second consultant at Contoso, so a reservation has someone to choose between (same
/// password; not in the banner, which shows one login per role).
pub const DEMO_COLLEAGUE: DemoUser =
    DemoUser { email: "diana.delivery@contoso.example", name: "Diana Delivery", role: Role::Consultant };

impl DemoUser {
    /// The fixed id of a demo login.
    pub fn id(&self) -> UserId {
        match DEMO_USERS.iter().position(|user| user.email == self.email) {
            Some(index) => UserId::from_uuid(seeded_id(3, 0, index)),
            None => UserId::from_uuid(seeded_id(3, 1, 0)),
        }
    }
}

/// The demo login of `role` (the first, for a role with two).
pub fn demo_user_id(role: Role) -> UserId {
    DEMO_USERS.iter().find(|user| user.role == role).map_or_else(|| DEMO_COLLEAGUE.id(), DemoUser::id)
}

/// The seeded id of the offering with `code`.
fn offering_id(code: &str) -> OfferingId {
    let index = CATALOGUE.iter().position(|(known, _, _)| *known == code).unwrap_or_default();
    OfferingId::from_uuid(seeded_id(1, index, 0))
}

/// The seeded id of the `index`th engagement type of the offering with `code`.
fn engagement_type_id(code: &str, index: usize) -> EngagementTypeId {
    let offering = CATALOGUE.iter().position(|(known, _, _)| *known == code).unwrap_or_default();
    EngagementTypeId::from_uuid(seeded_id(2, offering, index))
}

fn demo_org_of(role: Role) -> &'static DemoOrg {
    match role.org_kind() {
        OrgKind::Program => &DEMO_PROGRAM,
        OrgKind::Partner => &DEMO_PARTNER,
        OrgKind::Customer => &DEMO_CUSTOMER,
    }
}

/// (code, name, [(engagement type, allowed lengths, [(competency, minimum level)])])
type CatalogueRow =
    (&'static str, &'static str, &'static [(&'static str, &'static [u32], &'static [(&'static str, CompetencyLevel)])]);

const SILVER: CompetencyLevel = CompetencyLevel::Silver;
const GOLD: CompetencyLevel = CompetencyLevel::Gold;

const CATALOGUE: &[CatalogueRow] = &[
    (
        "DDPS",
        "Desktop Deployment Planning",
        &[
            ("Windows & Office Deployment Planning", &[1, 3, 5, 10, 15], &[("Windows and Devices", SILVER)]),
            (
                "Mobile Productivity Planning",
                &[3, 5, 10],
                &[("Enterprise Mobility Management", SILVER), ("Windows and Devices", SILVER)],
            ),
            ("Modern IT Enterprise Security PoC", &[5, 10, 15], &[("Enterprise Mobility Management", SILVER)]),
        ],
    ),
    (
        "DYDPS",
        "Dynamics Deployment Planning",
        &[
            (
                "Upgrading/Migrating Dynamics 365 Customer Engagement",
                &[3, 5, 10, 15],
                &[("Cloud Business Applications", SILVER), ("Cloud CRM", SILVER)],
            ),
            ("Upgrading Dynamics 365 Finance & Operations", &[5, 10, 15], &[("ERP", GOLD)]),
        ],
    ),
    (
        "PVDPS",
        "Private Cloud / Server Virtualization Deployment Planning",
        &[("Modernizing Windows Server", &[3, 5, 10, 15], &[("Datacenter", SILVER)])],
    ),
    (
        "SDPS",
        "SharePoint Deployment Planning",
        &[
            ("SharePoint Deployment Planning", &[1, 3, 5, 10, 15], &[("Collaboration and Content", SILVER)]),
            ("Project & Portfolio Management", &[3, 5, 10], &[("Project and Portfolio Management", SILVER)]),
        ],
    ),
    (
        "S-EDPS",
        "Skype/Exchange Deployment Planning",
        &[
            ("Exchange Deployment Planning", &[1, 3, 5, 10], &[("Messaging", SILVER)]),
            ("Skype for Business Deployment Planning", &[1, 3, 5, 10], &[("Communications", SILVER)]),
        ],
    ),
    (
        "SSDPS",
        "SQL Server Deployment Planning",
        &[("Data Estate Modernization", &[3, 5, 10, 15], &[("Data Analytics", GOLD), ("Data Platform", GOLD)])],
    ),
];

const DAY_RATES: &[(&str, i64, &str)] = &[
    ("US", 1_000, "USD"),
    ("ES", 900, "EUR"),
    ("DE", 950, "EUR"),
    ("GB", 800, "GBP"),
    ("MX", 700, "USD"),
    ("BR", 4_000, "BRL"),
];

/// A stable id per seeded catalogue row, derived from its position.
fn seeded_id(kind: u128, offering: usize, engagement: usize) -> Uuid {
    Uuid::from_u128(
        0x5eed_c000_0000_0000_0000_0000_0000_0000 | (kind << 32) | ((offering as u128) << 16) | engagement as u128,
    )
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database error while seeding: {0}")]
    Db(#[from] sqlx::Error),
    #[error("seed data is invalid: {0}")]
    Invalid(String),
    #[error("the demo history stopped at {step}: {error}")]
    History { step: &'static str, error: crate::error::AppError },
}

/// Seeds what is missing. Returns whether the demo accounts were created now.
pub async fn run(db: &Db, demo: bool, now: DateTime<Utc>) -> Result<bool, SeedError> {
    if let Err(error) = program_defaults(db, now).await {
        if !matches!(&error, SeedError::Db(db_error) if db::is_unique_violation(db_error)) {
            return Err(error);
        }
        tracing::info!("catalogue was seeded by another replica");
    }
    if let Err(error) = first_agreement(db, now).await {
        if !matches!(&error, SeedError::Db(db_error) if db::is_unique_violation(db_error)) {
            return Err(error);
        }
    }
    if !demo {
        return Ok(false);
    }
    match demo_accounts(db, now).await {
        Err(SeedError::Db(error)) if db::is_unique_violation(&error) => {
            tracing::info!("demo accounts were seeded by another replica");
            Ok(false)
        }
        other => other,
    }
}

async fn program_defaults(db: &Db, now: DateTime<Utc>) -> Result<(), SeedError> {
    let mut tx = db.pool.begin().await?;
    let offerings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM offerings").fetch_one(&mut *tx).await?;
    if offerings > 0 {
        return Ok(());
    }
    for (offering_index, (code, name, engagements)) in CATALOGUE.iter().enumerate() {
        let offering = Offering {
            id: OfferingId::from_uuid(seeded_id(1, offering_index, 0)),
            code: (*code).into(),
            name: (*name).into(),
        };
        catalogue::insert_offering(&mut tx, &offering, offering_index as i64, now).await?;
        for (engagement_index, (engagement_name, lengths, competencies)) in engagements.iter().enumerate() {
            let allowed_lengths = lengths
                .iter()
                .map(|days| EngagementLength::from_days(*days))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| SeedError::Invalid(error.to_string()))?;
            let engagement = EngagementType {
                id: EngagementTypeId::from_uuid(seeded_id(2, offering_index, engagement_index)),
                offering_id: offering.id,
                name: (*engagement_name).into(),
                allowed_lengths,
                qualifying_competencies: competencies
                    .iter()
                    .map(|(competency, min_level)| CompetencyRequirement {
                        competency: (*competency).into(),
                        min_level: *min_level,
                    })
                    .collect(),
            };
            catalogue::insert_engagement_type(&mut tx, &engagement, engagement_index as i64, now).await?;
        }
    }
    for (country, major, currency) in DAY_RATES {
        let invalid = |error: String| SeedError::Invalid(error);
        let country = CountryCode::parse(country).map_err(|error| invalid(error.to_string()))?;
        let currency = Currency::parse(currency).map_err(|error| invalid(error.to_string()))?;
        let rate = Money::from_major(*major, currency).map_err(|error| invalid(error.to_string()))?;
        catalogue::upsert_day_rate(&mut *tx, &DayRate { country, rate }, now).await?;
    }
    for tier in default_tiers() {
        catalogue::insert_tier(&mut *tx, tier).await?;
    }
    audit::record(
        &mut *tx,
        audit::Change {
            actor: audit::Actor::SYSTEM,
            org_id: None,
            entity: "catalogue",
            entity_id: "program",
            action: "seeded",
            before: None,
            after: Some(serde_json::json!({ "offerings": CATALOGUE.len(), "day_rates": DAY_RATES.len() })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

const AGREEMENT_TITLE: &str = "Software Assurance Planning Services partner agreement";
const AGREEMENT_BODY: &str = "\
1. Eligibility. The partner keeps the compliance training and the competencies that qualify it for each engagement type it delivers, and tells the program when one lapses.
2. Enrollment. Enrollment in an offering lasts one year and is renewed by re-checking the requirements and signing this agreement again. An expired enrollment cannot take new reservations.
3. Delivery. The partner delivers each reserved engagement within the voucher's life, files a completion report and at least one customer deliverable, and redeems the voucher before it expires.
4. No charge to the customer. The partner may not charge the customer for the planning work paid by a voucher, travel included.
5. Payment. The program pays redeemed vouchers at the day rate of the delivery country, on claims submitted within 60 days of redemption; payment is due 30 days after approval.
6. Records. The partner keeps engagement records for three years and makes them available to the program on request.";

/// Version 1 of the program agreement, which partners sign before they enroll.
async fn first_agreement(db: &Db, now: DateTime<Utc>) -> Result<(), SeedError> {
    if partners::current_agreement(&db.pool).await?.is_some() {
        return Ok(());
    }
    let id = AgreementId::from_uuid(seeded_id(4, 0, 0));
    partners::insert_next_agreement(&db.pool, id, AGREEMENT_TITLE, AGREEMENT_BODY, None, now).await?;
    Ok(())
}

async fn demo_accounts(db: &Db, now: DateTime<Utc>) -> Result<bool, SeedError> {
    if orgs::count(&db.pool).await? > 0 {
        return Ok(false);
    }
    let password = NewPassword::parse(DEMO_PASSWORD).map_err(|error| SeedError::Invalid(error.to_string()))?;
    // One hash (with its own salt) serves every demo login: they share a published
    // password anyway, and this keeps the first start quick.
    let password_hash = auth::hash_password(&password).await.map_err(|error| SeedError::Invalid(error.to_string()))?;
    let mut tx = db.pool.begin().await?;
    for org in [&DEMO_PROGRAM, &DEMO_PARTNER, &DEMO_CUSTOMER] {
        let name = OrgName::parse(org.name).map_err(|error| SeedError::Invalid(error.to_string()))?;
        orgs::insert(&mut *tx, org.id, org.kind, &name, now).await?;
    }
    for user in DEMO_USERS.iter().chain([&DEMO_COLLEAGUE]) {
        let email = EmailAddress::parse(user.email).map_err(|error| SeedError::Invalid(error.to_string()))?;
        let name = PersonName::parse(user.name).map_err(|error| SeedError::Invalid(error.to_string()))?;
        let id = user.id();
        let org = demo_org_of(user.role);
        users::insert(
            &mut *tx,
            users::NewUser {
                id,
                org_id: org.id,
                email: &email,
                name: &name,
                role: user.role,
                password_hash: &password_hash,
                email_verified: true,
            },
            now,
        )
        .await?;
        audit::record(
            &mut *tx,
            audit::Change {
                actor: audit::Actor::SYSTEM,
                org_id: Some(org.id),
                entity: "user",
                entity_id: &id.to_string(),
                action: "seeded",
                before: None,
                after: Some(serde_json::json!({ "email": user.email, "role": user.role.as_str() })),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The lines printed at start-up so a newcomer can sign in as every role.
pub fn demo_login_banner(public_url: &str) -> String {
    let mut banner = format!("Demo logins for {public_url}/sign-in (password for all: {DEMO_PASSWORD}):\n");
    for user in &DEMO_USERS {
        banner.push_str(&format!("  {:<16} {:<34} {}\n", user.role.as_str(), user.email, demo_org_of(user.role).name));
    }
    banner
}
