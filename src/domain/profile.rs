//! Step 3 of the program: the partner's business profile, and how customers find it.

use super::country::CountryCode;
use super::ids::OrgId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileError {
    WebsiteEmpty,
    WebsiteMalformed,
    NoLanguage,
    UnknownLanguage(String),
    TooMany { max: usize, what: &'static str },
    IndustryTooLong { max: usize },
    DescriptionTooShort { min: usize },
    DescriptionTooLong { max: usize },
    EnrollFirst,
    LocationFirst,
    NotInDirectory,
}

/// A website address: http or https, a host with a dot, no spaces or markup characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Website(String);

impl Website {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, ProfileError> {
        let url = input.trim();
        if url.is_empty() {
            return Err(ProfileError::WebsiteEmpty);
        }
        // People type the address as they say it: "www.contoso.com" means https.
        let (url, rest) = match url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
            Some(rest) => (url.to_owned(), rest),
            None if url.contains("://") || url.contains(':') => return Err(ProfileError::WebsiteMalformed),
            None => (format!("https://{url}"), url),
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host_ok = host.contains('.')
            && host
                .split('.')
                .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        let rest_ok = !rest.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"'`{}|\\^".contains(c));
        if url.chars().count() > Self::MAX_CHARS || !host_ok || !rest_ok {
            return Err(ProfileError::WebsiteMalformed);
        }
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Languages partners deliver in (ISO 639-1), with their names.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("ar", "Arabic"),
    ("cs", "Czech"),
    ("da", "Danish"),
    ("de", "German"),
    ("el", "Greek"),
    ("en", "English"),
    ("es", "Spanish"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("hu", "Hungarian"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("nl", "Dutch"),
    ("no", "Norwegian"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sv", "Swedish"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("zh", "Chinese"),
];

pub fn language_name(code: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|(known, _)| *known == code).map(|(_, name)| *name)
}

/// Reads a comma-separated list of language codes ("en, es"), deduplicated, in order.
pub fn parse_languages(input: &str) -> Result<Vec<String>, ProfileError> {
    let mut languages: Vec<String> = Vec::new();
    for part in input.split(',').map(str::trim).filter(|part| !part.is_empty()) {
        let code = part.to_ascii_lowercase();
        if language_name(&code).is_none() {
            return Err(ProfileError::UnknownLanguage(part.chars().take(12).collect()));
        }
        if !languages.contains(&code) {
            languages.push(code);
        }
    }
    if languages.is_empty() {
        return Err(ProfileError::NoLanguage);
    }
    if languages.len() > 10 {
        return Err(ProfileError::TooMany { max: 10, what: "languages" });
    }
    Ok(languages)
}

/// Reads a comma-separated list of industries (free text, short, at most ten).
pub fn parse_industries(input: &str) -> Result<Vec<String>, ProfileError> {
    const MAX_CHARS: usize = 60;
    let mut industries: Vec<String> = Vec::new();
    for part in input.split(',').map(str::trim).filter(|part| !part.is_empty()) {
        if part.chars().count() > MAX_CHARS {
            return Err(ProfileError::IndustryTooLong { max: MAX_CHARS });
        }
        let clean =
            super::text::single_line(part, MAX_CHARS).map_err(|_| ProfileError::IndustryTooLong { max: MAX_CHARS })?;
        if !industries.iter().any(|known| known.eq_ignore_ascii_case(&clean)) {
            industries.push(clean);
        }
    }
    if industries.len() > 10 {
        return Err(ProfileError::TooMany { max: 10, what: "industries" });
    }
    Ok(industries)
}

/// The company description: several lines allowed, between 20 and 2,000 characters.
pub fn parse_description(input: &str) -> Result<String, ProfileError> {
    const MIN: usize = 20;
    const MAX: usize = 2_000;
    let text = input.trim();
    let count = text.chars().count();
    if count < MIN {
        return Err(ProfileError::DescriptionTooShort { min: MIN });
    }
    if count > MAX {
        return Err(ProfileError::DescriptionTooLong { max: MAX });
    }
    Ok(text.replace("\r\n", "\n"))
}

/// A partner's profile as the partner edits it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileDraft {
    pub description: String,
    pub website: String,
    pub contact_name: String,
    pub contact_email: String,
    pub languages: Vec<String>,
    pub industries: Vec<String>,
    pub published: bool,
}

/// A partner as customers see it in the directory and on its profile page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProfile {
    pub org_id: OrgId,
    pub name: String,
    pub description: String,
    pub website: String,
    pub contact_name: String,
    pub contact_email: String,
    pub languages: Vec<String>,
    pub industries: Vec<String>,
    /// Codes of the offerings with an active enrollment.
    pub offerings: Vec<String>,
    /// (partner location ID, name, country)
    pub locations: Vec<(String, String, CountryCode)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryPage {
    /// (code, name) of every offering, for the filter.
    pub offerings: Vec<(String, String)>,
    pub page: u32,
    pub partners: Vec<PublicProfile>,
    pub has_next: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_need_a_real_host_and_are_https_unless_said_otherwise() {
        assert!(Website::parse("https://www.contoso.com/planning?x=1").is_ok());
        assert_eq!(Website::parse("http://contoso.es").unwrap().as_str(), "http://contoso.es");
        assert_eq!(Website::parse(" www.contoso.com ").unwrap().as_str(), "https://www.contoso.com");
        assert_eq!(Website::parse("contoso.com/planning").unwrap().as_str(), "https://contoso.com/planning");
        for bad in [
            "contoso",
            "mailto:a@contoso.com",
            "https://",
            "https://localhost",
            "javascript:alert(1)",
            "https://conto so.com",
            "https://x.com/<script>",
            "ftp://x.com",
        ] {
            assert_eq!(Website::parse(bad), Err(ProfileError::WebsiteMalformed), "{bad}");
        }
        assert_eq!(Website::parse("  "), Err(ProfileError::WebsiteEmpty));
    }

    #[test]
    fn languages_are_known_codes_deduplicated() {
        assert_eq!(parse_languages("EN, es ,en").unwrap(), vec!["en", "es"]);
        assert_eq!(parse_languages("en, klingon"), Err(ProfileError::UnknownLanguage("klingon".into())));
        assert_eq!(parse_languages(" , "), Err(ProfileError::NoLanguage));
    }

    #[test]
    fn industries_and_description_are_bounded() {
        assert_eq!(parse_industries("Retail, retail, Banking").unwrap(), vec!["Retail", "Banking"]);
        assert!(parse_industries(&"x".repeat(61)).is_err());
        assert!(parse_description("too short").is_err());
        assert!(parse_description(&"x".repeat(2_001)).is_err());
        assert_eq!(
            parse_description("Line one of twenty chars\r\nLine two").unwrap(),
            "Line one of twenty chars\nLine two"
        );
    }
}
