//! The account page's second sign-in step (an authenticator app and its recovery codes),
//! and the step-up prompt shown wherever an action needs a recent code.

use super::api::{BeginAuthenticator, ConfirmAuthenticator, RenewRecoveryCodes, StepUp, TurnOffAuthenticator};
use crate::components::feedback::FormAlert;
use crate::components::form::{action_error, form_level, CodeField};
use crate::domain::second_factor::{FactorCode, FactorSummary};
use crate::error::AppError;
use crate::flows::auth::session::use_session;
use crate::locale::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

/// The account page's second-factor actions; the page reads the account again after each
/// that changes what it shows.
#[derive(Clone, Copy)]
pub struct FactorActions {
    begin: ServerAction<BeginAuthenticator>,
    confirm: ServerAction<ConfirmAuthenticator>,
    turn_off: ServerAction<TurnOffAuthenticator>,
    renew: ServerAction<RenewRecoveryCodes>,
    /// Which codes their owner said they saved; kept here, above the redrawn page, so that
    /// saved codes do not come back when something else on the page changes.
    codes_saved_at: RwSignal<Option<(usize, usize)>>,
}

impl Default for FactorActions {
    fn default() -> Self {
        Self::new()
    }
}

impl FactorActions {
    pub fn new() -> Self {
        Self {
            begin: ServerAction::new(),
            confirm: ServerAction::new(),
            turn_off: ServerAction::new(),
            renew: ServerAction::new(),
            codes_saved_at: RwSignal::new(None),
        }
    }

    /// Tracks every action that changes the second factor.
    pub fn versions(self) -> (usize, usize, usize) {
        (self.confirm.version().get(), self.turn_off.version().get(), self.renew.version().get())
    }
}

#[component]
pub fn SecondFactorSection(summary: FactorSummary, actions: FactorActions) -> impl IntoView {
    let i18n = use_i18n();
    let FactorActions { begin, confirm, turn_off, renew, codes_saved_at: saved_at } = actions;
    // Codes stay on screen until their owner says they saved them.
    let issued = move || (confirm.version().get(), renew.version().get());
    let fresh_codes = move || {
        let codes = renew.value().get().and_then(Result::ok).or_else(|| confirm.value().get().and_then(Result::ok));
        codes.filter(|_| saved_at.get() != Some(issued()))
    };
    let on_saved = move || saved_at.set(Some(issued()));
    let state = summary.state;
    let status = if state.enrolled {
        view! {
            <p class="alert alert-success" role="status">
                {t!(i18n, account.factor_on, left = summary.recovery_codes_left)}
            </p>
            <ChangeFactor required=state.required turn_off renew />
        }
        .into_any()
    } else {
        view! {
            {state.required.then(|| view! { <p class="alert alert-warning" role="alert">{t!(i18n, account.factor_required)}</p> })}
            <SetUpAuthenticator begin confirm />
        }
        .into_any()
    };
    view! {
        <section class="panel" id="second-factor" aria-labelledby="factor-title">
            <h2 id="factor-title">{t!(i18n, account.factor_title)}</h2>
            <p>{t!(i18n, account.factor_lead)}</p>
            {move || fresh_codes().map(|codes| view! { <RecoveryCodes codes on_saved /> })}
            {status}
            {summary.organisation_requires.then(|| view! { <p class="aside">{t!(i18n, account.factor_org_requires)}</p> })}
        </section>
    }
}

#[component]
fn SetUpAuthenticator(
    begin: ServerAction<BeginAuthenticator>,
    confirm: ServerAction<ConfirmAuthenticator>,
) -> impl IntoView {
    let i18n = use_i18n();
    let begin_error = Signal::derive(move || begin.value().get().and_then(Result::err));
    let confirm_error = action_error(confirm);
    let setup = move || begin.value().get().and_then(Result::ok);
    view! {
        <Show
            when=move || setup().is_some()
            fallback=move || view! {
                <ActionForm action=begin>
                    <FormAlert error=begin_error />
                    <button type="submit" class="button" disabled=move || begin.pending().get()>
                        {t!(i18n, account.factor_set_up)}
                    </button>
                </ActionForm>
            }
        >
            {move || setup().map(|setup| view! {
                <ol class="steps">
                    <li>{t!(i18n, account.factor_scan)}</li>
                    <li>{t!(i18n, account.factor_type_secret)} " " <code class="secret">{setup.secret}</code></li>
                    <li>{t!(i18n, account.factor_type_code)}</li>
                </ol>
                // SVG drawn by the server from the otpauth:// address (qrcode crate), no input of anyone's.
                <div class="qr" role="img" aria-label=move || t_string!(i18n, account.factor_qr_label) inner_html=setup.qr_svg></div>
                <ActionForm action=confirm>
                    <FormAlert error=Signal::derive(move || form_level(confirm_error.get())) />
                    <CodeField error=confirm_error scope="confirm" />
                    <button type="submit" class="button" disabled=move || confirm.pending().get()>
                        {t!(i18n, account.factor_turn_on)}
                    </button>
                </ActionForm>
            })}
        </Show>
    }
}

