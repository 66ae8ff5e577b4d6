//! Passkey ceremonies as the browser runs them: the server's challenge, the browser's
//! passkey prompt, the server's check of the answer; and the button that starts one.

use crate::components::feedback::FormAlert;
use crate::domain::second_factor::FactorRefusal;
use crate::error::AppError;
use crate::locale::i18n::use_i18n;
use crate::locale::{messages, Locale};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// What the browser is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyPrompt {
    /// Make a new passkey.
    Create,
    /// Sign a challenge with an existing one.
    Get,
}

/// Runs one ceremony: `challenge` is the server's answer to its start, `finish` sends the
/// browser's answer back. A refusal of the browser's is worded in `locale`.
pub async fn ceremony<T, Fut>(
    locale: Locale,
    prompt: PasskeyPrompt,
    challenge: Result<String, AppError>,
    finish: impl FnOnce(String) -> Fut,
) -> Result<T, AppError>
where
    Fut: Future<Output = Result<T, AppError>>,
{
    let options = challenge?;
    let answer = match prompt {
        PasskeyPrompt::Create => crate::webauthn::create(&options).await,
        PasskeyPrompt::Get => crate::webauthn::get(&options).await,
    };
    let credential =
        answer.map_err(|refusal: FactorRefusal| AppError::Conflict(messages::factor(locale, &refusal).to_owned()))?;
    finish(credential).await
}

/// An action running a ceremony in the browser, dispatched with the language its
/// refusals are worded in and its own input.
pub type PasskeyAction<T, I = ()> = Action<(Locale, I), Result<T, AppError>>;

/// Makes a [`PasskeyAction`]. The prompt's future lives on the browser's one thread; the
/// wrapper lets the action hold it (the server never runs it).
pub fn passkey_action<I, T, Fut>(run: impl Fn(Locale, I) -> Fut + Send + Sync + 'static) -> PasskeyAction<T, I>
where
    I: Clone + Send + Sync + 'static,
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    Action::new(move |(locale, input): &(Locale, I)| SendWrapper::new(run(*locale, input.clone())))
}

/// A button that starts a passkey ceremony, and the error of its last try.
#[component]
pub fn PasskeyButton<T>(action: PasskeyAction<T>, children: Children) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <FormAlert error />
        <button
            type="button"
            class="button button-quiet passkey-button"
            disabled=move || action.pending().get()
            on:click=move |_| {
                action.dispatch((i18n.get_locale_untracked(), ()));
            }
        >
            {children()}
        </button>
    }
}
