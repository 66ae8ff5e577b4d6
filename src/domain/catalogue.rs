//! The program catalogue: offerings, their engagement types and what qualifies a partner.

use super::days::EngagementLength;
use super::ids::{EngagementTypeId, OfferingId};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Partner competency levels; gold satisfies a silver requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompetencyLevel {
    Silver,
    Gold,
}

impl CompetencyLevel {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Silver => "silver",
            Self::Gold => "gold",
        }
    }

    pub fn satisfies(self, required: CompetencyLevel) -> bool {
        self >= required
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLevel;

impl FromStr for CompetencyLevel {
    type Err = UnknownLevel;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "silver" => Ok(Self::Silver),
            "gold" => Ok(Self::Gold),
            _ => Err(UnknownLevel),
        }
    }
}

/// One competency that qualifies a partner for an engagement type (any one of the
/// listed requirements is enough).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompetencyRequirement {
    pub competency: String,
    pub min_level: CompetencyLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Offering {
    pub id: OfferingId,
    /// The program's short code, e.g. `DDPS`.
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EngagementType {
    pub id: EngagementTypeId,
    pub offering_id: OfferingId,
    pub name: String,
    pub allowed_lengths: Vec<EngagementLength>,
    /// Any one of these qualifies.
    pub qualifying_competencies: Vec<CompetencyRequirement>,
}

impl EngagementType {
    /// Whether a partner holding `held` (competency name, level) qualifies.
    pub fn is_qualified_by<'a>(&self, held: impl IntoIterator<Item = (&'a str, CompetencyLevel)>) -> bool {
        let held: Vec<_> = held.into_iter().collect();
        self.qualifying_competencies.iter().any(|requirement| {
            held.iter().any(|(name, level)| *name == requirement.competency && level.satisfies(requirement.min_level))
        })
    }
}

/// An offering with its engagement types, as the catalogue page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub offering: Offering,
    pub engagement_types: Vec<EngagementType>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogueError {
    BadCode,
    NoCompetency,
    BadCompetency,
    NoLength,
}

/// An offering's short code, e.g. `S-EDPS`.
pub fn parse_offering_code(input: &str) -> Result<String, CatalogueError> {
    let code = input.trim().to_ascii_uppercase();
    let valid = (2..=12).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(code)
    } else {
        Err(CatalogueError::BadCode)
    }
}

/// Reads `Name:level; Name:level` (level silver or gold, silver when left out).
pub fn parse_requirements(input: &str) -> Result<Vec<CompetencyRequirement>, CatalogueError> {
    let mut requirements: Vec<CompetencyRequirement> = Vec::new();
    for part in input.split(';').map(str::trim).filter(|part| !part.is_empty()) {
        let (name, level) = match part.rsplit_once(':') {
            Some((name, level)) => {
                (name.trim(), level.parse::<CompetencyLevel>().map_err(|_| CatalogueError::BadCompetency)?)
            }
            None => (part, CompetencyLevel::Silver),
        };
        let name = super::text::single_line(name, 80).map_err(|_| CatalogueError::BadCompetency)?;
        if name.contains(['<', '>']) {
            return Err(CatalogueError::BadCompetency);
        }
        if !requirements.iter().any(|known| known.competency.eq_ignore_ascii_case(&name)) {
            requirements.push(CompetencyRequirement { competency: name, min_level: level });
        }
    }
    if requirements.is_empty() {
        return Err(CatalogueError::NoCompetency);
    }
    Ok(requirements)
}

/// The `Name:level; …` text of requirements, for editing.
pub fn format_requirements(requirements: &[CompetencyRequirement]) -> String {
    requirements
        .iter()
        .map(|requirement| format!("{}:{}", requirement.competency, requirement.min_level.as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why the server refused a change to the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogueRefusal {
    CodeTaken,
    ChooseOffering,
    NameTaken,
    NoSuchEngagementType,
    RetiredMeanwhile,
    RetiredAlready,
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn windows_and_office() -> EngagementType {
        EngagementType {
            id: EngagementTypeId::from_uuid(Uuid::from_u128(1)),
            offering_id: OfferingId::from_uuid(Uuid::from_u128(2)),
            name: "Windows & Office Deployment Planning".into(),
            allowed_lengths: vec![EngagementLength::Three, EngagementLength::Five],
            qualifying_competencies: vec![CompetencyRequirement {
                competency: "Windows and Devices".into(),
                min_level: CompetencyLevel::Silver,
            }],
        }
    }

    #[test]
    fn offering_codes_are_short_and_plain() {
        assert_eq!(parse_offering_code(" s-edps "), Ok("S-EDPS".into()));
        assert_eq!(parse_offering_code("X"), Err(CatalogueError::BadCode));
        assert_eq!(parse_offering_code("-1"), Err(CatalogueError::BadCode), "starts with a letter");
        assert_eq!(parse_offering_code("DROP TABLE"), Err(CatalogueError::BadCode));
    }

    #[test]
    fn requirements_round_trip_through_their_text() {
        let parsed = parse_requirements("Messaging:silver; Data Platform:GOLD ; Communications").unwrap();
        assert_eq!(format_requirements(&parsed), "Messaging:silver; Data Platform:gold; Communications:silver");
        assert_eq!(parse_requirements(" ; "), Err(CatalogueError::NoCompetency));
        assert_eq!(parse_requirements("Messaging:platinum"), Err(CatalogueError::BadCompetency));
        assert_eq!(parse_requirements("<b>:gold"), Err(CatalogueError::BadCompetency));
    }

    #[test]
    fn gold_satisfies_silver_but_not_the_reverse() {
        assert!(CompetencyLevel::Gold.satisfies(CompetencyLevel::Silver));
        assert!(!CompetencyLevel::Silver.satisfies(CompetencyLevel::Gold));
    }

    #[test]
    fn qualification_needs_a_matching_competency_at_level() {
        let engagement = windows_and_office();
        assert!(engagement.is_qualified_by([("Windows and Devices", CompetencyLevel::Gold)]));
        assert!(!engagement.is_qualified_by([("Messaging", CompetencyLevel::Gold)]));
        assert!(!engagement.is_qualified_by([]));
    }
}