#[component]
fn ChangeFactor(
    required: bool,
    turn_off: ServerAction<TurnOffAuthenticator>,
    renew: ServerAction<RenewRecoveryCodes>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || {
        renew.value().get().and_then(Result::err).or_else(|| turn_off.value().get().and_then(Result::err))
    });
    view! {
        <FormAlert error />
        <div class="actions">
            <ActionForm action=renew attr:class="inline-form">
                <button type="submit" class="button button-quiet" disabled=move || renew.pending().get()>
                    {t!(i18n, account.factor_new_codes)}
                </button>
            </ActionForm>
            {(!required).then(|| view! {
                <ActionForm action=turn_off attr:class="inline-form">
                    <button type="submit" class="button button-quiet" disabled=move || turn_off.pending().get()>
                        {t!(i18n, account.factor_turn_off)}
                    </button>
                </ActionForm>
            })}
        </div>
    }
}

/// Recovery codes, shown once right after they are made, until their owner says they
/// saved them. Then who the viewer is is read again: a required factor now set up opens
/// the rest of the portal (reading it earlier would redraw the page and lose the codes).
#[component]
fn RecoveryCodes(codes: Vec<String>, on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <div class="alert alert-warning recovery-codes" role="status">
            <p><strong>{t!(i18n, account.codes_title)}</strong></p>
            <p>{t!(i18n, account.codes_lead)}</p>
            <ul class="codes">{codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}</ul>
            <button
                type="button"
                class="button"
                on:click=move |_| {
                    on_saved();
                    session.viewer.refetch();
                }
            >
                {t!(i18n, account.codes_saved)}
            </button>
        </div>
    }
}

/// The step-up prompt, shown in place of an error that asks for a recent code. It may sit
/// inside the form whose submission was refused, so it is no form itself: its button
/// sends the code, and the person then submits their form again, untouched.
#[component]
pub fn StepUpPrompt() -> impl IntoView {
    let i18n = use_i18n();
    let step_up = ServerAction::<StepUp>::new();
    let code = RwSignal::new(String::new());
    let send = move || {
        step_up.dispatch(StepUp { code: code.get_untracked() });
    };
    let error = move || step_up.value().get().and_then(Result::err);
    let message = move || {
        error().map(|error| match &error {
            AppError::Validation(_) => error.field_message("code").unwrap_or_default(),
            other => crate::locale::errors::message(i18n.get_locale(), other),
        })
    };
    view! {
        <Show
            when=move || matches!(step_up.value().get(), Some(Ok(())))
            fallback=move || view! {
                <div class="step-up field">
                    <label for="step-up-code">{t!(i18n, auth.code)}</label>
                    <input
                        id="step-up-code"
                        type="text"
                        autocomplete="one-time-code"
                        maxlength=FactorCode::MAX_CHARS.to_string()
                        aria-invalid=move || error().is_some().to_string()
                        aria-describedby="step-up-code-error"
                        prop:value=move || code.get()
                        on:input=move |event| code.set(event_target_value(&event))
                        on:keydown=move |event| {
                            if event.key() == "Enter" {
                                event.prevent_default();
                                send();
                            }
                        }
                    />
                    {move || message().map(|text| view! { <p class="field-error" id="step-up-code-error">{text}</p> })}
                    <button type="button" class="button" disabled=move || step_up.pending().get() on:click=move |_| send()>
                        {t!(i18n, auth.confirm_code)}
                    </button>
                </div>
            }
        >
            <p class="alert alert-success" role="status">{t!(i18n, account.step_up_done)}</p>
        </Show>
    }
}
