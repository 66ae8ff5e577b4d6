//! The language switcher in the header, and keeping the page in the language a
//! signed-in person chose (remembered on their account, so it follows them to any
//! browser).

use crate::flows::auth::api::ChooseLanguage;
use crate::flows::auth::session::use_session;
use crate::locale::i18n::{t, use_i18n};
use crate::locale::{code, language_cookie, other, Locale};
use leptos::prelude::*;

/// One button naming the other language in that language. Works without JavaScript
/// too: the form posts, the server sets the cookie and sends the browser back.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choose = ServerAction::<ChooseLanguage>::new();
    Effect::new(move |_| {
        if let Some(Ok(chosen)) = choose.value().get() {
            i18n.set_locale(chosen);
        }
    });
    view! {
        <ActionForm action=choose attr:class="inline-form language-switch">
            <input type="hidden" name="language" value=move || code(other(i18n.get_locale())) />
            <button
                type="submit"
                class="button button-quiet"
                lang=move || code(other(i18n.get_locale()))
                title=move || crate::locale::i18n::t_string!(i18n, common.language_switch_label)
            >
                {t!(i18n, common.other_language)}
            </button>
        </ActionForm>
    }
}

/// Draws `children` again when the language changes: for pages whose parts are drawn
/// once (so forms keep what is typed) and so word their texts once, in one language.
#[component]
pub fn InEachLanguage(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        i18n.get_locale();
        children()
    }
}

/// Shows the pages in the signed-in person's own language once their session is
/// known (after signing in on a browser that had another language, say).
pub fn follow_the_viewer_language() {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| {
        let chosen = session.viewer.get().and_then(|result| result.ok().flatten()).and_then(|viewer| viewer.language);
        if let Some(chosen) = chosen {
            if chosen != i18n.get_locale_untracked() {
                i18n.set_locale(chosen);
                remember_in_this_browser(chosen);
            }
        }
    });
}

/// Writes the language cookie in this browser, so the next page is rendered in the
/// viewer's language from its first byte. The server writes the same cookie whenever
/// someone picks a language or signs in; this covers a browser that was signed in before
/// they picked one elsewhere. (leptos_i18n's own cookie code stays out of the client: see
/// Cargo.toml.)
fn remember_in_this_browser(locale: Locale) {
    use web_sys::wasm_bindgen::JsCast;
    if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = document.set_cookie(&language_cookie(locale));
    }
}
