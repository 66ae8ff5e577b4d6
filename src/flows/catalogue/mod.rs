//! The operator's catalogue: offerings, engagement types with their lengths and
//! qualifying competencies, and the program agreement's versions.

pub mod api;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, server_action_success, SelectField, TextArea, TextField};
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{
    access::Action,
    catalogue::{format_requirements, CatalogueEntry, EngagementType},
    days::EngagementLength,
    entitlement::EntitlementTier,
};
use crate::flows::onboarding::api::PublishAgreement;
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::{format, Locale};
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
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, catalogue.title) />
        <Gate action=Action::ManageCatalogue page=|_| view! { <Catalogue /> } />
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
    let successes = [
        server_action_success(actions.add_offering),
        server_action_success(actions.add_engagement),
        server_action_success(actions.update_engagement),
        server_action_success(actions.retire_engagement),
        server_action_success(actions.publish),
        server_action_success(actions.set_tier),
    ];
    let catalogue = Resource::new(move || successes.map(|success| success.get()), |_| get_catalogue_admin());
    let update_error = action_error(actions.update_engagement);
    let retire_error = action_error(actions.retire_engagement);
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, catalogue.heading)}</h1>
        <p class="lead">{t!(i18n, catalogue.lead)}</p>
        <FormAlert error=Signal::derive(move || form_level(update_error.get())) />
        <FormAlert error=retire_error />
        <Loaded
            resource=catalogue
            view=move |admin: CatalogueAdmin| {
                let locale = i18n.get_locale();
                let offerings: Vec<(String, String)> =
                    admin.entries.iter().map(|entry| (entry.offering.id.to_string(), format!("{} — {}", entry.offering.code, entry.offering.name))).collect();
                view! {
                    {admin.entries.into_iter().map(|entry| view! { <OfferingPanel entry actions locale /> }).collect_view()}
                    <AddForms offerings actions locale />
                    <TiersPanel tiers=admin.tiers actions locale />
                    <AgreementPanel agreement=admin.agreement actions locale />
                }
            }
        />
    }
}

#[component]
fn OfferingPanel(entry: CatalogueEntry, actions: Actions, locale: Locale) -> impl IntoView {
    let marker = entry.offering.code.clone();
    view! {
        <section class="panel catalogue-offering" data-offering=marker>
            <h2>{entry.offering.code.clone()} " — " {entry.offering.name.clone()}</h2>
            {if entry.engagement_types.is_empty() {
                view! { <p>{td_string!(locale, catalogue.no_types)}</p> }.into_any()
            } else {
                entry.engagement_types.into_iter().map(|engagement| view! { <EngagementRow engagement actions locale /> }).collect_view().into_any()
            }}
        </section>
    }
}

