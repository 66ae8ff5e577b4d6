//! The operator's catalogue: offerings, engagement types with their lengths and
//! qualifying competencies, and the program agreement's versions.

pub mod api;

use crate::components::feedback::{FormAlert, Loaded, Steady};
use crate::components::form::{
    action_error, clear_after_success, form_level, server_action_success, SelectField, TextArea, TextField,
};
use crate::components::gate::{once_per_page, Gate};
use crate::components::language::InEachLanguage;
use crate::components::layout::PageTitle;
use crate::components::layout::TableHead;
use crate::domain::{
    access::Action,
    catalogue::{format_requirements, EngagementType, Offering},
    days::EngagementLength,
    entitlement::EntitlementTier,
};
use crate::error::AppError;
use crate::flows::onboarding::api::PublishAgreement;
use crate::locale::i18n::{t, td_string, use_i18n};
use crate::locale::{format, Locale};
use api::*;
use leptos::prelude::*;

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
        <PageTitle text=|locale| td_string!(locale, catalogue.title).to_owned() />
        <Gate action=Action::ManageCatalogue page=|_| view! { <InEachLanguage><Catalogue /></InEachLanguage> } />
    }
}

/// The catalogue is read again after every success; each offering's panel and each
/// engagement type's form are drawn again only when they change, and the adding forms
/// only when what they offer does, so an edit in progress survives another form's success.
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
    let catalogue =
        once_per_page(|| Resource::new(move || successes.map(|success| success.get()), |_| get_catalogue_admin()));
    let update_error = action_error(actions.update_engagement);
    let retire_error = action_error(actions.retire_engagement);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let entries = move || catalogue.get().and_then(Result::ok).map(|admin| admin.entries).unwrap_or_default();
    view! {
        <h1>{t!(i18n, catalogue.heading)}</h1>
        <p class="lead">{t!(i18n, catalogue.lead)}</p>
        <FormAlert error=Signal::derive(move || form_level(update_error.get())) />
        <FormAlert error=retire_error />
        // Shows the loading note and words the catalogue's error, if it could not be read.
        <Loaded resource=catalogue view=|_| () />
        <Transition>
            <For
                each=move || entries().into_iter().map(|entry| entry.offering)
                key=Clone::clone
                children=move |offering: Offering| {
                    let id = offering.id;
                    let types = Signal::derive(move || {
                        entries().into_iter().find(|entry| entry.offering.id == id).map(|entry| entry.engagement_types).unwrap_or_default()
                    });
                    view! { <OfferingPanel offering types actions locale /> }
                }
            />
        </Transition>
        <section class="panel" aria-labelledby="add-engagement-title">
            <h2 id="add-engagement-title">{t!(i18n, catalogue.add_type_title)}</h2>
            <Steady
                resource=catalogue
                more=true
                shape=offering_choices
                view=move |admin: CatalogueAdmin| view! { <AddEngagementForm offerings=offering_choices(&admin) actions locale /> }
            />
        </section>
        <AddOfferingForm actions locale />
        <TiersPanel catalogue actions locale />
        <AgreementPanel catalogue actions locale />
    }
}

/// The offerings an engagement type can be added to, as (id, "code — name").
fn offering_choices(admin: &CatalogueAdmin) -> Vec<(String, String)> {
    admin
        .entries
        .iter()
        .map(|entry| (entry.offering.id.to_string(), format!("{} — {}", entry.offering.code, entry.offering.name)))
        .collect()
}

#[component]
fn OfferingPanel(
    offering: Offering,
    types: Signal<Vec<EngagementType>>,
    actions: Actions,
    locale: Locale,
) -> impl IntoView {
    let marker = offering.code.clone();
    view! {
        <section class="panel catalogue-offering" data-offering=marker>
            <h2>{offering.code} " — " {offering.name}</h2>
            {move || types.with(Vec::is_empty).then(|| view! { <p>{td_string!(locale, catalogue.no_types)}</p> })}
            <For each=move || types.get() key=Clone::clone children=move |engagement| view! { <EngagementRow engagement actions locale /> } />
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

/// Adding an engagement type to one of `offerings`; emptied once added.
#[component]
fn AddEngagementForm(offerings: Vec<(String, String)>, actions: Actions, locale: Locale) -> impl IntoView {
    let engagement_error = action_error(actions.add_engagement);
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(actions.add_engagement));
    view! {
            <ActionForm action=actions.add_engagement node_ref=form>
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
    }
}

/// Adding an offering; emptied once added.
#[component]
fn AddOfferingForm(actions: Actions, locale: Locale) -> impl IntoView {
    let offering_error = action_error(actions.add_offering);
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(actions.add_offering));
    view! {
        <section class="panel" aria-labelledby="add-offering-title">
            <h2 id="add-offering-title">{td_string!(locale, catalogue.add_offering_title)}</h2>
            <ActionForm action=actions.add_offering node_ref=form>
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
fn TiersPanel(
    catalogue: Resource<Result<CatalogueAdmin, AppError>>,
    actions: Actions,
    locale: Locale,
) -> impl IntoView {
    let error = action_error(actions.set_tier);
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(actions.set_tier));
    view! {
        <section class="panel" aria-labelledby="tiers-title">
            <h2 id="tiers-title">{td_string!(locale, catalogue.tiers_title)}</h2>
            <p class="aside">{td_string!(locale, catalogue.tiers_text)}</p>
            <Loaded resource=catalogue more=true view=move |admin: CatalogueAdmin| view! { <TiersTable tiers=admin.tiers locale /> } />
            <ActionForm action=actions.set_tier node_ref=form>
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
fn TiersTable(tiers: Vec<EntitlementTier>, locale: Locale) -> impl IntoView {
    let columns = [td_string!(locale, catalogue.from_licences), td_string!(locale, catalogue.planning_days)];
    view! {
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
    }
}

#[component]
fn AgreementPanel(
    catalogue: Resource<Result<CatalogueAdmin, AppError>>,
    actions: Actions,
    locale: Locale,
) -> impl IntoView {
    let error = action_error(actions.publish);
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(actions.publish));
    view! {
        <section class="panel" aria-labelledby="agreement-admin-title">
            <h2 id="agreement-admin-title">{td_string!(locale, catalogue.agreement_title)}</h2>
            <Loaded
                resource=catalogue
                more=true
                view=move |admin: CatalogueAdmin| {
                    admin.agreement.map(|agreement| {
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
                    })
                }
            />
            <h3>{td_string!(locale, catalogue.publish_title)}</h3>
            <p>{td_string!(locale, catalogue.publish_text)}</p>
            <ActionForm action=actions.publish node_ref=form>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <TextField label=td_string!(locale, catalogue.agreement_name) name="title" maxlength=200 error required=true />
                <TextArea label=td_string!(locale, catalogue.agreement_text) name="body" maxlength=50_000 error />
                <button type="submit" class="button">{td_string!(locale, catalogue.publish)}</button>
            </ActionForm>
        </section>
    }
}
