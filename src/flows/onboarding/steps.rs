//! The content of each onboarding step.

use super::api::{get_profile, ProfileEditor, SaveProfile};
use super::api::{AddCompetency, RetireCompetency, RetireLocation};
use super::Actions;
use crate::components::feedback::{FormAlert, Loaded, Steady};
use crate::components::form::{
    action_error, clear_after_success, form_level, server_action_success, set_chosen, SelectField, TextArea, TextField,
};
use crate::components::gate::once_per_page;
use crate::components::layout::TableHead;
use crate::domain::{
    catalogue::CompetencyLevel,
    eligibility::{Check, Fact, OfferingEligibility, OfferingStatus},
    partner::{CompetencyRecord, LocationRecord, OnboardingOverview, OnboardingStep},
    text::{JobTitle, LocationName, PersonName},
};
use crate::domain::{
    email::EmailAddress,
    profile::{Website, LANGUAGES},
};
use crate::error::AppError;
use crate::flows::directory::ProfileCard;
use crate::locale::i18n::{t, td_string, use_i18n};
use crate::locale::{countries, format, labels, Locale};
use chrono::NaiveDate;
use leptos::prelude::*;

/// The overview is read again after every success of the wizard's actions: each step
/// shows its facts from the latest reading, and draws a form again only when what the
/// form offers changes (`Steady`), so nothing being typed is lost to another form's success.
pub(crate) type OverviewResource = Resource<Result<OnboardingOverview, AppError>>;

pub(crate) fn step_view(step: OnboardingStep, overview: OverviewResource, actions: Actions, signer: String) -> AnyView {
    match step {
        OnboardingStep::Qualifications => view! { <Qualifications overview actions /> }.into_any(),
        OnboardingStep::Locations => view! { <Locations overview actions /> }.into_any(),
        OnboardingStep::Consultants => view! { <Consultants actions /> }.into_any(),
        OnboardingStep::Eligibility => {
            view! { <Loaded resource=overview more=true view=|overview| view! { <Eligibility overview /> } /> }.into_any()
        }
        OnboardingStep::Agreement => view! {
            <Loaded resource=overview more=true view=move |overview| view! { <Agreement overview actions signer=signer.clone() /> } />
        }
        .into_any(),
        OnboardingStep::Enrollment => view! { <Enrollment overview actions /> }.into_any(),
        OnboardingStep::Profile => view! { <ProfileStep /> }.into_any(),
        OnboardingStep::Summary => {
            view! { <Loaded resource=overview more=true view=|overview| view! { <Summary overview /> } /> }.into_any()
        }
    }
}

/// Who will deliver: a reservation names at least one consultant with a passed exam in
/// the engagement type's competency, so exams are recorded here, on the way.
#[component]
fn Consultants(actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{t!(i18n, onboarding.consultants_lead)}</p>
        <p>
            {t!(i18n, onboarding.consultants_invite)} " "
            <a href="/people">{t!(i18n, onboarding.consultants_people)}</a>
        </p>
        <super::exams::ExamsBody record=actions.record_exam />
    }
}

