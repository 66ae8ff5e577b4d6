//! The people page's second-step controls: an admin requiring it of every member, and the
//! operator resetting it for someone who lost their phone and recovery codes.

use super::api::{RequireSecondFactor, ResetSecondFactor};
use crate::components::feedback::FormAlert;
use crate::components::form::{action_error, form_level, TextField};
use crate::domain::email::EmailAddress;
use crate::locale::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

/// Whether the organisation requires a second step of all its members, and the switch.
#[component]
pub fn RequireSecondFactorPanel(required: bool, require: ServerAction<RequireSecondFactor>) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || require.value().get().and_then(Result::err));
    view! {
        <section class="panel" aria-labelledby="require-factor-title">
            <h2 id="require-factor-title">{t!(i18n, people.factor_title)}</h2>
            <p>
                {if required { t!(i18n, people.factor_required).into_any() } else { t!(i18n, people.factor_optional).into_any() }}
            </p>
            <ActionForm action=require>
                <FormAlert error />
                <input type="hidden" name="required" value=(!required).to_string() />
                <button type="submit" class="button" disabled=move || require.pending().get()>
                    {if required { t!(i18n, people.factor_stop_requiring).into_any() } else { t!(i18n, people.factor_require).into_any() }}
                </button>
            </ActionForm>
        </section>
    }
}

/// The operator's reset of a person's second step (audited, the person told by email).
#[component]
pub fn ResetSecondFactorPanel() -> impl IntoView {
    let i18n = use_i18n();
    let reset = ServerAction::<ResetSecondFactor>::new();
    let error = action_error(reset);
    view! {
        <section class="panel" aria-labelledby="reset-factor-title">
            <h2 id="reset-factor-title">{t!(i18n, people.reset_factor_title)}</h2>
            <p>{t!(i18n, people.reset_factor_lead)}</p>
            <ActionForm action=reset>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <TextField
                    label=move || t_string!(i18n, people.email)
                    name="email"
                    input_type="email"
                    autocomplete="off"
                    maxlength=EmailAddress::MAX_CHARS
                    error
                    required=true
                    scope="reset-factor"
                />
                <button type="submit" class="button" disabled=move || reset.pending().get()>
                    {t!(i18n, people.reset_factor)}
                </button>
                {move || matches!(reset.value().get(), Some(Ok(()))).then(|| view! {
                    <p class="alert alert-success" role="status">{t!(i18n, people.reset_factor_done)}</p>
                })}
            </ActionForm>
        </section>
    }
}
