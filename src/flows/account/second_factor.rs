//! The account page's second sign-in step (an authenticator app, passkeys and the
//! recovery codes), and the step-up prompt shown wherever an action needs a recent one.

use super::api::{
    add_passkey, begin_passkey, begin_passkey_step_up, step_up_with_passkey, BeginAuthenticator, ConfirmAuthenticator,
    RemovePasskey, RenewRecoveryCodes, StepUp, TurnOffAuthenticator,
};
use crate::components::feedback::FormAlert;
use crate::components::form::{action_error, form_level, last_success, server_action_success, CodeField, TextField};
use crate::components::passkey::{ceremony, passkey_action, PasskeyAction, PasskeyButton, PasskeyPrompt};
use crate::domain::second_factor::{FactorCode, FactorRefusal, FactorSummary, PasskeyName, PasskeySummary};
use crate::error::AppError;
use crate::flows::auth::session::use_session;
use crate::locale::format;
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
    /// A new passkey under the name typed, the current password confirmed; answers
    /// recovery codes when it is the first factor.
    add_passkey: PasskeyAction<Vec<String>, NewPasskeyForm>,
    remove_passkey: ServerAction<RemovePasskey>,
    /// The last success of each action that changes what the page shows.
    succeeded: [Memo<usize>; 5],
    /// Which codes their owner said they saved; kept here, above the redrawn page, so that
    /// saved codes do not come back when something else on the page changes.
    codes_saved_at: RwSignal<Option<(usize, usize, usize)>>,
}

impl Default for FactorActions {
    fn default() -> Self {
        Self::new()
    }
}

impl FactorActions {
    pub fn new() -> Self {
        let confirm = ServerAction::<ConfirmAuthenticator>::new();
        let turn_off = ServerAction::<TurnOffAuthenticator>::new();
        let renew = ServerAction::<RenewRecoveryCodes>::new();
        let add_passkey = passkey_action(|locale, form: NewPasskeyForm| async move {
            // A name the server would refuse is refused before the browser makes a passkey
            // the portal would then not keep.
            PasskeyName::parse(&form.name)
                .map_err(|error| AppError::field("name", crate::locale::messages::text(locale, &error)))?;
            let begun = begin_passkey(form.current_password).await;
            ceremony(locale, PasskeyPrompt::Create, begun, |credential| add_passkey(form.name, credential)).await
        });
        let remove_passkey = ServerAction::<RemovePasskey>::new();
        let added = last_success(
            move || add_passkey.version().get(),
            move || add_passkey.value().with(|value| matches!(value, Some(Ok(_)))),
        );
        Self {
            begin: ServerAction::new(),
            confirm,
            turn_off,
            renew,
            add_passkey,
            remove_passkey,
            succeeded: [
                server_action_success(confirm),
                server_action_success(turn_off),
                server_action_success(renew),
                added,
                server_action_success(remove_passkey),
            ],
            codes_saved_at: RwSignal::new(None),
        }
    }

    /// Tracks every action that changes the second factor.
    pub fn versions(self) -> [usize; 5] {
        self.succeeded.map(|success| success.get())
    }
}

#[component]
pub fn SecondFactorSection(summary: FactorSummary, actions: FactorActions) -> impl IntoView {
    let i18n = use_i18n();
    let FactorActions {
        begin, confirm, turn_off, renew, add_passkey, remove_passkey, codes_saved_at: saved_at, ..
    } = actions;
    // Codes stay on screen until their owner says they saved them.
    let issued = move || (confirm.version().get(), renew.version().get(), add_passkey.version().get());
    let fresh_codes = move || {
        let codes = renew
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| add_passkey.value().get().and_then(Result::ok))
            .or_else(|| confirm.value().get().and_then(Result::ok));
        codes.filter(|codes| !codes.is_empty() && saved_at.get() != Some(issued()))
    };
    let on_saved = move || saved_at.set(Some(issued()));
    let state = summary.state;
    let left = summary.recovery_codes_left;
    let has_passkeys = !summary.passkeys.is_empty();
    let status = move || {
        if !state.enrolled {
            return state
                .required
                .then(|| view! { <p class="alert alert-warning" role="alert">{t!(i18n, account.factor_required)}</p> })
                .into_any();
        }
        let on = match (summary.authenticator, has_passkeys) {
            (true, false) => t_string!(i18n, account.factor_on, left).to_string(),
            (false, _) => t_string!(i18n, account.factor_on_passkeys, left).to_string(),
            (true, true) => t_string!(i18n, account.factor_on_both, left).to_string(),
        };
        view! {
            <p class="alert alert-success" role="status">{on}</p>
            <NewRecoveryCodes renew />
        }
        .into_any()
    };
    // The last second factor of someone who must have one cannot be turned off.
    let may_turn_off = !state.required || has_passkeys;
    let authenticator = if summary.authenticator {
        view! {
            <p>{t!(i18n, account.factor_app_on)}</p>
            {may_turn_off.then(|| view! { <TurnOffAuthenticator turn_off /> })}
        }
        .into_any()
    } else {
        view! { <SetUpAuthenticator begin confirm /> }.into_any()
    };
    let may_remove_last = !state.required || summary.authenticator;
    view! {
        <section class="panel" id="second-factor" aria-labelledby="factor-title">
            <h2 id="factor-title">{t!(i18n, account.factor_title)}</h2>
            <p>{t!(i18n, account.factor_lead)}</p>
            {move || fresh_codes().map(|codes| view! { <RecoveryCodes codes on_saved /> })}
            {status}
            <h3>{t!(i18n, account.factor_app_title)}</h3>
            {authenticator}
            <Passkeys
                passkeys=summary.passkeys.clone()
                available=summary.passkeys_available
                may_remove_last
                add=add_passkey
                remove=remove_passkey
            />
            {summary.organisation_requires.then(|| view! { <p class="aside">{t!(i18n, account.factor_org_requires)}</p> })}
        </section>
    }
}

