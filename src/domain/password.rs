//! Password rules for new accounts. Sign-in accepts whatever was typed and compares hashes.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordError {
    TooShort { min: usize },
    TooLong { max: usize },
    Missing,
    Unreadable,
}

/// A password that meets the rules for a new account. Deliberately not `Serialize`
/// and not `Debug`-printable, so it cannot leak into logs or responses.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    /// Hashing cost grows with length; the cap keeps one request from burning a core.
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        let count = input.chars().count();
        if count < Self::MIN_CHARS {
            return Err(PasswordError::TooShort { min: Self::MIN_CHARS });
        }
        if count > Self::MAX_CHARS {
            return Err(PasswordError::TooLong { max: Self::MAX_CHARS });
        }
        if input.contains(char::REPLACEMENT_CHARACTER) {
            return Err(PasswordError::Unreadable);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// What sign-in accepts: anything non-empty and not absurdly long.
pub fn check_sign_in_password(input: &str) -> Result<&str, PasswordError> {
    if input.is_empty() {
        Err(PasswordError::Missing)
    } else if input.chars().count() > NewPassword::MAX_CHARS {
        Err(PasswordError::TooLong { max: NewPassword::MAX_CHARS })
    } else {
        Ok(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_bounds_are_enforced() {
        assert_eq!(NewPassword::parse("short"), Err(PasswordError::TooShort { min: 12 }));
        assert!(NewPassword::parse("correct horse battery").is_ok());
        assert_eq!(NewPassword::parse(&"x".repeat(129)), Err(PasswordError::TooLong { max: 128 }));
    }

    #[test]
    fn debug_never_prints_the_secret() {
        let password = NewPassword::parse("correct horse battery").unwrap();
        assert!(!format!("{password:?}").contains("horse"));
    }
}