#[component]
fn ProfileStep() -> impl IntoView {
    let save = ServerAction::<SaveProfile>::new();
    let saved = server_action_success(save);
    let editor = once_per_page(|| Resource::new(move || saved.get(), |_| get_profile()));
    let error = action_error(save);
    let i18n = use_i18n();
    view! {
        <Loaded
            resource=editor
            view=move |editor: ProfileEditor| {
                let locale = i18n.get_locale();
                let draft = editor.draft.unwrap_or_default();
                let saved = move || save.value().get().is_some_and(|result| result.is_ok());
                view! {
                    <section class="panel" aria-labelledby="profile-title">
                        <h3 id="profile-title">{td_string!(locale, onboarding.profile_title)}</h3>
                        <p>{td_string!(locale, onboarding.profile_text)}</p>
                        <ActionForm action=save>
                            <FormAlert error=Signal::derive(move || form_level(error.get())) />
                            <TextArea label=td_string!(locale, onboarding.description) name="description" maxlength=2000 error value=draft.description.clone() />
                            <TextField
                                label=td_string!(locale, onboarding.website)
                                name="website"
                                hint=td_string!(locale, onboarding.website_hint)
                                maxlength=Website::MAX_CHARS
                                error
                                value=draft.website.clone()
                                required=true
                            />
                            <TextField
                                label=td_string!(locale, onboarding.contact_name)
                                name="contact_name"
                                maxlength=PersonName::MAX_CHARS
                                error
                                value=draft.contact_name.clone()
                                required=true
                            />
                            <TextField
                                label=td_string!(locale, onboarding.contact_email)
                                name="contact_email"
                                input_type="email"
                                maxlength=EmailAddress::MAX_CHARS
                                error
                                value=draft.contact_email.clone()
                                required=true
                            />
                            <LanguagePicker chosen=draft.languages.clone() error locale />
                            <TextField
                                label=td_string!(locale, onboarding.industries)
                                name="industries"
                                hint=td_string!(locale, onboarding.industries_hint)
                                error
                                value=draft.industries.join(", ")
                            />
                            <div class="field field-check">
                                <label>
                                    <input type="checkbox" name="published" checked=draft.published />
                                    " " {td_string!(locale, onboarding.publish)}
                                </label>
                                {move || error.get().and_then(|error| error.field_message("published")).map(|text| view! { <p class="field-error" id="field-published-message">{text}</p> })}
                            </div>
                            <button type="submit" class="button">{td_string!(locale, onboarding.save_profile)}</button>
                        </ActionForm>
                        {move || saved().then(|| view! { <p class="alert alert-success" role="status">{t!(i18n, onboarding.profile_saved)}</p> })}
                    </section>
                    <section aria-labelledby="preview-title">
                        <h3 id="preview-title">{td_string!(locale, onboarding.preview_title)}</h3>
                        {match editor.preview {
                            Some(profile) => view! { <ProfileCard profile /> }.into_any(),
                            None => view! { <p>{td_string!(locale, onboarding.preview_empty)}</p> }.into_any(),
                        }}
                    </section>
                }
            }
        />
    }
}

#[component]
fn Qualifications(overview: OverviewResource, actions: Actions) -> impl IntoView {
    let training_error = action_error(actions.training);
    let retire_error = action_error(actions.retire_competency);
    let locale = use_i18n().get_locale_untracked();
    view! {
        <section class="panel" aria-labelledby="training-title">
            <h3 id="training-title">{td_string!(locale, onboarding.training_title)}</h3>
            <Loaded
                resource=overview
                more=true
                view=move |overview: OnboardingOverview| view! {
                    <p>
                        {match overview.training_completed_on {
                            Some(on) => td_string!(locale, onboarding.training_done, date = format::date(locale, on)).to_string(),
                            None => td_string!(locale, onboarding.training_needed).to_owned(),
                        }}
                    </p>
                }
            />
            <Steady
                resource=overview
                more=true
                shape=|overview: &OnboardingOverview| overview.training_completed_on
                view=move |overview: OnboardingOverview| view! {
                    <ActionForm action=actions.training>
                        <FormAlert error=Signal::derive(move || form_level(training_error.get())) />
                        <TextField
                            label=td_string!(locale, onboarding.completed_on)
                            name="completed_on"
                            input_type="date"
                            error=training_error
                            value=overview.training_completed_on.map(|on| on.to_string()).unwrap_or_default()
                            required=true
                        />
                        <button type="submit" class="button">{td_string!(locale, onboarding.save_training)}</button>
                    </ActionForm>
                }
            />
        </section>
        <section class="panel" aria-labelledby="competencies-title">
            <h3 id="competencies-title">{td_string!(locale, onboarding.competencies_title)}</h3>
            <FormAlert error=retire_error />
            <Loaded
                resource=overview
                more=true
                view=move |overview: OnboardingOverview| view! { <CompetencyTable competencies=overview.competencies retire=actions.retire_competency locale /> }
            />
            <h4>{td_string!(locale, onboarding.add_competency_title)}</h4>
            <Steady
                resource=overview
                more=true
                shape=|overview: &OnboardingOverview| overview.known_competencies.clone()
                view=move |overview: OnboardingOverview| view! { <AddCompetency known=overview.known_competencies add=actions.add_competency locale /> }
            />
        </section>
    }
}

