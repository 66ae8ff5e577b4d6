//! The portal's languages: the translations leptos_i18n generates from `locales/`
//! (English and Spanish), the names of shared domain values in each language, and the
//! way dates, numbers and money are written in each.

pub mod countries;
pub mod errors;
pub mod format;
pub mod labels;
pub mod messages;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use i18n::Locale;
use std::sync::OnceLock;

/// The cookie leptos_i18n reads on the server; the server writes it when someone signs
/// in or picks a language, and the browser when a signed-in person's language differs
/// from it (components::language).
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

const COOKIE_DAYS: i64 = 365;

/// `en` or `es`.
pub fn code(locale: Locale) -> &'static str {
    leptos_i18n::Locale::as_str(locale)
}

/// The language cookie as the server writes it: a year, for the whole site.
pub fn language_cookie(locale: Locale) -> String {
    format!("{LANGUAGE_COOKIE}={}; Path=/; Max-Age={}; SameSite=Lax", code(locale), COOKIE_DAYS * 24 * 3600)
}

/// The same cookie's options for leptos_i18n, which reads it on the server (were it ever
/// to write one, without a path it would be one cookie per folder of the site).
pub fn language_cookie_options() -> leptos_i18n::context::CookieOptions<Locale> {
    leptos_i18n::context::CookieOptions::<Locale>::default()
        .path("/")
        .max_age(COOKIE_DAYS * 24 * 3600 * 1000)
        .same_site(leptos_use::SameSite::Lax)
}

/// A language the portal is not written in.
/// Its sentence: `messages::unknown_language`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLanguage;

/// `en` or `es`, exactly (leptos_i18n's own deserializer quietly falls back to English
/// for anything else: a form field must not).
pub fn parse(code: &str) -> Result<Locale, UnknownLanguage> {
    match code {
        "en" => Ok(Locale::en),
        "es" => Ok(Locale::es),
        _ => Err(UnknownLanguage),
    }
}

/// Where the server finds the language of the request it is answering (its cookie, then
/// `Accept-Language`), registered once at start-up.
static REQUEST_LANGUAGE: OnceLock<fn() -> Option<Locale>> = OnceLock::new();

/// Lets [`current`] ask the server for the request's language.
pub fn read_request_language_with(resolver: fn() -> Option<Locale>) {
    let _ = REQUEST_LANGUAGE.set(resolver);
}

/// The language of what is being answered: the page's (its i18n context, in the browser
/// and while the server renders), else the request's (a server function), else English
/// (jobs, emails without a recipient's choice, tests).
pub fn current() -> Locale {
    if let Some(context) = leptos::prelude::use_context::<leptos_i18n::I18nContext<Locale>>() {
        return context.get_locale_untracked();
    }
    REQUEST_LANGUAGE.get().and_then(|resolve| resolve()).unwrap_or(Locale::en)
}

/// The language offered by the switcher when `current` is shown.
pub fn other(current: Locale) -> Locale {
    match current {
        Locale::en => Locale::es,
        Locale::es => Locale::en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_from_their_codes_only() {
        assert_eq!(parse("es"), Ok(Locale::es));
        assert_eq!(parse("en"), Ok(Locale::en));
        for bad in ["fr", "", " es", "ES", "es; Path=/", "español"] {
            assert_eq!(parse(bad), Err(UnknownLanguage), "{bad:?}");
        }
        for locale in [Locale::en, Locale::es] {
            assert_eq!(parse(code(locale)), Ok(locale));
        }
    }

    #[test]
    fn the_switcher_offers_the_other_language() {
        assert_eq!(other(Locale::en), Locale::es);
        assert_eq!(other(Locale::es), Locale::en);
    }

    #[test]
    fn the_cookie_covers_the_whole_site() {
        assert_eq!(language_cookie(Locale::es), "i18n_pref_locale=es; Path=/; Max-Age=31536000; SameSite=Lax");
    }
}