/// The viewer's passkeys, each with a way to remove it, and the form that adds one.
#[component]
fn Passkeys(
    passkeys: Vec<PasskeySummary>,
    /// Whether new passkeys can be made here (see `FactorRefusal::PasskeysUnavailable`);
    /// those there are stay listed, and removable.
    available: bool,
    /// Whether the last one may go (not when it is the only factor of someone who must have one).
    may_remove_last: bool,
    add: PasskeyAction<Vec<String>, NewPasskeyForm>,
    remove: ServerAction<RemovePasskey>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let add_error = Signal::derive(move || add.value().get().and_then(Result::err));
    let remove_error = action_error(remove);
    let removable = passkeys.len() > 1 || may_remove_last;
    let list = if passkeys.is_empty() {
        view! { <p class="aside">{t!(i18n, account.passkeys_none)}</p> }.into_any()
    } else {
        view! {
            <ul class="passkeys">
                {passkeys.into_iter().map(|passkey| {
                    let added = format::date(locale, passkey.added_at.date_naive());
                    let used = passkey.last_used_at.map(|at| format::date_time(locale, at));
                    let label = t_string!(i18n, account.passkey_remove_named, name = passkey.name.clone()).to_string();
                    view! {
                        <li>
                            <strong>{passkey.name.clone()}</strong>
                            <span class="aside">
                                {t!(i18n, account.passkey_added_on, date = added)}
                                {used.map(|used| view! { " · " {t!(i18n, account.passkey_last_used, date = used)} })}
                            </span>
                            {removable.then(|| view! {
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="passkey" value=passkey.id.to_string() />
                                    <button type="submit" class="button button-quiet" aria-label=label disabled=move || remove.pending().get()>
                                        {t!(i18n, account.passkey_remove)}
                                    </button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h3 id="passkeys-title">{t!(i18n, account.passkeys_title)}</h3>
        <p>{t!(i18n, account.passkeys_lead)}</p>
        <FormAlert error=remove_error />
        {list}
        <Show
            when=move || available
            fallback=move || view! {
                <p class="aside">{crate::locale::messages::factor(locale, &FactorRefusal::PasskeysUnavailable)}</p>
            }
        >
        <form
            class="passkey-add"
            aria-labelledby="passkeys-title"
            on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                add.dispatch((i18n.get_locale_untracked(), NewPasskeyForm::typed(&event)));
            }
        >
            <FormAlert error=Signal::derive(move || form_level(add_error.get())) />
            <TextField
                label=move || t_string!(i18n, account.passkey_name)
                hint=move || t_string!(i18n, account.passkey_name_hint)
                name="name"
                scope="passkey"
                maxlength=PasskeyName::MAX_CHARS
                error=add_error
            />
            <TextField
                label=move || t_string!(i18n, account.passkey_password)
                hint=move || t_string!(i18n, account.passkey_password_hint)
                name="current_password"
                scope="passkey"
                input_type="password"
                autocomplete="current-password"
                error=add_error
                required=true
            />
            <button type="submit" class="button" disabled=move || add.pending().get()>
                {t!(i18n, account.passkey_add)}
            </button>
        </form>
        </Show>
    }
    // Type-erased: the account page's view type is otherwise too deep for the compiler.
    .into_any()
}

/// What the add-a-passkey form sends.
#[derive(Clone)]
pub struct NewPasskeyForm {
    name: String,
    current_password: String,
}

impl NewPasskeyForm {
    /// The form as typed, from its submission.
    fn typed(event: &leptos::ev::SubmitEvent) -> Self {
        use leptos::wasm_bindgen::JsCast;
        let data = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlFormElement>().ok())
            .and_then(|form| web_sys::FormData::new_with_form(&form).ok());
        let field = |name: &str| data.as_ref().and_then(|data| data.get(name).as_string()).unwrap_or_default();
        Self { name: field("name"), current_password: field("current_password") }
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
fn NewRecoveryCodes(renew: ServerAction<RenewRecoveryCodes>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <FormAlert error=action_error(renew) />
        <ActionForm action=renew attr:class="inline-form">
            <button type="submit" class="button button-quiet" disabled=move || renew.pending().get()>
                {t!(i18n, account.factor_new_codes)}
            </button>
        </ActionForm>
    }
}

#[component]
fn TurnOffAuthenticator(turn_off: ServerAction<TurnOffAuthenticator>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <FormAlert error=action_error(turn_off) />
        <ActionForm action=turn_off attr:class="inline-form">
            <button type="submit" class="button button-quiet" disabled=move || turn_off.pending().get()>
                {t!(i18n, account.factor_turn_off)}
            </button>
        </ActionForm>
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
    let with_passkey = passkey_action(|locale, ()| async move {
        ceremony(locale, PasskeyPrompt::Get, begin_passkey_step_up().await, step_up_with_passkey).await
    });
    let done =
        move || matches!(step_up.value().get(), Some(Ok(()))) || matches!(with_passkey.value().get(), Some(Ok(())));
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
            when=done
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
                    <PasskeyButton action=with_passkey>{t!(i18n, auth.use_passkey)}</PasskeyButton>
                </div>
            }
        >
            <p class="alert alert-success" role="status">{t!(i18n, account.step_up_done)}</p>
        </Show>
    }
}
