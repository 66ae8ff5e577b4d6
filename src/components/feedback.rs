//! Messages to the user: errors in plain words, loading states.

use crate::error::AppError;
use crate::locale::errors;
use crate::locale::i18n::{t, use_i18n};
use leptos::prelude::*;

/// A friendly, accessible error box for any server error.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let hint = match &error {
        AppError::Unauthenticated => Some(view! { <a href="/sign-in">{t!(i18n, common.sign_in)}</a> }.into_any()),
        AppError::SecondFactorSetUpNeeded => {
            Some(view! { <a href="/account#second-factor">{t!(i18n, common.set_up_second_factor)}</a> }.into_any())
        }
        AppError::StepUpNeeded => Some(view! { <crate::flows::account::second_factor::StepUpPrompt /> }.into_any()),
        _ => None,
    };
    view! {
        <div class="alert alert-error" role="alert">
            <p>{move || errors::message(i18n.get_locale(), &error)}</p>
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
    let i18n = use_i18n();
    view! { <p class="loading" aria-live="polite">{t!(i18n, common.loading)}</p> }
}

/// Shows `view` of a loaded resource: a loading note while it loads, the error in plain
/// words if it failed. A page whose data failed to load answers with the error's status
/// (404 for something that does not exist or is not the viewer's, 403, ...).
#[component]
pub fn Loaded<T, F, V>(resource: Resource<Result<T, AppError>>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=Loading>
            {move || {
                resource
                    .get()
                    .map(|result| match result {
                        Ok(value) => view(value).into_any(),
                        Err(error) => {
                            crate::set_page_status(error.status());
                            view! { <ErrorMessage error /> }.into_any()
                        }
                    })
            }}
        </Transition>
    }
}
