//! Step 1 of the program: which offerings and engagement types a partner qualifies for,
//! and the status of each offering. Pure rules over what the partner has recorded.

use super::catalogue::{CatalogueEntry, CompetencyLevel, CompetencyRequirement};
use super::ids::{EngagementTypeId, OfferingId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A competency the partner company holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCompetency {
    pub name: String,
    pub level: CompetencyLevel,
    pub valid_until: NaiveDate,
}

/// Everything eligibility depends on, as of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualifications {
    /// When the company completed the program's compliance training, if it has.
    pub training_completed_on: Option<NaiveDate>,
    pub competencies: Vec<HeldCompetency>,
}

/// One line of the checklist: met (with what meets it), or what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    Met(Fact),
    Missing(Fact),
}

/// What a checklist line says, worded by the page in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fact {
    TrainingCompleted {
        on: NaiveDate,
    },
    /// Recorded with a date still to come.
    TrainingNotYet {
        on: NaiveDate,
    },
    TrainingMissing,
    CompetencyHeld {
        name: String,
        level: CompetencyLevel,
        valid_until: NaiveDate,
    },
    /// Any one of these qualifies.
    CompetencyNeeded {
        any_of: Vec<CompetencyRequirement>,
    },
}

impl Check {
    pub fn is_met(&self) -> bool {
        matches!(self, Check::Met(_))
    }
}

/// Where a partner stands with one offering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OfferingStatus {
    NotStarted,
    InProgress,
    Active,
    Expired,
}

impl OfferingStatus {
    pub const fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Not started",
            Self::InProgress => "In progress",
            Self::Active => "Active",
            Self::Expired => "Expired",
        }
    }
}

