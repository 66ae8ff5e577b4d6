//! Messages to the user: errors in plain words, loading states.

use crate::error::AppError;
use crate::locale::errors;
use crate::locale::i18n::{t, td_string, use_i18n};
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

/// The note shown while a page's data loads. Its language is read once, without insisting
/// on the page's language context: on the server a build Leptos throws away may still be
/// walked after that context is gone ("I18n context is missing" under the mixed load).
#[component]
pub fn Loading() -> impl IntoView {
    let locale = crate::locale::current();
    view! { <p class="loading" aria-live="polite">{td_string!(locale, common.loading)}</p> }
}

/// Shows `view` of a loaded resource: a loading note while it loads, the error in plain
/// words if it failed. A page whose data failed to load answers with the error's status
/// (404 for something that does not exist or is not the viewer's, 403, ...).
///
/// A page that shows one resource in several places gives every block after the first
/// `more`: those show neither the loading note nor the error again.
#[component]
pub fn Loaded<T, F, V>(resource: Resource<Result<T, AppError>>, view: F, #[prop(optional)] more: bool) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let fallback = move || (!more).then(Loading);
    view! {
        <Transition fallback>
            // try_get: on the server, a build Leptos throws away may still be walked after
            // its resources are gone (a 500 under the benchmark's mixed load); a gone
            // resource draws nothing, like one still loading.
            {move || {
                resource
                    .try_get()
                    .flatten()
                    .map(|result| match result {
                        Ok(value) => Some(view(value).into_any()),
                        Err(error) => failure(error, more),
                    })
            }}
        </Transition>
    }
}

/// What a block whose data failed to load shows: the error in plain words, with the
/// page answering its status; blocks after the first (`more`) show nothing.
fn failure(error: AppError, more: bool) -> Option<AnyView> {
    if more {
        return None;
    }
    crate::set_page_status(error.status());
    Some(view! { <ErrorMessage error /> }.into_any())
}

/// The forms of a loaded resource, drawn again only when `shape` of its value changes.
/// A page reads its data again after each success, and a form drawn again loses what a
/// person is typing or has chosen in it (a file picked right after saving a report, a
/// bank account half typed while a claim goes out): forms sit here, the facts between
/// them in [`Loaded`] blocks of the same resource. `more` as for [`Loaded`].
#[component]
pub fn Steady<T, K, F, V>(
    resource: Resource<Result<T, AppError>>,
    shape: fn(&T) -> K,
    view: F,
    #[prop(optional)] more: bool,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    K: Clone + PartialEq + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let fallback = move || (!more).then(Loading);
    // The shape is read inside this block's own Transition: read outside it, the
    // resource would register with the nearest Transition above (the page's gate), which
    // then drew the whole page again once the data came (losing, say, the focus a step's
    // heading had just been given).
    view! {
        <Transition fallback>
            <SteadyBody resource shape view more />
        </Transition>
    }
}

#[component]
fn SteadyBody<T, K, F, V>(
    resource: Resource<Result<T, AppError>>,
    shape: fn(&T) -> K,
    view: F,
    more: bool,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    K: Clone + PartialEq + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let current =
        Memo::new(move |_| resource.try_get().flatten().map(|result| result.as_ref().map(shape).map_err(Clone::clone)));
    move || {
        // Read without tracking, first: only a new shape draws the forms again, and the
        // read still registers with the Transition, so the server waits for the data (and
        // renders what the browser will hydrate).
        let value = resource.try_get_untracked().flatten();
        match current.try_get().flatten()? {
            Ok(_) => value.and_then(Result::ok).map(|value| view(value).into_any()),
            Err(error) => failure(error, more),
        }
    }
}
