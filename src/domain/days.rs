//! Planning days and the engagement lengths they are spent in.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A count of planning days (an agreement's entitlement, a pool balance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PlanningDays(u32);

impl PlanningDays {
    pub const ZERO: Self = Self(0);

    pub const fn new(days: u32) -> Self {
        Self(days)
    }

    pub const fn get(self) -> u32 {
        self.0
    }

    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(other.0).map(Self)
    }

    pub fn saturating_add(self, other: Self) -> Self {
        Self(self.0.saturating_add(other.0))
    }
}

impl fmt::Display for PlanningDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 day"),
            n => write!(f, "{n} days"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LengthError {
    NotAllowed,
    OverMaximum,
}

/// The only engagement lengths the program pays for. 15 days is the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub enum EngagementLength {
    One,
    Three,
    Five,
    Ten,
    Fifteen,
}

impl EngagementLength {
    pub const ALL: [Self; 5] = [Self::One, Self::Three, Self::Five, Self::Ten, Self::Fifteen];
    pub const MAX: Self = Self::Fifteen;

    pub const fn days(self) -> PlanningDays {
        PlanningDays::new(match self {
            Self::One => 1,
            Self::Three => 3,
            Self::Five => 5,
            Self::Ten => 10,
            Self::Fifteen => 15,
        })
    }

    pub fn from_days(days: u32) -> Result<Self, LengthError> {
        if days > Self::MAX.days().get() {
            return Err(LengthError::OverMaximum);
        }
        Self::ALL.into_iter().find(|length| length.days().get() == days).ok_or(LengthError::NotAllowed)
    }

    /// Parses a stored list such as `"1,3,5"`; used by the catalogue.
    pub fn parse_list(input: &str) -> Result<Vec<Self>, LengthError> {
        let mut lengths = input
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| part.parse::<u32>().map_err(|_| LengthError::NotAllowed).and_then(Self::from_days))
            .collect::<Result<Vec<_>, _>>()?;
        lengths.sort();
        lengths.dedup();
        Ok(lengths)
    }

    pub fn format_list(lengths: &[Self]) -> String {
        lengths.iter().map(|length| length.days().get().to_string()).collect::<Vec<_>>().join(",")
    }
}

impl TryFrom<u32> for EngagementLength {
    type Error = LengthError;
    fn try_from(days: u32) -> Result<Self, Self::Error> {
        Self::from_days(days)
    }
}

impl From<EngagementLength> for u32 {
    fn from(length: EngagementLength) -> u32 {
        length.days().get()
    }
}

impl fmt::Display for EngagementLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.days().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_program_lengths_exist() {
        let allowed: Vec<u32> = (0..=40).filter(|days| EngagementLength::from_days(*days).is_ok()).collect();
        assert_eq!(allowed, vec![1, 3, 5, 10, 15]);
        assert_eq!(EngagementLength::from_days(20), Err(LengthError::OverMaximum));
        assert_eq!(EngagementLength::from_days(4), Err(LengthError::NotAllowed));
    }

    #[test]
    fn lists_round_trip_sorted_and_deduplicated() {
        let parsed = EngagementLength::parse_list("10, 1,3,1").unwrap();
        assert_eq!(parsed, vec![EngagementLength::One, EngagementLength::Three, EngagementLength::Ten]);
        assert_eq!(EngagementLength::format_list(&parsed), "1,3,10");
        assert!(EngagementLength::parse_list("1,x").is_err());
    }

    #[test]
    fn serde_refuses_a_disallowed_length() {
        assert!(serde_json::from_str::<EngagementLength>("7").is_err());
        assert_eq!(serde_json::from_str::<EngagementLength>("15").unwrap(), EngagementLength::Fifteen);
    }

    #[test]
    fn pool_arithmetic_never_goes_negative() {
        assert_eq!(PlanningDays::new(3).checked_sub(PlanningDays::new(5)), None);
        assert_eq!(PlanningDays::new(5).checked_sub(PlanningDays::new(3)), Some(PlanningDays::new(2)));
    }
}