/// The partner's enrollment in an offering, as far as eligibility cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentPeriod {
    pub offering_id: OfferingId,
    pub expires_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementEligibility {
    pub engagement_type_id: EngagementTypeId,
    pub name: String,
    pub competency: Check,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingEligibility {
    pub offering_id: OfferingId,
    pub code: String,
    pub name: String,
    pub status: OfferingStatus,
    pub training: Check,
    pub engagement_types: Vec<EngagementEligibility>,
    pub enrolled_until: Option<NaiveDate>,
}

impl OfferingEligibility {
    /// Requirements to enroll: company training and at least one engagement type the
    /// company qualifies for (the agreement signature is checked at enrollment).
    pub fn requirements_met(&self) -> bool {
        self.training.is_met() && self.engagement_types.iter().any(|engagement| engagement.competency.is_met())
    }
}

fn training_check(qualifications: &Qualifications, today: NaiveDate) -> Check {
    match qualifications.training_completed_on {
        Some(on) if on <= today => Check::Met(Fact::TrainingCompleted { on }),
        Some(on) => Check::Missing(Fact::TrainingNotYet { on }),
        None => Check::Missing(Fact::TrainingMissing),
    }
}

/// The checklist of every offering of `catalogue` for a partner with `qualifications`
/// and `enrollments`, as of `today`.
pub fn assess(
    catalogue: &[CatalogueEntry],
    qualifications: &Qualifications,
    enrollments: &[EnrollmentPeriod],
    today: NaiveDate,
) -> Vec<OfferingEligibility> {
    let valid: Vec<&HeldCompetency> =
        qualifications.competencies.iter().filter(|competency| competency.valid_until >= today).collect();
    catalogue
        .iter()
        .map(|entry| {
            let training = training_check(qualifications, today);
            let engagement_types: Vec<EngagementEligibility> = entry
                .engagement_types
                .iter()
                .map(|engagement| {
                    let meeting = engagement.qualifying_competencies.iter().find_map(|requirement| {
                        valid.iter().find(|held| {
                            held.name == requirement.competency && held.level.satisfies(requirement.min_level)
                        })
                    });
                    let competency = match meeting {
                        Some(held) => Check::Met(Fact::CompetencyHeld {
                            name: held.name.clone(),
                            level: held.level,
                            valid_until: held.valid_until,
                        }),
                        None => Check::Missing(Fact::CompetencyNeeded {
                            any_of: engagement.qualifying_competencies.clone(),
                        }),
                    };
                    EngagementEligibility {
                        engagement_type_id: engagement.id,
                        name: engagement.name.clone(),
                        competency,
                    }
                })
                .collect();
            let enrollment = enrollments.iter().find(|period| period.offering_id == entry.offering.id);
            let anything_met =
                training.is_met() || engagement_types.iter().any(|engagement| engagement.competency.is_met());
            let status = match enrollment {
                Some(period) if period.expires_on > today => OfferingStatus::Active,
                Some(_) => OfferingStatus::Expired,
                None if anything_met => OfferingStatus::InProgress,
                None => OfferingStatus::NotStarted,
            };
            OfferingEligibility {
                offering_id: entry.offering.id,
                code: entry.offering.code.clone(),
                name: entry.offering.name.clone(),
                status,
                training,
                engagement_types,
                enrolled_until: enrollment.map(|period| period.expires_on),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::{CompetencyRequirement, EngagementType, Offering};
    use crate::domain::days::EngagementLength;
    use uuid::Uuid;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn sql_server() -> CatalogueEntry {
        let offering_id = OfferingId::from_uuid(Uuid::from_u128(1));
        CatalogueEntry {
            offering: Offering { id: offering_id, code: "SSDPS".into(), name: "SQL Server Deployment Planning".into() },
            engagement_types: vec![EngagementType {
                id: EngagementTypeId::from_uuid(Uuid::from_u128(2)),
                offering_id,
                name: "Data Estate Modernization".into(),
                allowed_lengths: vec![EngagementLength::Five],
                qualifying_competencies: vec![
                    CompetencyRequirement { competency: "Data Analytics".into(), min_level: CompetencyLevel::Gold },
                    CompetencyRequirement { competency: "Data Platform".into(), min_level: CompetencyLevel::Gold },
                ],
            }],
        }
    }

    fn held(name: &str, level: CompetencyLevel, valid_until: NaiveDate) -> HeldCompetency {
        HeldCompetency { name: name.into(), level, valid_until }
    }

    const TODAY: (i32, u32, u32) = (2026, 6, 1);

    fn today() -> NaiveDate {
        day(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn nothing_recorded_is_not_started_with_every_gap_named() {
        let nothing = Qualifications { training_completed_on: None, competencies: vec![] };
        let [result] = assess(&[sql_server()], &nothing, &[], today()).try_into().unwrap();
        assert_eq!(result.status, OfferingStatus::NotStarted);
        assert!(!result.training.is_met());
        let Check::Missing(Fact::CompetencyNeeded { any_of }) = &result.engagement_types[0].competency else {
            panic!("missing expected")
        };
        let names: Vec<(&str, CompetencyLevel)> =
            any_of.iter().map(|requirement| (requirement.competency.as_str(), requirement.min_level)).collect();
        assert_eq!(names, vec![("Data Analytics", CompetencyLevel::Gold), ("Data Platform", CompetencyLevel::Gold)]);
        assert_eq!(result.training, Check::Missing(Fact::TrainingMissing));
        assert!(!result.requirements_met());
    }

    #[test]
    fn training_alone_is_in_progress() {
        let trained = Qualifications { training_completed_on: Some(day(2026, 1, 10)), competencies: vec![] };
        let [result] = assess(&[sql_server()], &trained, &[], today()).try_into().unwrap();
        assert_eq!(result.status, OfferingStatus::InProgress);
        assert!(!result.requirements_met());
    }

    #[test]
    fn training_and_any_one_qualifying_competency_meet_the_requirements() {
        let ready = Qualifications {
            training_completed_on: Some(day(2026, 1, 10)),
            competencies: vec![held("Data Platform", CompetencyLevel::Gold, day(2027, 1, 1))],
        };
        let [result] = assess(&[sql_server()], &ready, &[], today()).try_into().unwrap();
        assert!(result.requirements_met());
        assert_eq!(result.status, OfferingStatus::InProgress, "met but not yet enrolled");
    }

    #[test]
    fn a_silver_or_expired_competency_does_not_qualify_for_gold() {
        let weak = Qualifications {
            training_completed_on: Some(day(2026, 1, 10)),
            competencies: vec![
                held("Data Platform", CompetencyLevel::Silver, day(2027, 1, 1)),
                held("Data Analytics", CompetencyLevel::Gold, day(2026, 5, 31)),
            ],
        };
        let [result] = assess(&[sql_server()], &weak, &[], today()).try_into().unwrap();
        assert!(!result.engagement_types[0].competency.is_met());
    }

    #[test]
    fn enrollment_is_active_until_it_expires() {
        let entry = sql_server();
        let nothing = Qualifications { training_completed_on: None, competencies: vec![] };
        let period = EnrollmentPeriod { offering_id: entry.offering.id, expires_on: day(2026, 6, 2) };
        let active = &assess(std::slice::from_ref(&entry), &nothing, &[period], today())[0];
        assert_eq!(active.status, OfferingStatus::Active);
        let expired = &assess(&[entry], &nothing, &[period], day(2026, 6, 2))[0];
        assert_eq!(expired.status, OfferingStatus::Expired);
    }
}
