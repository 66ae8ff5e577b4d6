//! Planning days an agreement earns from its qualifying Software Assurance licence count.

use super::days::PlanningDays;
use serde::{Deserialize, Serialize};

/// From `min_licenses` qualifying licences upward, an agreement earns `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitlementTier {
    pub min_licenses: u32,
    pub days: PlanningDays,
}

/// The program's default table; the operator may edit the stored copy.
pub fn default_tiers() -> Vec<EntitlementTier> {
    [(0, 0), (250, 3), (750, 5), (2_500, 10), (5_000, 15), (15_000, 25)]
        .into_iter()
        .map(|(min_licenses, days)| EntitlementTier { min_licenses, days: PlanningDays::new(days) })
        .collect()
}

/// The days earned by `licenses`: the highest tier whose threshold it reaches.
pub fn entitled_days(licenses: u32, tiers: &[EntitlementTier]) -> PlanningDays {
    tiers
        .iter()
        .filter(|tier| licenses >= tier.min_licenses)
        .max_by_key(|tier| tier.min_licenses)
        .map_or(PlanningDays::ZERO, |tier| tier.days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_table_at_its_boundaries() {
        let tiers = default_tiers();
        for (licenses, days) in [
            (0, 0),
            (249, 0),
            (250, 3),
            (749, 3),
            (750, 5),
            (2_499, 5),
            (2_500, 10),
            (4_999, 10),
            (5_000, 15),
            (14_999, 15),
            (15_000, 25),
            (1_000_000, 25),
        ] {
            assert_eq!(entitled_days(licenses, &tiers), PlanningDays::new(days), "{licenses} licences");
        }
    }
}
