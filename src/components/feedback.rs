//! Messages to the user: errors in plain words, loading states.

use crate::error::AppError;
use leptos::prelude::*;

/// A friendly, accessible error box for any server error.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let hint = match &error {
        AppError::Validation(_) => None,
        AppError::Unauthenticated => Some(view! { <a href="/sign-in">"Sign in"</a> }.into_any()),
        _ => None,
    };
    view! {
        <div class="alert alert-error" role="alert">
            <p>{error.to_string()}</p>
            {hint}
        </div>
    }
}

/// The error of the last submission of a form, if it was not about single fields.
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || error.get().map(|error| view! { <ErrorMessage error /> })
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"Loading…"</p> }
}
