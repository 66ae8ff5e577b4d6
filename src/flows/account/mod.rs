//! One's own account: name, password, and the browsers one is signed in on.

pub mod api;
pub mod second_factor;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, server_action_success, NewPasswordField, TextField};
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{account::AccountView, password::NewPassword, text::PersonName};
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::{format, labels};
use api::{ChangePassword, EndOtherSessions, EndSession, RenameSelf};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, account.title) />
        <Gate action=crate::domain::access::Action::ManageOwnAccount page=|_| view! { <Account /> } />
    }
}

#[component]
fn Account() -> impl IntoView {
    let rename = ServerAction::<RenameSelf>::new();
    let password = ServerAction::<ChangePassword>::new();
    let end_one = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    let factor = second_factor::FactorActions::new();
    // One resource for the whole page, read again after anything on it changed (not after a
    // refusal, which would redraw the form being corrected).
    let succeeded = (
        server_action_success(rename),
        server_action_success(password),
        server_action_success(end_one),
        server_action_success(end_others),
    );
    let account = Resource::new(
        move || (succeeded.0.get(), succeeded.1.get(), succeeded.2.get(), succeeded.3.get(), factor.versions()),
        |_| api::get_account(),
    );
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, account.title)}</h1>
        <Loaded
            resource=account
            view=move |account: AccountView| view! { <AccountBody account rename password end_one end_others factor /> }
        />
    }
}

#[component]
fn AccountBody(
    account: AccountView,
    rename: ServerAction<RenameSelf>,
    password: ServerAction<ChangePassword>,
    end_one: ServerAction<EndSession>,
    end_others: ServerAction<EndOtherSessions>,
    factor: second_factor::FactorActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let factor_summary = account.second_factor.clone();
    let rename_error = action_error(rename);
    let password_error = action_error(password);
    let sessions_error = Signal::derive(move || {
        end_one.value().get().and_then(Result::err).or_else(|| end_others.value().get().and_then(Result::err))
    });
    let password_changed = move || matches!(password.value().get(), Some(Ok(())));
    let renamed = move || matches!(rename.value().get(), Some(Ok(())));
    let locale = i18n.get_locale();
    let others = account.sessions.iter().filter(|session| !session.current).count();
    let columns =
        [td_string!(locale, account.signed_in), td_string!(locale, account.ends), td_string!(locale, account.browser)];
    view! {
        <p class="lead">
            {account.email.clone()} " · " {labels::role(locale, account.role)} " · " {account.org_name.clone()}
        </p>
        <section class="panel" aria-labelledby="name-title">
            <h2 id="name-title">{t!(i18n, account.name_title)}</h2>
            <ActionForm action=rename>
                <FormAlert error=Signal::derive(move || form_level(rename_error.get())) />
                <TextField
                    label=move || t_string!(i18n, account.name)
                    name="name"
                    autocomplete="name"
                    maxlength=PersonName::MAX_CHARS
                    value=account.name.clone()
                    error=rename_error
                    required=true
                    scope="rename"
                />
                <button type="submit" class="button" disabled=move || rename.pending().get()>{t!(i18n, account.save_name)}</button>
                {move || renamed().then(|| view! { <p class="alert alert-success" role="status">{t!(i18n, account.name_saved)}</p> })}
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, account.password_title)}</h2>
            <p>{t!(i18n, account.password_lead)}</p>
            <ActionForm action=password>
                <FormAlert error=Signal::derive(move || form_level(password_error.get())) />
                <TextField
                    label=move || t_string!(i18n, account.current_password)
                    name="current_password"
                    input_type="password"
                    autocomplete="current-password"
                    maxlength=NewPassword::MAX_CHARS
                    error=password_error
                    required=true
                />
                <NewPasswordField label=move || t_string!(i18n, account.new_password) name="new_password" error=password_error />
                <button type="submit" class="button" disabled=move || password.pending().get()>{t!(i18n, account.change_password)}</button>
                {move || password_changed().then(|| view! { <p class="alert alert-success" role="status">{t!(i18n, account.password_changed)}</p> })}
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{t!(i18n, account.sessions_title)}</h2>
            <p>{t!(i18n, account.sessions_lead)}</p>
            <FormAlert error=sessions_error />
            <table tabindex="0" class="table">
                <TableHead columns=columns />
                <tbody>
                    {account
                        .sessions
                        .into_iter()
                        .map(|session| {
                            view! {
                                <tr>
                                    <td>{format::date_time(locale, session.signed_in_at)}</td>
                                    <td>{format::date_time(locale, session.expires_at)}</td>
                                    <td>
                                        {if session.current {
                                            view! { <span class="badge">{td_string!(locale, account.this_browser)}</span> }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=end_one attr:class="inline-form">
                                                    <input type="hidden" name="handle" value=session.handle />
                                                    <button type="submit" class="button button-quiet">{td_string!(locale, account.sign_out_there)}</button>
                                                </ActionForm>
                                            }
                                                .into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {(others > 0).then(|| view! {
                <ActionForm action=end_others>
                    <button type="submit" class="button" disabled=move || end_others.pending().get()>{t!(i18n, account.sign_out_elsewhere)}</button>
                </ActionForm>
            })}
        </section>
        <second_factor::SecondFactorSection summary=factor_summary actions=factor />
    }
}
