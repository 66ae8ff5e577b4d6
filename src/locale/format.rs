//! Dates, numbers and money as each language writes them.
//!
//! Two languages with simple rules: a few lines here instead of ICU's locale data,
//! which would add hundreds of kilobytes to the browser's download (issue 8's budget).

use super::Locale;
use crate::domain::days::PlanningDays;
use crate::domain::money::Money;
use chrono::{DateTime, Datelike, Timelike, Utc};

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_ES: [&str; 12] = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"];

/// `26 Nov 2026` / `26 nov 2026`.
pub fn date(locale: Locale, at: impl Datelike) -> String {
    let months = match locale {
        Locale::en => MONTHS_EN,
        Locale::es => MONTHS_ES,
    };
    format!("{} {} {}", at.day(), months[at.month0() as usize], at.year())
}

/// `Nov 2026` / `nov 2026`: a month, as chart labels name it.
pub fn month(locale: Locale, day: impl Datelike) -> String {
    format!("{} {}", month_name(locale, &day), day.year())
}

/// `Nov` / `nov`: a month within a row of months whose year is given elsewhere.
pub fn month_name(locale: Locale, day: &impl Datelike) -> &'static str {
    let months = match locale {
        Locale::en => MONTHS_EN,
        Locale::es => MONTHS_ES,
    };
    months[day.month0() as usize]
}

/// `26 Nov 2026, 14:05 UTC` / `26 nov 2026, 14:05 UTC` (the portal keeps time in UTC
/// and says so).
pub fn date_time(locale: Locale, at: DateTime<Utc>) -> String {
    format!("{}, {:02}:{:02} UTC", date(locale, at), at.hour(), at.minute())
}

/// `1,234` / `1.234`: thousands grouped the way each language groups them.
pub fn number(locale: Locale, value: i64) -> String {
    let (group, _) = separators(locale);
    let grouped = Money::group_digits(value.unsigned_abs(), group);
    if value < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// `1,234.50 EUR` / `1.234,50 EUR`.
pub fn money(locale: Locale, amount: Money) -> String {
    let (group, decimal) = separators(locale);
    amount.written_with(group, decimal)
}

/// `1 day`, `12 days` / `1 día`, `12 días`.
pub fn days(locale: Locale, days: PlanningDays) -> String {
    let count = days.get();
    let noun = match (locale, count) {
        (Locale::en, 1) => "day",
        (Locale::en, _) => "days",
        (Locale::es, 1) => "día",
        (Locale::es, _) => "días",
    };
    format!("{} {noun}", number(locale, i64::from(count)))
}

fn separators(locale: Locale) -> (char, char) {
    match locale {
        Locale::en => (',', '.'),
        Locale::es => ('.', ','),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 9, 5, 7, 3, 0).unwrap()
    }

    #[test]
    fn months_are_named_in_the_reader_language() {
        assert_eq!(month(Locale::en, at()), "Sep 2026");
        assert_eq!(month(Locale::es, at()), "sept 2026");
    }

    #[test]
    fn days_agree_in_number_in_each_language() {
        assert_eq!(days(Locale::en, PlanningDays::new(1)), "1 day");
        assert_eq!(days(Locale::en, PlanningDays::new(1500)), "1,500 days");
        assert_eq!(days(Locale::es, PlanningDays::new(1)), "1 día");
        assert_eq!(days(Locale::es, PlanningDays::new(0)), "0 días");
        assert_eq!(
            days(Locale::en, PlanningDays::new(3)),
            PlanningDays::new(3).to_string(),
            "English is the domain's own"
        );
    }

    #[test]
    fn dates_name_the_month_in_the_reader_language() {
        assert_eq!(date(Locale::en, at()), "5 Sep 2026");
        assert_eq!(date(Locale::es, at()), "5 sept 2026");
        assert_eq!(date_time(Locale::es, at()), "5 sept 2026, 07:03 UTC");
    }

    #[test]
    fn numbers_group_thousands_per_language() {
        assert_eq!(number(Locale::en, 1_234_567), "1,234,567");
        assert_eq!(number(Locale::es, 1_234_567), "1.234.567");
        assert_eq!(number(Locale::es, 999), "999");
        assert_eq!(number(Locale::en, -1_000), "-1,000");
    }

    #[test]
    fn money_swaps_the_separators_in_spanish() {
        let currency = Currency::parse("EUR").unwrap();
        let amount = Money::new(123_450, currency).unwrap();
        assert_eq!(money(Locale::en, amount), "1,234.50 EUR");
        assert_eq!(money(Locale::es, amount), "1.234,50 EUR");
        assert_eq!(money(Locale::en, amount), amount.to_string(), "English is the domain's own form");
    }
}
