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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TierError {
    DaysMalformed,
    FallsBelow { min_licenses: u32, below: PlanningDays, below_from: u32 },
    RisesAbove { min_licenses: u32, above: PlanningDays, above_from: u32 },
}

pub fn parse_tier_days(input: &str) -> Result<PlanningDays, TierError> {
    match input.trim().parse::<u32>() {
        Ok(days) if days <= 100 => Ok(PlanningDays::new(days)),
        _ => Err(TierError::DaysMalformed),
    }
}

/// The table after setting `tier` (adding it or changing its days), as long as more
/// licences never earn fewer days.
pub fn with_tier(tiers: &[EntitlementTier], tier: EntitlementTier) -> Result<Vec<EntitlementTier>, TierError> {
    let mut table: Vec<EntitlementTier> =
        tiers.iter().copied().filter(|t| t.min_licenses != tier.min_licenses).collect();
    if let Some(below) = table.iter().filter(|t| t.min_licenses < tier.min_licenses).max_by_key(|t| t.min_licenses) {
        if below.days > tier.days {
            return Err(TierError::FallsBelow {
                min_licenses: tier.min_licenses,
                below: below.days,
                below_from: below.min_licenses,
            });
        }
    }
    if let Some(above) = table.iter().filter(|t| t.min_licenses > tier.min_licenses).min_by_key(|t| t.min_licenses) {
        if above.days < tier.days {
            return Err(TierError::RisesAbove {
                min_licenses: tier.min_licenses,
                above: above.days,
                above_from: above.min_licenses,
            });
        }
    }
    table.push(tier);
    table.sort_by_key(|t| t.min_licenses);
    Ok(table)
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

    #[test]
    fn tiers_change_only_so_that_more_licences_never_earn_fewer_days() {
        let tier = |min_licenses, days| EntitlementTier { min_licenses, days: PlanningDays::new(days) };
        let changed = with_tier(&default_tiers(), tier(750, 6)).unwrap();
        assert_eq!(entitled_days(800, &changed), PlanningDays::new(6));
        let added = with_tier(&default_tiers(), tier(50_000, 30)).unwrap();
        assert_eq!(entitled_days(60_000, &added), PlanningDays::new(30));
        assert!(matches!(
            with_tier(&default_tiers(), tier(750, 2)),
            Err(TierError::FallsBelow { below_from: 250, .. })
        ));
        assert!(matches!(
            with_tier(&default_tiers(), tier(750, 11)),
            Err(TierError::RisesAbove { above_from: 2_500, .. })
        ));
        assert_eq!(parse_tier_days("101"), Err(TierError::DaysMalformed));
        assert_eq!(parse_tier_days(" 7 "), Ok(PlanningDays::new(7)));
    }
}
