//! One's own account: name, password, and the browsers one is signed in on.

pub mod api;
pub mod second_factor;

use crate::components::feedback::{FormAlert, Loaded, Steady};
use crate::components::form::{
    action_error, clear_after_success, form_level, server_action_success, NewPasswordField, TextField,
};
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::PageTitle;
use crate::components::layout::TableHead;
use crate::domain::{account::AccountView, password::NewPassword, text::PersonName};
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::{format, labels, Locale};
use api::{ChangePassword, EndOtherSessions, EndSession, RenameSelf};
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, account.title).to_owned() />
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
    let account = once_per_page(|| {
        Resource::new(
            move || (succeeded.0.get(), succeeded.1.get(), succeeded.2.get(), succeeded.3.get(), factor.versions()),
            |_| api::get_account(),
        )
    });
    let i18n = use_i18n();
    // Each form is drawn again only when what it shows changes: saving a name keeps a
    // password or a second step being set up as it is.
    view! {
        <h1>{t!(i18n, account.title)}</h1>
        <Loaded
            resource=account
            view=move |account: AccountView| {
                let locale = i18n.get_locale();
                view! { <p class="lead">{account.email} " · " {labels::role(locale, account.role)} " · " {account.org_name}</p> }
            }
        />
        <Steady
            resource=account
            more=true
            shape=|account: &AccountView| account.name.clone()
            view=move |account: AccountView| view! { <NameForm name=account.name rename /> }
        />
        <PasswordForm password />
        <Loaded
            resource=account
            more=true
            view=move |account: AccountView| view! { <Sessions account locale=i18n.get_locale() end_one end_others /> }
        />
        <Steady
            resource=account
            more=true
            shape=|account: &AccountView| account.second_factor.clone()
            view=move |account: AccountView| view! { <second_factor::SecondFactorSection summary=account.second_factor actions=factor /> }
        />
    }
}

#[component]
fn NameForm(name: String, rename: ServerAction<RenameSelf>) -> impl IntoView {
    let i18n = use_i18n();
    let rename_error = action_error(rename);
    let renamed = move || matches!(rename.value().get(), Some(Ok(())));
    view! {
        <section class="panel" aria-labelledby="name-title">
            <h2 id="name-title">{t!(i18n, account.name_title)}</h2>
            <ActionForm action=rename>
                <FormAlert error=Signal::derive(move || form_level(rename_error.get())) />
                <TextField
                    label=move || t_string!(i18n, account.name)
                    name="name"
                    autocomplete="name"
                    maxlength=PersonName::MAX_CHARS
                    value=name
                    error=rename_error
                    required=true
                    scope="rename"
                />
                <button type="submit" class="button" disabled=move || rename.pending().get()>{t!(i18n, account.save_name)}</button>
                {move || renamed().then(|| view! { <p class="alert alert-success" role="status">{t!(i18n, account.name_saved)}</p> })}
            </ActionForm>
        </section>
    }
}

/// Changing one's password; emptied once changed.
#[component]
fn PasswordForm(password: ServerAction<ChangePassword>) -> impl IntoView {
    let i18n = use_i18n();
    let password_error = action_error(password);
    let password_changed = move || matches!(password.value().get(), Some(Ok(())));
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(password));
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, account.password_title)}</h2>
            <p>{t!(i18n, account.password_lead)}</p>
            <ActionForm action=password node_ref=form>
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
    }
}

/// The browsers one is signed in on, each of the others with a way to sign it out.
#[component]
fn Sessions(
    account: AccountView,
    locale: Locale,
    end_one: ServerAction<EndSession>,
    end_others: ServerAction<EndOtherSessions>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sessions_error = Signal::derive(move || {
        end_one.value().get().and_then(Result::err).or_else(|| end_others.value().get().and_then(Result::err))
    });
    let others = account.sessions.iter().filter(|session| !session.current).count();
    let columns =
        [td_string!(locale, account.signed_in), td_string!(locale, account.ends), td_string!(locale, account.browser)];
    let [signed_in, ends, browser] = columns;
    view! {
        <section class="panel" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{t!(i18n, account.sessions_title)}</h2>
            <p>{t!(i18n, account.sessions_lead)}</p>
            <FormAlert error=sessions_error />
            <table tabindex="0" class="table stack">
                <TableHead columns=columns />
                <tbody>
                    {account
                        .sessions
                        .into_iter()
                        .map(|session| {
                            view! {
                                <tr>
                                    <td data-label=signed_in>{format::date_time(locale, session.signed_in_at)}</td>
                                    <td data-label=ends>{format::date_time(locale, session.expires_at)}</td>
                                    <td data-label=browser>
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
    }
}
