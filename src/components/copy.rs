//! The button beside a voucher code that copies it: codes are passed on by email and typed
//! into forms, and twenty symbols are easy to mistype.

use crate::locale::i18n::td_string;
use leptos::prelude::*;
use std::time::Duration;

/// How long the button says "Copied" before it offers to copy again.
const CONFIRMATION: Duration = Duration::from_secs(2);

#[component]
pub fn CopyButton(#[prop(into)] code: String) -> impl IntoView {
    // The language is read once, not tracked: on the server a build Leptos throws away may
    // still be walked after the page's language context is gone (a panic under load).
    let locale = crate::locale::current();
    let copied = RwSignal::new(None::<bool>);
    let text = code.clone();
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            copied.set(Some(crate::clipboard::copy(text).await));
            // The row may be gone by then (the list was read again): nothing to reset.
            set_timeout(
                move || {
                    let _ = copied.try_set(None);
                },
                CONFIRMATION,
            );
        });
    };
    // Read with try_get: on the server, Leptos walks a page once more after its data has
    // come (to find reads nested behind it), and under load that walk met this button
    // after its owner was gone; a disposed signal reads as "not copied" rather than panic.
    let state = move || copied.try_get().flatten();
    view! {
            <button
                type="button"
                class="button-copy"
                on:click=copy
                aria-label=move || match state() {
                    Some(true) => td_string!(locale, common.copied).to_owned(),
                    Some(false) => td_string!(locale, common.copy_failed).to_owned(),
                    None => td_string!(locale, common.copy_code, code = code.clone()).to_string(),
                }
            >
                {move || match state() {
                    Some(true) => td_string!(locale, common.copied),
                    Some(false) => td_string!(locale, common.copy_failed),
                    None => td_string!(locale, common.copy),
                }}
            </button>
    }
}