#[component]
fn EngagementRow(engagement: EngagementType, actions: Actions, locale: Locale) -> impl IntoView {
    let update_id = engagement.id.to_string();
    let retire_id = update_id.clone();
    let lengths = EngagementLength::format_list(&engagement.allowed_lengths);
    let competencies = format_requirements(&engagement.qualifying_competencies);
    let lengths_label = td_string!(locale, catalogue.lengths_of, name = engagement.name.clone()).to_string();
    let competencies_label = td_string!(locale, catalogue.competencies_of, name = engagement.name.clone()).to_string();
    view! {
        <div class="engagement-row">
            <h3>{engagement.name}</h3>
            <ActionForm action=actions.update_engagement attr:class="engagement-form">
                <input type="hidden" name="id" value=update_id />
                <label>
                    {td_string!(locale, catalogue.lengths_days)} " "
                    <input name="lengths" value=lengths aria-label=lengths_label />
                </label>
                <label>
                    {td_string!(locale, catalogue.qualifying_competencies)} " "
                    <input name="competencies" class="wide" value=competencies aria-label=competencies_label />
                </label>
                <button type="submit" class="button button-quiet">{td_string!(locale, catalogue.save)}</button>
            </ActionForm>
            <ActionForm action=actions.retire_engagement attr:class="inline-form">
                <input type="hidden" name="id" value=retire_id />
                <button type="submit" class="button button-quiet">{td_string!(locale, catalogue.retire)}</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn AddForms(offerings: Vec<(String, String)>, actions: Actions, locale: Locale) -> impl IntoView {
    let offering_error = action_error(actions.add_offering);
    let engagement_error = action_error(actions.add_engagement);
    view! {
        <section class="panel" aria-labelledby="add-engagement-title">
            <h2 id="add-engagement-title">{td_string!(locale, catalogue.add_type_title)}</h2>
            <ActionForm action=actions.add_engagement>
                <FormAlert error=Signal::derive(move || form_level(engagement_error.get())) />
                <SelectField label=td_string!(locale, catalogue.offering) name="offering_id" options=offerings error=engagement_error />
                <TextField label=td_string!(locale, catalogue.engagement_type) name="name" maxlength=120 error=engagement_error required=true />
                <TextField
                    label=td_string!(locale, catalogue.allowed_lengths)
                    name="lengths"
                    hint=td_string!(locale, catalogue.lengths_hint)
                    error=engagement_error
                    required=true
                />
                <TextField
                    label=td_string!(locale, catalogue.qualifying_competencies)
                    name="competencies"
                    hint=td_string!(locale, catalogue.competencies_hint)
                    error=engagement_error
                    required=true
                />
                <button type="submit" class="button">{td_string!(locale, catalogue.add_type)}</button>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="add-offering-title">
            <h2 id="add-offering-title">{td_string!(locale, catalogue.add_offering_title)}</h2>
            <ActionForm action=actions.add_offering>
                <FormAlert error=Signal::derive(move || form_level(offering_error.get())) />
                <TextField
                    label=td_string!(locale, catalogue.code)
                    name="code"
                    maxlength=12
                    hint=td_string!(locale, catalogue.code_hint)
                    error=offering_error
                    required=true
                />
                <TextField
                    label=td_string!(locale, catalogue.offering_name)
                    name="name"
                    scope="offering"
                    maxlength=120
                    error=offering_error
                    required=true
                />
                <button type="submit" class="button">{td_string!(locale, catalogue.add_offering)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn TiersPanel(tiers: Vec<EntitlementTier>, actions: Actions, locale: Locale) -> impl IntoView {
    let error = action_error(actions.set_tier);
    let columns = [td_string!(locale, catalogue.from_licences), td_string!(locale, catalogue.planning_days)];
    view! {
        <section class="panel" aria-labelledby="tiers-title">
            <h2 id="tiers-title">{td_string!(locale, catalogue.tiers_title)}</h2>
            <p class="aside">{td_string!(locale, catalogue.tiers_text)}</p>
            <table tabindex="0" class="table tiers">
                <TableHead columns />
                <tbody>
                    {tiers
                        .into_iter()
                        .map(|tier| view! {
                            <tr data-tier=tier.min_licenses>
                                <td>{format::number(locale, i64::from(tier.min_licenses))}</td>
                                <td>{format::days(locale, tier.days)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            <ActionForm action=actions.set_tier>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <TextField
                    label=td_string!(locale, catalogue.from_licences)
                    name="min_licenses"
                    scope="tier"
                    hint=td_string!(locale, catalogue.tier_hint)
                    error
                    required=true
                />
                <TextField label=td_string!(locale, catalogue.planning_days) name="days" scope="tier" error required=true />
                <button type="submit" class="button">{td_string!(locale, catalogue.set_tier)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AgreementPanel(
    agreement: Option<crate::domain::partner::AgreementVersion>,
    actions: Actions,
    locale: Locale,
) -> impl IntoView {
    let error = action_error(actions.publish);
    view! {
        <section class="panel" aria-labelledby="agreement-admin-title">
            <h2 id="agreement-admin-title">{td_string!(locale, catalogue.agreement_title)}</h2>
            {agreement.map(|agreement| {
                let in_force = td_string!(
                    locale,
                    catalogue.in_force,
                    version = agreement.version,
                    date = format::date(locale, agreement.published_at)
                )
                .to_string();
                view! {
                    <p>{in_force}</p>
                    <div class="agreement-text" tabindex="0">{agreement.body}</div>
                }
            })}
            <h3>{td_string!(locale, catalogue.publish_title)}</h3>
            <p>{td_string!(locale, catalogue.publish_text)}</p>
            <ActionForm action=actions.publish>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <TextField label=td_string!(locale, catalogue.agreement_name) name="title" maxlength=200 error required=true />
                <TextArea label=td_string!(locale, catalogue.agreement_text) name="body" maxlength=50_000 error />
                <button type="submit" class="button">{td_string!(locale, catalogue.publish)}</button>
            </ActionForm>
        </section>
    }
}
