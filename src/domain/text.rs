//! Bounded, trimmed single-line text: names of people and organisations, titles.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooLong { max: usize, found: usize },
    TooShort { min: usize },
    ControlCharacter,
    AngleBracket,
    Unreadable,
}

/// Trims `input` and checks it is a non-empty single line of at most `max` characters.
pub fn single_line(input: &str, max: usize) -> Result<String, TextError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    let found = trimmed.chars().count();
    if found > max {
        return Err(TextError::TooLong { max, found });
    }
    if trimmed.chars().any(char::is_control) {
        return Err(TextError::ControlCharacter);
    }
    // U+FFFD is what bytes that were not valid UTF-8 became on the way in.
    if trimmed.contains(char::REPLACEMENT_CHARACTER) {
        return Err(TextError::Unreadable);
    }
    Ok(trimmed.to_owned())
}

/// Trims `input` and checks it is free text of `min` to `max` characters; line breaks
/// and tabs are allowed, other control characters are not.
pub fn paragraphs(input: &str, min: usize, max: usize) -> Result<String, TextError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    let found = trimmed.chars().count();
    if found > max {
        return Err(TextError::TooLong { max, found });
    }
    if found < min {
        return Err(TextError::TooShort { min });
    }
    if trimmed.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(TextError::ControlCharacter);
    }
    if trimmed.contains(char::REPLACEMENT_CHARACTER) {
        return Err(TextError::Unreadable);
    }
    Ok(trimmed.replace("\r\n", "\n"))
}

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            /// A single line without `<` or `>`, which no real name or title needs and
            /// which are the first thing markup injection tries.
            pub fn parse(input: &str) -> Result<Self, TextError> {
                let text = single_line(input, Self::MAX_CHARS)?;
                if text.contains(['<', '>']) {
                    return Err(TextError::AngleBracket);
                }
                Ok(Self(text))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

bounded_text!(
    /// A person's display name.
    PersonName,
    100
);
bounded_text!(
    /// An organisation's name as customers and the operator see it.
    OrgName,
    120
);
bounded_text!(
    /// An organisation's legal name, as registered for payment.
    LegalName,
    200
);

bounded_text!(
    /// The title of a document, such as a version of the program agreement.
    DocumentTitle,
    200
);

bounded_text!(
    /// A job title, as given when signing the program agreement.
    JobTitle,
    100
);
bounded_text!(
    /// The name of a partner location (an office, a city).
    LocationName,
    120
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_keeps_inner_spaces() {
        assert_eq!(PersonName::parse("  Ana  María ").unwrap().as_str(), "Ana  María");
    }

    #[test]
    fn empty_or_blank_is_rejected() {
        assert_eq!(PersonName::parse(""), Err(TextError::Empty));
        assert_eq!(PersonName::parse(" \t "), Err(TextError::Empty));
    }

    #[test]
    fn over_long_is_rejected_counting_characters_not_bytes() {
        let exactly = "ñ".repeat(PersonName::MAX_CHARS);
        assert!(PersonName::parse(&exactly).is_ok());
        let over = "ñ".repeat(PersonName::MAX_CHARS + 1);
        assert_eq!(PersonName::parse(&over), Err(TextError::TooLong { max: 100, found: 101 }));
    }

    #[test]
    fn control_characters_are_rejected() {
        assert_eq!(OrgName::parse("Contoso\nLtd"), Err(TextError::ControlCharacter));
        assert_eq!(OrgName::parse("Contoso\u{0}"), Err(TextError::ControlCharacter));
    }

    #[test]
    fn apostrophes_ampersands_and_sql_punctuation_are_kept_verbatim() {
        // Real names have them; queries bind parameters, so they are only data.
        let name = OrgName::parse("O'Brien & Sons; DROP TABLE users;--").unwrap();
        assert_eq!(name.as_str(), "O'Brien & Sons; DROP TABLE users;--");
    }

    #[test]
    fn text_mangled_from_invalid_utf8_is_refused() {
        let mangled = String::from_utf8_lossy(b"Acme \xff\xfe");
        assert_eq!(OrgName::parse(&mangled), Err(TextError::Unreadable));
    }

    #[test]
    fn angle_brackets_are_refused_in_names() {
        assert_eq!(OrgName::parse("<script>alert(1)</script>"), Err(TextError::AngleBracket));
        assert_eq!(PersonName::parse("Ana <b>"), Err(TextError::AngleBracket));
    }
}