#[component]
fn CompetencyTable(
    competencies: Vec<CompetencyRecord>,
    retire: ServerAction<RetireCompetency>,
    locale: Locale,
) -> impl IntoView {
    if competencies.is_empty() {
        return view! { <p>{td_string!(locale, onboarding.no_competencies)}</p> }.into_any();
    }
    let columns = [
        td_string!(locale, onboarding.competency),
        td_string!(locale, onboarding.level),
        td_string!(locale, onboarding.valid_until),
        "",
    ];
    let [name, level, until, _] = columns;
    view! {
        <table tabindex="0" class="table stack">
            <TableHead columns />
            <tbody>
                {competencies
                    .into_iter()
                    .map(|competency| view! {
                        <tr>
                            <td data-label=name>{competency.name}</td>
                            <td data-label=level>{competency_level(locale, competency.level)}</td>
                            <td data-label=until>{format::date(locale, competency.valid_until)}</td>
                            <td>
                                <ActionForm action=retire attr:class="inline-form">
                                    <input type="hidden" name="id" value=competency.id.to_string() />
                                    <button type="submit" class="button button-quiet">{td_string!(locale, onboarding.remove)}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Adding a competency from the program's list; emptied once added.
#[component]
fn AddCompetency(known: Vec<String>, add: ServerAction<AddCompetency>, locale: Locale) -> impl IntoView {
    let error = action_error(add);
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(add));
    let names: Vec<(String, String)> =
        std::iter::once((String::new(), td_string!(locale, onboarding.choose_competency).to_owned()))
            .chain(known.into_iter().map(|name| (name.clone(), name)))
            .collect();
    let levels = vec![
        ("silver".to_owned(), td_string!(locale, onboarding.silver).to_owned()),
        ("gold".to_owned(), td_string!(locale, onboarding.gold).to_owned()),
    ];
    view! {
        <ActionForm action=add node_ref=form>
            <FormAlert error=Signal::derive(move || form_level(error.get())) />
            <SelectField label=td_string!(locale, onboarding.competency) name="name" options=names error />
            <SelectField label=td_string!(locale, onboarding.level) name="level" options=levels error />
            <TextField label=td_string!(locale, onboarding.valid_until) name="valid_until" input_type="date" error required=true />
            <button type="submit" class="button">{td_string!(locale, onboarding.add_competency)}</button>
        </ActionForm>
    }
}

#[component]
fn Locations(overview: OverviewResource, actions: Actions) -> impl IntoView {
    let add_error = action_error(actions.add_location);
    let retire_error = action_error(actions.retire_location);
    let locale = use_i18n().get_locale_untracked();
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(actions.add_location));
    view! {
        <section class="panel" aria-labelledby="locations-title">
            <h3 id="locations-title">{td_string!(locale, onboarding.locations_title)}</h3>
            <p>{td_string!(locale, onboarding.locations_text)}</p>
            <FormAlert error=retire_error />
            <Loaded
                resource=overview
                more=true
                view=move |overview: OnboardingOverview| view! { <LocationTable locations=overview.locations retire=actions.retire_location locale /> }
            />
            <h4>{td_string!(locale, onboarding.add_location_title)}</h4>
            // What the form offers does not depend on the overview: it is drawn once.
            <ActionForm action=actions.add_location node_ref=form>
                <FormAlert error=Signal::derive(move || form_level(add_error.get())) />
                <TextField
                    label=td_string!(locale, onboarding.partner_location_id)
                    name="location_id"
                    hint=td_string!(locale, onboarding.location_id_hint)
                    maxlength=20
                    error=add_error
                    required=true
                />
                <TextField label=td_string!(locale, onboarding.name) name="name" maxlength=LocationName::MAX_CHARS error=add_error required=true />
                <SelectField label=td_string!(locale, onboarding.country) name="country" options=country_choices(locale) error=add_error />
                <button type="submit" class="button">{td_string!(locale, onboarding.add_location)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn LocationTable(
    locations: Vec<LocationRecord>,
    retire: ServerAction<RetireLocation>,
    locale: Locale,
) -> impl IntoView {
    if locations.is_empty() {
        return view! { <p>{td_string!(locale, onboarding.no_locations)}</p> }.into_any();
    }
    let columns = [
        td_string!(locale, onboarding.location_id),
        td_string!(locale, onboarding.name),
        td_string!(locale, onboarding.country),
        "",
    ];
    let [id, name, country, _] = columns;
    view! {
        <table tabindex="0" class="table stack">
            <TableHead columns />
            <tbody>
                {locations
                    .into_iter()
                    .map(|location| view! {
                        <tr>
                            <td data-label=id>{location.location_id}</td>
                            <td data-label=name>{location.name}</td>
                            <td data-label=country>{countries::name(locale, location.country)}</td>
                            <td>
                                <ActionForm action=retire attr:class="inline-form">
                                    <input type="hidden" name="id" value=location.id.to_string() />
                                    <button type="submit" class="button button-quiet">{td_string!(locale, onboarding.remove)}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The languages a partner works in, ticked from the directory's list. The form sends
/// them as one comma-separated field (what the server reads), kept by the ticks.
#[component]
fn LanguagePicker(chosen: Vec<String>, error: Signal<Option<AppError>>, locale: Locale) -> impl IntoView {
    let initial = chosen.join(",");
    let chosen = RwSignal::new(chosen);
    let choices = LANGUAGES
        .iter()
        .map(|(code, name)| {
            let code = *code;
            let ticked = chosen.with_untracked(|chosen| chosen.iter().any(|known| known == code));
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        value=code
                        checked=ticked
                        on:change=move |event| chosen.update(|chosen| set_chosen(chosen, code, event_target_checked(&event)))
                    />
                    " " {labels::language(locale, code).unwrap_or(name)}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field language-picker" aria-describedby="field-languages-hint">
            <legend>{td_string!(locale, onboarding.languages)}</legend>
            <p class="field-hint" id="field-languages-hint">{td_string!(locale, onboarding.languages_pick)}</p>
            <input type="hidden" name="languages" value=initial prop:value=move || chosen.get().join(",") />
            <div class="checks">{choices}</div>
            {move || error.get().and_then(|error| error.field_message("languages")).map(|text| view! { <p class="field-error" id="field-languages-message">{text}</p> })}
        </fieldset>
    }
}

/// Every country by its name in the reader's language, after a "choose" that sends nothing
/// (the server then asks for one).
fn country_choices(locale: Locale) -> Vec<(String, String)> {
    std::iter::once((String::new(), td_string!(locale, onboarding.choose_country).to_owned()))
        .chain(countries::by_name(locale).into_iter().map(|(code, name)| (code.to_owned(), name.to_owned())))
        .collect()
}

fn competency_level(locale: Locale, level: CompetencyLevel) -> &'static str {
    match level {
        CompetencyLevel::Silver => td_string!(locale, onboarding.silver),
        CompetencyLevel::Gold => td_string!(locale, onboarding.gold),
    }
}

fn fact_text(locale: Locale, fact: &Fact) -> String {
    match fact {
        Fact::TrainingCompleted { on } => {
            td_string!(locale, onboarding.fact_training_done, date = format::date(locale, *on)).to_string()
        }
        Fact::TrainingNotYet { on } => {
            td_string!(locale, onboarding.fact_training_future, date = format::date(locale, *on)).to_string()
        }
        Fact::TrainingMissing => td_string!(locale, onboarding.fact_training_missing).to_owned(),
        Fact::CompetencyHeld { name, level, valid_until } => td_string!(
            locale,
            onboarding.fact_competency_held,
            name = name.clone(),
            level = competency_level(locale, *level),
            date = format::date(locale, *valid_until)
        )
        .to_string(),
        Fact::CompetencyNeeded { any_of } => {
            let options = any_of
                .iter()
                .map(|requirement| {
                    td_string!(
                        locale,
                        onboarding.fact_competency_option,
                        name = requirement.competency.clone(),
                        level = competency_level(locale, requirement.min_level)
                    )
                    .to_string()
                })
                .collect::<Vec<_>>()
                .join("; ");
            td_string!(locale, onboarding.fact_competency_needed, options = options).to_string()
        }
    }
}

fn check_line(check: Check, locale: Locale) -> impl IntoView {
    match check {
        Check::Met(fact) => view! {
            <li class="check check-met">
                <span aria-hidden="true">"✔ "</span>
                <span class="visually-hidden">{td_string!(locale, onboarding.met)} " "</span>
                {fact_text(locale, &fact)}
            </li>
        }
        .into_any(),
        Check::Missing(fact) => view! {
            <li class="check check-missing">
                <span aria-hidden="true">"✘ "</span>
                <span class="visually-hidden">{td_string!(locale, onboarding.missing)} " "</span>
                {fact_text(locale, &fact)}
            </li>
        }
        .into_any(),
    }
}

fn status_badge(status: OfferingStatus, locale: Locale) -> impl IntoView {
    let class = match status {
        OfferingStatus::Active => "badge badge-ok",
        OfferingStatus::Expired => "badge badge-warn",
        OfferingStatus::InProgress => "badge",
        OfferingStatus::NotStarted => "badge badge-muted",
    };
    view! { <span class=class>{labels::offering_status(locale, status)}</span> }
}

#[component]
fn Eligibility(overview: OnboardingOverview) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{t!(i18n, onboarding.eligibility_text)}</p>
        <ul class="cards">
            {overview.eligibility.into_iter().map(|offering| view! { <OfferingCard offering /> }).collect_view()}
        </ul>
    }
}

#[component]
fn OfferingCard(offering: OfferingEligibility) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let marker = offering.code.clone();
    view! {
        <li class="card offering" data-offering=marker>
            <h3>{offering.code.clone()} " " {status_badge(offering.status, locale)}</h3>
            <p class="muted">{offering.name.clone()}</p>
            <ul class="checklist">
                {check_line(offering.training.clone(), locale)}
                {offering
                    .engagement_types
                    .into_iter()
                    .map(|engagement| {
                        view! {
                            <li class="engagement">
                                <strong>{engagement.name}</strong>
                                <ul class="checklist">{check_line(engagement.competency, locale)}</ul>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn Agreement(overview: OnboardingOverview, actions: Actions, signer: String) -> impl IntoView {
    let error = action_error(actions.sign);
    let locale = use_i18n().get_locale_untracked();
    let signed_current = overview.signed_current();
    let Some(agreement) = overview.current_agreement else {
        return view! { <p>{td_string!(locale, onboarding.no_agreement)}</p> }.into_any();
    };
    let heading =
        td_string!(locale, onboarding.agreement_version, title = agreement.title.clone(), version = agreement.version)
            .to_string();
    view! {
        <section class="panel" aria-labelledby="agreement-title">
            <h3 id="agreement-title">{heading}</h3>
            <div class="agreement-text" tabindex="0">{agreement.body.clone()}</div>
            {overview
                .latest_signature
                .clone()
                .map(|signature| {
                    view! {
                        <p class="signature">
                            {td_string!(
                                locale,
                                onboarding.signed,
                                version = signature.version,
                                signer = signature.signer_name,
                                job = signature.signer_title,
                                at = format::date_time(locale, signature.signed_at)
                            )
                            .to_string()}
                        </p>
                    }
                })}
            {(!signed_current)
                .then(|| {
                    view! {
                        <ActionForm action=actions.sign>
                            <FormAlert error=Signal::derive(move || form_level(error.get())) />
                            <input type="hidden" name="version" value=agreement.version.to_string() />
                            <TextField
                                label=td_string!(locale, onboarding.your_name)
                                name="signer_name"
                                autocomplete="name"
                                maxlength=PersonName::MAX_CHARS
                                value=signer.clone()
                                error
                                required=true
                            />
                            <TextField
                                label=td_string!(locale, onboarding.your_title)
                                name="signer_title"
                                autocomplete="organization-title"
                                maxlength=JobTitle::MAX_CHARS
                                error
                                required=true
                            />
                            <button type="submit" class="button">
                                {td_string!(locale, onboarding.sign, version = agreement.version).to_string()}
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
    .into_any()
}

/// One offering's line on the enrollment step: what the partner can do about it now.
#[derive(Clone, PartialEq, Eq, Hash)]
struct EnrollmentLine {
    offering_id: String,
    code: String,
    name: String,
    status: OfferingStatus,
    choice: EnrollmentChoice,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum EnrollmentChoice {
    /// Enrolled, within the renewal window: renewing signs the agreement `version` again.
    Renew {
        version: u32,
    },
    Enrolled {
        until: NaiveDate,
    },
    Enroll,
    SignFirst,
    NotMet,
}

fn enrollment_lines(overview: OnboardingOverview) -> Vec<EnrollmentLine> {
    let signed = overview.signed_current();
    let version = overview.current_agreement.as_ref().map(|agreement| agreement.version).unwrap_or_default();
    let today = overview.today;
    let enrollments = overview.enrollments;
    overview
        .eligibility
        .into_iter()
        .map(|offering| {
            let enrollment = enrollments.iter().find(|enrollment| enrollment.offering_id == offering.offering_id);
            let choice = match (enrollment, offering.requirements_met(), signed) {
                (Some(enrollment), _, _) if enrollment.renewal_open(today) => EnrollmentChoice::Renew { version },
                (Some(enrollment), _, _) => EnrollmentChoice::Enrolled { until: enrollment.expires_on },
                (None, true, true) => EnrollmentChoice::Enroll,
                (None, true, false) => EnrollmentChoice::SignFirst,
                (None, false, _) => EnrollmentChoice::NotMet,
            };
            EnrollmentLine {
                offering_id: offering.offering_id.to_string(),
                code: offering.code,
                name: offering.name,
                status: offering.status,
                choice,
            }
        })
        .collect()
}

/// Each offering's line is drawn again only when it changes: enrolling in one keeps a
/// renewal half signed in another.
#[component]
fn Enrollment(overview: OverviewResource, actions: Actions) -> impl IntoView {
    let enroll_error = action_error(actions.enroll);
    let renew_error = action_error(actions.renew);
    let locale = use_i18n().get_locale_untracked();
    let lines = move || overview.get().and_then(Result::ok).map(enrollment_lines);
    view! {
        <p>{td_string!(locale, onboarding.enrollment_text)}</p>
        <FormAlert error=Signal::derive(move || form_level(enroll_error.get())) />
        <FormAlert error=Signal::derive(move || form_level(renew_error.get())) />
        <Transition>
            <table tabindex="0" class="table enrollment stack" hidden=move || lines().is_none()>
                <TableHead columns=enrollment_columns(locale) />
                <tbody>
                    <For
                        each=move || lines().unwrap_or_default()
                        key=Clone::clone
                        children=move |line| view! { <EnrollmentRow line actions locale /> }
                    />
                </tbody>
            </table>
        </Transition>
    }
}

/// The enrollment table's column names, in the header and beside each value on a phone.
fn enrollment_columns(locale: Locale) -> [&'static str; 3] {
    [td_string!(locale, onboarding.offering), td_string!(locale, onboarding.status), ""]
}

#[component]
fn EnrollmentRow(line: EnrollmentLine, actions: Actions, locale: Locale) -> impl IntoView {
    let renew_error = action_error(actions.renew);
    let EnrollmentLine { offering_id, code, name, status, choice } = line;
    let scope = code.to_ascii_lowercase();
    let enroll_label = td_string!(locale, onboarding.enroll_in, code = code.clone()).to_string();
    let action = match choice {
        EnrollmentChoice::Renew { version } => view! {
            <ActionForm action=actions.renew attr:class="renew-form">
                <input type="hidden" name="offering_id" value=offering_id />
                <input type="hidden" name="version" value=version.to_string() />
                <TextField
                    label=td_string!(locale, onboarding.your_name)
                    name="signer_name"
                    scope=scope.clone()
                    maxlength=PersonName::MAX_CHARS
                    error=renew_error
                    required=true
                />
                <TextField
                    label=td_string!(locale, onboarding.your_title)
                    name="signer_title"
                    scope=scope
                    maxlength=JobTitle::MAX_CHARS
                    error=renew_error
                    required=true
                />
                <button type="submit" class="button">{td_string!(locale, onboarding.renew)}</button>
            </ActionForm>
        }
        .into_any(),
        EnrollmentChoice::Enrolled { until } => {
            view! { <span>{td_string!(locale, onboarding.enrolled_until, date = format::date(locale, until)).to_string()}</span> }
                .into_any()
        }
        EnrollmentChoice::Enroll => view! {
            <ActionForm action=actions.enroll attr:class="inline-form">
                <input type="hidden" name="offering_id" value=offering_id />
                <button type="submit" class="button">{enroll_label}</button>
            </ActionForm>
        }
        .into_any(),
        EnrollmentChoice::SignFirst => view! { <span>{td_string!(locale, onboarding.sign_first)}</span> }.into_any(),
        EnrollmentChoice::NotMet => view! { <span class="muted">{td_string!(locale, onboarding.not_met)}</span> }.into_any(),
    };
    let marker = code.clone();
    let [offering, status_label, _] = enrollment_columns(locale);
    view! {
        <tr data-offering=marker>
            <td data-label=offering><span><strong>{code}</strong> <span class="muted">" " {name}</span></span></td>
            <td data-label=status_label>{status_badge(status, locale)}</td>
            <td>{action}</td>
        </tr>
    }
}

#[component]
fn Summary(overview: OnboardingOverview) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let active: Vec<_> =
        overview.eligibility.iter().filter(|offering| offering.status == OfferingStatus::Active).cloned().collect();
    let training = match overview.training_completed_on {
        Some(on) => td_string!(locale, onboarding.training_completed, date = format::date(locale, on)).to_string(),
        None => td_string!(locale, onboarding.not_recorded).to_owned(),
    };
    let agreement = if overview.signed_current() {
        td_string!(locale, onboarding.signed_current)
    } else {
        td_string!(locale, onboarding.not_signed)
    };
    view! {
        <section class="panel" aria-labelledby="summary-title">
            <h3 id="summary-title">{td_string!(locale, onboarding.summary_title)}</h3>
            <ul class="summary">
                <li>{td_string!(locale, onboarding.training_line, state = training).to_string()}</li>
                <li>{td_string!(locale, onboarding.competencies_line, count = overview.competencies.len()).to_string()}</li>
                <li>{td_string!(locale, onboarding.locations_line, count = overview.locations.len()).to_string()}</li>
                <li>{td_string!(locale, onboarding.consultants_line, count = overview.qualified_consultants).to_string()}</li>
                <li>{td_string!(locale, onboarding.agreement_line, state = agreement).to_string()}</li>
                <li>{if overview.profile_published { td_string!(locale, onboarding.profile_published) } else { td_string!(locale, onboarding.profile_unpublished) }}</li>
            </ul>
            {if active.is_empty() {
                view! { <p>{td_string!(locale, onboarding.not_enrolled)}</p> }.into_any()
            } else {
                view! {
                    <h4>{td_string!(locale, onboarding.active_enrollments)}</h4>
                    <ul class="summary">
                        {active
                            .into_iter()
                            .map(|offering| {
                                view! {
                                    <li>
                                        <strong>{offering.code}</strong> " " {offering.name} " — "
                                        {offering
                                            .enrolled_until
                                            .map(|until| td_string!(locale, onboarding.until, date = format::date(locale, until)).to_string())
                                            .unwrap_or_default()}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <p>
                {td_string!(locale, onboarding.summary_next)} " "
                <a class="button" href="/reserve">{td_string!(locale, onboarding.summary_reserve)}</a>
            </p>
        </section>
    }
}
