//! Email addresses as people type them into sign-up, sign-in and invitation forms.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailError {
    Empty,
    TooLong,
    Malformed,
}

/// A syntactically plausible address, trimmed and lower-cased so that sign-in does not
/// depend on how someone capitalised it. Deliverability is proven by the invitation email.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let candidate = input.trim();
        if candidate.is_empty() {
            return Err(EmailError::Empty);
        }
        if candidate.chars().count() > Self::MAX_CHARS {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = candidate.rsplit_once('@').ok_or(EmailError::Malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !(local_ok && domain_ok) {
            return Err(EmailError::Malformed);
        }
        Ok(Self(candidate.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_ordinary_addresses() {
        assert_eq!(
            EmailAddress::parse("  Ana.Lopez+ps@Contoso.EXAMPLE ").unwrap().as_str(),
            "ana.lopez+ps@contoso.example"
        );
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "ana",
            "ana@",
            "@contoso.com",
            "ana@contoso",
            "ana lopez@contoso.com",
            "ana@@contoso.com",
            "ana@contoso..com",
            "<script>@x.com",
            "a'; DROP TABLE users;--@x.com",
            ".ana@contoso.com",
            "ana@-contoso.com",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(EmailError::Malformed), "{bad}");
        }
    }

    #[test]
    fn rejects_empty_and_over_long() {
        assert_eq!(EmailAddress::parse("   "), Err(EmailError::Empty));
        let long = format!("{}@{}.com", "a".repeat(60), "b".repeat(200));
        assert_eq!(EmailAddress::parse(&long), Err(EmailError::TooLong));
    }
}
