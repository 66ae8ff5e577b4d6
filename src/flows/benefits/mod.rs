//! The benefit admin's agreements: register licensing agreements, see the planning days
//! each earns, and activate the Planning Services benefit.

pub mod api;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, clear_after_success, form_level, server_action_success, TextField};
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::PageTitle;
use crate::components::layout::TableHead;
use crate::domain::{access::Action, agreement::LicensingAgreement};
use crate::locale::format;
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use api::*;
use leptos::prelude::*;

#[component]
pub fn AgreementsPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, agreements.title).to_owned() />
        <Gate action=Action::ManageAgreements page=|_| view! { <Agreements /> } />
    }
}

#[component]
fn Agreements() -> impl IntoView {
    let register = ServerAction::<RegisterAgreement>::new();
    let activate = ServerAction::<ActivateBenefit>::new();
    let (registered, activated) = (server_action_success(register), server_action_success(activate));
    let agreements =
        once_per_page(|| Resource::new(move || (registered.get(), activated.get()), |_| list_agreements()));
    let register_error = action_error(register);
    let activate_error = action_error(activate);
    let registered = move || register.value().get().and_then(Result::ok);
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(register));
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, agreements.heading)}</h1>
        <p class="lead">{t!(i18n, agreements.lead)}</p>
        <FormAlert error=activate_error />
        <Loaded
            resource=agreements
            view={move |agreements: Vec<LicensingAgreement>| {
                let locale = i18n.get_locale();
                if agreements.is_empty() {
                    return view! { <p class="empty">{td_string!(locale, agreements.none_yet)}</p> }.into_any();
                }
                let columns = [
                    td_string!(locale, agreements.licensing_id),
                    td_string!(locale, agreements.licences),
                    td_string!(locale, agreements.ends_on),
                    td_string!(locale, agreements.entitled),
                    td_string!(locale, agreements.in_vouchers),
                    td_string!(locale, agreements.used),
                    td_string!(locale, agreements.returned),
                    td_string!(locale, agreements.left),
                    td_string!(locale, agreements.benefit),
                ];
                let [licensing, licences, ends, entitled, in_vouchers, used, returned, left, benefit_label] = columns;
                view! {
                    <table tabindex="0" class="table agreements stack">
                        <TableHead columns />
                        <tbody>
                            {agreements
                                .into_iter()
                                .map(|agreement| {
                                    let id = agreement.id.to_string();
                                    let benefit = match agreement.activated_at {
                                        Some(at) => view! {
                                            <span class="badge badge-ok">
                                                {td_string!(locale, agreements.active_since, date = format::date(locale, at)).to_string()}
                                            </span>
                                        }
                                        .into_any(),
                                        None => view! {
                                            <ActionForm action=activate attr:class="inline-form">
                                                <input type="hidden" name="agreement_id" value=id />
                                                <button type="submit" class="button button-quiet">{td_string!(locale, agreements.activate)}</button>
                                            </ActionForm>
                                        }
                                        .into_any(),
                                    };
                                    let pool = agreement.pool;
                                    let marker = agreement.licensing_id.clone();
                                    view! {
                                        <tr data-agreement=marker>
                                            <td data-label=licensing>{agreement.licensing_id}</td>
                                            <td data-label=licences>{format::number(locale, i64::from(agreement.qualifying_licenses))}</td>
                                            <td data-label=ends>{format::date(locale, agreement.ends_on)}</td>
                                            <td data-label=entitled>{format::days(locale, pool.entitled)}</td>
                                            <td data-label=in_vouchers>{format::days(locale, pool.reserved)}</td>
                                            <td data-label=used>{format::days(locale, pool.used)}</td>
                                            <td data-label=returned>{format::days(locale, pool.returned)}</td>
                                            <td data-label=left><strong>{format::days(locale, pool.left)}</strong></td>
                                            <td data-label=benefit_label>{benefit}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        />
        <section class="panel" aria-labelledby="register-title">
            <h2 id="register-title">{t!(i18n, agreements.register_title)}</h2>
            <ActionForm action=register node_ref=form>
                <FormAlert error=Signal::derive(move || form_level(register_error.get())) />
                <TextField
                    label=move || t_string!(i18n, agreements.licensing_id)
                    name="licensing_id"
                    maxlength=20
                    hint=move || t_string!(i18n, agreements.licensing_id_hint)
                    error=register_error
                    required=true
                />
                <TextField
                    label=move || t_string!(i18n, agreements.qualifying)
                    name="qualifying_licenses"
                    input_type="text"
                    hint=move || t_string!(i18n, agreements.qualifying_hint)
                    error=register_error
                    required=true
                />
                <TextField label=move || t_string!(i18n, agreements.agreement_ends_on) name="ends_on" input_type="date" error=register_error required=true />
                <button type="submit" class="button">{t!(i18n, agreements.register)}</button>
            </ActionForm>
            {move || registered().map(|days| {
                let locale = i18n.get_locale();
                view! {
                    <p class="alert alert-success" role="status">
                        {td_string!(locale, agreements.registered, days = format::days(locale, days)).to_string()}
                    </p>
                }
            })}
        </section>
    }
}
