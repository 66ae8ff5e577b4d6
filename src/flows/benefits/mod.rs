//! The benefit admin's agreements: register licensing agreements, see the planning days
//! each earns, and activate the Planning Services benefit.

pub mod api;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, TextField};
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{agreement::LicensingAgreement, roles::Role};
use api::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AgreementsPage() -> impl IntoView {
    view! {
        <Title text="Agreements" />
        <Gate roles=&[Role::BenefitAdmin] page=|_| view! { <Agreements /> } />
    }
}

#[component]
fn Agreements() -> impl IntoView {
    let register = ServerAction::<RegisterAgreement>::new();
    let activate = ServerAction::<ActivateBenefit>::new();
    let agreements = Resource::new(move || register.version().get() + activate.version().get(), |_| list_agreements());
    let register_error = action_error(register);
    let activate_error = action_error(activate);
    let registered = move || register.value().get().and_then(Result::ok);
    view! {
        <h1>"Agreements and planning days"</h1>
        <p class="lead">"Each Software Assurance agreement earns planning days from its qualifying licence count. Activate the benefit to turn them into vouchers."</p>
        <FormAlert error=activate_error />
        <Loaded
            resource=agreements
            view={move |agreements: Vec<LicensingAgreement>| {
                if agreements.is_empty() {
                    return view! { <p class="empty">"No agreements registered yet."</p> }.into_any();
                }
                view! {
                    <table tabindex="0" class="table agreements">
                        <TableHead columns=&["Licensing ID", "Licences", "Ends on", "Entitled", "In vouchers", "Used", "Returned", "Left", "Benefit"] />
                        <tbody>
                            {agreements
                                .into_iter()
                                .map(|agreement| {
                                    let id = agreement.id.to_string();
                                    let benefit = match agreement.activated_at {
                                        Some(at) => view! { <span class="badge badge-ok">"Active since " {at.format("%Y-%m-%d").to_string()}</span> }.into_any(),
                                        None => view! {
                                            <ActionForm action=activate attr:class="inline-form">
                                                <input type="hidden" name="agreement_id" value=id />
                                                <button type="submit" class="button button-quiet">"Activate"</button>
                                            </ActionForm>
                                        }
                                        .into_any(),
                                    };
                                    let pool = agreement.pool;
                                    let marker = agreement.licensing_id.clone();
                                    view! {
                                        <tr data-agreement=marker>
                                            <td>{agreement.licensing_id}</td>
                                            <td>{agreement.qualifying_licenses}</td>
                                            <td>{agreement.ends_on.to_string()}</td>
                                            <td>{pool.entitled.to_string()}</td>
                                            <td>{pool.reserved.to_string()}</td>
                                            <td>{pool.used.to_string()}</td>
                                            <td>{pool.returned.to_string()}</td>
                                            <td><strong>{pool.left.to_string()}</strong></td>
                                            <td>{benefit}</td>
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
            <h2 id="register-title">"Register an agreement"</h2>
            <ActionForm action=register>
                <FormAlert error=Signal::derive(move || form_level(register_error.get())) />
                <TextField label="Licensing ID" name="licensing_id" maxlength=20 hint="As printed on the agreement, e.g. V1234567" error=register_error required=true />
                <TextField label="Qualifying SA licences" name="qualifying_licenses" input_type="text" hint="250 or more earn planning days." error=register_error required=true />
                <TextField label="Agreement ends on" name="ends_on" input_type="date" error=register_error required=true />
                <button type="submit" class="button">"Register agreement"</button>
            </ActionForm>
            {move || registered().map(|days| view! { <p class="alert alert-success" role="status">"Registered: it earns " {days.to_string()} "."</p> })}
        </section>
    }
}
