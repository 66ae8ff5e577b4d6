//! Money as integer minor units with an ISO 4217 currency; never floating point.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("\"{0}\" is not a currency we pay in (use USD, EUR, GBP, BRL, ...).")]
    UnknownCurrency(String),
    #[error("Amounts cannot be negative.")]
    Negative,
    #[error("That amount is too large.")]
    Overflow,
}

/// Currencies the program pays partners in, with their minor-unit exponent.
const CURRENCIES: &[(&str, u32)] = &[
    ("USD", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("BRL", 2),
    ("MXN", 2),
    ("CAD", 2),
    ("AUD", 2),
    ("CHF", 2),
    ("SEK", 2),
    ("NOK", 2),
    ("DKK", 2),
    ("PLN", 2),
    ("INR", 2),
    ("CNY", 2),
    ("ZAR", 2),
    ("JPY", 0),
    ("KRW", 0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn parse(input: &str) -> Result<Self, MoneyError> {
        let code = input.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|(known, _)| *known == code)
            .and_then(|(known, _)| known.as_bytes().try_into().ok())
            .map(Self)
            .ok_or_else(|| MoneyError::UnknownCurrency(input.trim().chars().take(8).collect()))
    }

    pub fn code(&self) -> &str {
        // Only ever built from the ASCII table above.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the decimal point (2 for EUR, 0 for JPY).
    pub fn exponent(&self) -> u32 {
        CURRENCIES.iter().find(|(known, _)| *known == self.code()).map_or(2, |(_, exponent)| *exponent)
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> String {
        currency.code().to_owned()
    }
}

/// An amount of money: minor units (cents) and currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor_units: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor_units: i64, currency: Currency) -> Result<Self, MoneyError> {
        if minor_units < 0 {
            return Err(MoneyError::Negative);
        }
        Ok(Self { minor_units, currency })
    }

    /// Builds an amount from whole units (1,000 USD).
    pub fn from_major(major: i64, currency: Currency) -> Result<Self, MoneyError> {
        let factor = 10_i64.pow(currency.exponent());
        Self::new(major.checked_mul(factor).ok_or(MoneyError::Overflow)?, currency)
    }

    /// This amount multiplied by a count (days × day rate); refuses to overflow.
    pub fn times(self, count: u32) -> Result<Self, MoneyError> {
        let minor_units = self.minor_units.checked_mul(i64::from(count)).ok_or(MoneyError::Overflow)?;
        Ok(Self { minor_units, currency: self.currency })
    }
}

impl Money {
    /// `1,234.50 EUR` with `group` between thousands and `decimal` before the
    /// currency's own number of decimals (the reader's language picks both).
    pub fn written_with(&self, group: char, decimal: char) -> String {
        let exponent = self.currency.exponent();
        let factor = 10_u64.pow(exponent);
        let units = self.minor_units.unsigned_abs();
        let grouped = Self::group_digits(units / factor, group);
        if exponent == 0 {
            format!("{grouped} {}", self.currency.code())
        } else {
            format!("{grouped}{decimal}{:0width$} {}", units % factor, self.currency.code(), width = exponent as usize)
        }
    }

    /// `1234567` → `1,234,567` (with `,` as `group`).
    pub fn group_digits(value: u64, group: char) -> String {
        let digits = value.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push(group);
            }
            grouped.push(digit);
        }
        grouped
    }
}

impl fmt::Display for Money {
    /// `1,234.50 EUR`: grouped, with the currency's own number of decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written_with(',', '.'))
    }
}

/// What the program pays per delivered planning day in one country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRate {
    pub country: super::country::CountryCode,
    pub rate: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::parse("usd").unwrap()
    }

    #[test]
    fn formats_with_grouping_and_decimals() {
        assert_eq!(Money::from_major(1_000, usd()).unwrap().to_string(), "1,000.00 USD");
        assert_eq!(Money::new(123_456_789, usd()).unwrap().to_string(), "1,234,567.89 USD");
        let yen = Currency::parse("JPY").unwrap();
        assert_eq!(Money::from_major(5_000, yen).unwrap().to_string(), "5,000 JPY");
    }

    #[test]
    fn days_times_rate_is_exact_and_overflow_is_an_error() {
        let rate = Money::from_major(900, Currency::parse("EUR").unwrap()).unwrap();
        assert_eq!(rate.times(15).unwrap().minor_units, 1_350_000);
        assert_eq!(Money::new(i64::MAX, usd()).unwrap().times(2), Err(MoneyError::Overflow));
    }

    #[test]
    fn unknown_currency_and_negative_amounts_are_refused() {
        assert!(matches!(Currency::parse("XYZ"), Err(MoneyError::UnknownCurrency(_))));
        assert_eq!(Money::new(-1, usd()), Err(MoneyError::Negative));
    }
}
