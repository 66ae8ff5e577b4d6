//! The operator's catalogue: offerings, engagement types with their lengths and
//! qualifying competencies, and the program agreement's versions.

pub mod api;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, SelectField, TextArea, TextField};
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{
    catalogue::{format_requirements, CatalogueEntry, EngagementType},
    days::EngagementLength,
    entitlement::EntitlementTier,
    roles::Role,
};
use crate::flows::onboarding::api::PublishAgreement;
use api::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone, Copy)]
struct Actions {
    add_offering: ServerAction<AddOffering>,
    add_engagement: ServerAction<AddEngagementType>,
    update_engagement: ServerAction<UpdateEngagementType>,
    retire_engagement: ServerAction<RetireEngagementType>,
    publish: ServerAction<PublishAgreement>,
    set_tier: ServerAction<SetEntitlementTier>,
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    view! {
        <Title text="Catalogue" />
        <Gate roles=&[Role::Operator] page=|_| view! { <Catalogue /> } />
    }
}

#[component]
fn Catalogue() -> impl IntoView {
    let actions = Actions {
        add_offering: ServerAction::new(),
        add_engagement: ServerAction::new(),
        update_engagement: ServerAction::new(),
        retire_engagement: ServerAction::new(),
        publish: ServerAction::new(),
        set_tier: ServerAction::new(),
    };
    let catalogue = Resource::new(
        move || {
            actions.add_offering.version().get()
                + actions.add_engagement.version().get()
                + actions.update_engagement.version().get()
                + actions.retire_engagement.version().get()
                + actions.publish.version().get()
                + actions.set_tier.version().get()
        },
        |_| get_catalogue_admin(),
    );
    let update_error = action_error(actions.update_engagement);
    let retire_error = action_error(actions.retire_engagement);
    view! {
        <h1>"Catalogue and agreement"</h1>
        <p class="lead">"Partners qualify for an engagement type with any one of its competencies. Every change is in the audit log."</p>
        <FormAlert error=Signal::derive(move || form_level(update_error.get())) />
        <FormAlert error=retire_error />
        <Loaded
            resource=catalogue
            view=move |admin: CatalogueAdmin| {
                let offerings: Vec<(String, String)> =
                    admin.entries.iter().map(|entry| (entry.offering.id.to_string(), format!("{} — {}", entry.offering.code, entry.offering.name))).collect();
                view! {
                    {admin.entries.into_iter().map(|entry| view! { <OfferingPanel entry actions /> }).collect_view()}
                    <AddForms offerings actions />
                    <TiersPanel tiers=admin.tiers actions />
                    <AgreementPanel agreement=admin.agreement actions />
                }
            }
        />
    }
}

#[component]
fn OfferingPanel(entry: CatalogueEntry, actions: Actions) -> impl IntoView {
    let marker = entry.offering.code.clone();
    view! {
        <section class="panel catalogue-offering" data-offering=marker>
            <h2>{entry.offering.code.clone()} " — " {entry.offering.name.clone()}</h2>
            {if entry.engagement_types.is_empty() {
                view! { <p>"No engagement types yet."</p> }.into_any()
            } else {
                entry.engagement_types.into_iter().map(|engagement| view! { <EngagementRow engagement actions /> }).collect_view().into_any()
            }}
        </section>
    }
}

#[component]
fn EngagementRow(engagement: EngagementType, actions: Actions) -> impl IntoView {
    let update_id = engagement.id.to_string();
    let retire_id = update_id.clone();
    let lengths = EngagementLength::format_list(&engagement.allowed_lengths);
    let competencies = format_requirements(&engagement.qualifying_competencies);
    let lengths_label = format!("Lengths of {}", engagement.name);
    let competencies_label = format!("Competencies of {}", engagement.name);
    view! {
        <div class="engagement-row">
            <h3>{engagement.name}</h3>
            <ActionForm action=actions.update_engagement attr:class="engagement-form">
                <input type="hidden" name="id" value=update_id />
                <label>
                    "Lengths (days) "
                    <input name="lengths" value=lengths aria-label=lengths_label />
                </label>
                <label>
                    "Qualifying competencies "
                    <input name="competencies" class="wide" value=competencies aria-label=competencies_label />
                </label>
                <button type="submit" class="button button-quiet">"Save"</button>
            </ActionForm>
            <ActionForm action=actions.retire_engagement attr:class="inline-form">
                <input type="hidden" name="id" value=retire_id />
                <button type="submit" class="button button-quiet">"Retire"</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn AddForms(offerings: Vec<(String, String)>, actions: Actions) -> impl IntoView {
    let offering_error = action_error(actions.add_offering);
    let engagement_error = action_error(actions.add_engagement);
    view! {
        <section class="panel" aria-labelledby="add-engagement-title">
            <h2 id="add-engagement-title">"Add an engagement type"</h2>
            <ActionForm action=actions.add_engagement>
                <FormAlert error=Signal::derive(move || form_level(engagement_error.get())) />
                <SelectField label="Offering" name="offering_id" options=offerings error=engagement_error />
                <TextField label="Engagement type" name="name" maxlength=120 error=engagement_error required=true />
                <TextField label="Allowed lengths" name="lengths" hint="Days, separated by commas: 1, 3, 5, 10 or 15." error=engagement_error required=true />
                <TextField
                    label="Qualifying competencies"
                    name="competencies"
                    hint="Any one qualifies. Name:level separated by semicolons, e.g. Messaging:silver; Data Platform:gold"
                    error=engagement_error
                    required=true
                />
                <button type="submit" class="button">"Add engagement type"</button>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="add-offering-title">
            <h2 id="add-offering-title">"Add an offering"</h2>
            <ActionForm action=actions.add_offering>
                <FormAlert error=Signal::derive(move || form_level(offering_error.get())) />
                <TextField label="Code" name="code" maxlength=12 hint="Like DDPS" error=offering_error required=true />
                <TextField label="Offering name" name="name" scope="offering" maxlength=120 error=offering_error required=true />
                <button type="submit" class="button">"Add offering"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn TiersPanel(tiers: Vec<EntitlementTier>, actions: Actions) -> impl IntoView {
    let error = action_error(actions.set_tier);
    view! {
        <section class="panel" aria-labelledby="tiers-title">
            <h2 id="tiers-title">"Entitlement tiers"</h2>
            <p class="aside">"Planning days an agreement earns from its qualifying licences. Agreements keep the days they were registered with."</p>
            <table tabindex="0" class="table tiers">
                <TableHead columns=&["From licences", "Planning days"] />
                <tbody>
                    {tiers
                        .into_iter()
                        .map(|tier| view! { <tr data-tier=tier.min_licenses><td>{tier.min_licenses}</td><td>{tier.days.to_string()}</td></tr> })
                        .collect_view()}
                </tbody>
            </table>
            <ActionForm action=actions.set_tier>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <TextField label="From licences" name="min_licenses" scope="tier" hint="An existing threshold changes its days; a new one adds a tier." error required=true />
                <TextField label="Planning days" name="days" scope="tier" error required=true />
                <button type="submit" class="button">"Set tier"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AgreementPanel(agreement: Option<crate::domain::partner::AgreementVersion>, actions: Actions) -> impl IntoView {
    let error = action_error(actions.publish);
    view! {
        <section class="panel" aria-labelledby="agreement-admin-title">
            <h2 id="agreement-admin-title">"Program agreement"</h2>
            {agreement.map(|agreement| {
                view! {
                    <p>"In force: version " {agreement.version} ", published " {agreement.published_at.format("%Y-%m-%d").to_string()} "."</p>
                    <div class="agreement-text" tabindex="0">{agreement.body}</div>
                }
            })}
            <h3>"Publish a new version"</h3>
            <p>"Partners must sign the new version before they enroll or renew again."</p>
            <ActionForm action=actions.publish>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <TextField label="Agreement title" name="title" maxlength=200 error required=true />
                <TextArea label="Agreement text" name="body" maxlength=50_000 error />
                <button type="submit" class="button">"Publish"</button>
            </ActionForm>
        </section>
    }
}
