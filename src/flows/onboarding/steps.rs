//! The content of each onboarding step.

use super::api::{get_profile, ProfileEditor, SaveProfile};
use super::Actions;
use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, SelectField, TextArea, TextField};
use crate::components::layout::TableHead;
use crate::domain::{
    eligibility::{Check, OfferingEligibility, OfferingStatus},
    partner::{OnboardingOverview, OnboardingStep},
    text::{JobTitle, LocationName, PersonName},
};
use crate::domain::{email::EmailAddress, profile::Website};
use crate::flows::directory::ProfileCard;
use leptos::prelude::*;

pub(crate) fn step_view(step: OnboardingStep, overview: OnboardingOverview, actions: Actions) -> AnyView {
    match step {
        OnboardingStep::Qualifications => view! { <Qualifications overview actions /> }.into_any(),
        OnboardingStep::Locations => view! { <Locations overview actions /> }.into_any(),
        OnboardingStep::Eligibility => view! { <Eligibility overview /> }.into_any(),
        OnboardingStep::Agreement => view! { <Agreement overview actions /> }.into_any(),
        OnboardingStep::Enrollment => view! { <Enrollment overview actions /> }.into_any(),
        OnboardingStep::Profile => view! { <ProfileStep /> }.into_any(),
        OnboardingStep::Summary => view! { <Summary overview /> }.into_any(),
    }
}

#[component]
fn ProfileStep() -> impl IntoView {
    let save = ServerAction::<SaveProfile>::new();
    let editor = Resource::new(move || save.version().get(), |_| get_profile());
    let error = action_error(save);
    view! {
        <Loaded
            resource=editor
            view=move |editor: ProfileEditor| {
                let draft = editor.draft.unwrap_or_default();
                let saved = move || save.value().get().is_some_and(|result| result.is_ok());
                view! {
                    <section class="panel" aria-labelledby="profile-title">
                        <h3 id="profile-title">"Your business profile"</h3>
                        <p>"Customers see this in the partner directory. Offerings come from your active enrollments, countries from your locations."</p>
                        <ActionForm action=save>
                            <FormAlert error=Signal::derive(move || form_level(error.get())) />
                            <TextArea label="Company description" name="description" maxlength=2000 error value=draft.description.clone() />
                            <TextField label="Website" name="website" input_type="url" hint="For example https://www.contoso.com" maxlength=Website::MAX_CHARS error value=draft.website.clone() required=true />
                            <TextField label="Contact name" name="contact_name" maxlength=PersonName::MAX_CHARS error value=draft.contact_name.clone() required=true />
                            <TextField label="Contact email" name="contact_email" input_type="email" maxlength=EmailAddress::MAX_CHARS error value=draft.contact_email.clone() required=true />
                            <TextField label="Languages" name="languages" hint="Two-letter codes separated by commas, for example es, en" error value=draft.languages.join(", ") required=true />
                            <TextField label="Industries" name="industries" hint="Separated by commas, for example Retail, Banking" error value=draft.industries.join(", ") />
                            <div class="field field-check">
                                <label>
                                    <input type="checkbox" name="published" checked=draft.published />
                                    " Publish in the partner directory"
                                </label>
                                {move || error.get().and_then(|error| error.field_message("published")).map(|text| view! { <p class="field-error" id="field-published-message">{text}</p> })}
                            </div>
                            <button type="submit" class="button">"Save profile"</button>
                        </ActionForm>
                        {move || saved().then(|| view! { <p class="alert alert-success" role="status">"Profile saved."</p> })}
                    </section>
                    <section aria-labelledby="preview-title">
                        <h3 id="preview-title">"Preview: how customers see you"</h3>
                        {match editor.preview {
                            Some(profile) => view! { <ProfileCard profile /> }.into_any(),
                            None => view! { <p>"Save your profile to see the preview."</p> }.into_any(),
                        }}
                    </section>
                }
            }
        />
    }
}

#[component]
fn Qualifications(overview: OnboardingOverview, actions: Actions) -> impl IntoView {
    let training_error = action_error(actions.training);
    let competency_error = action_error(actions.add_competency);
    let retire_error = action_error(actions.retire_competency);
    let names: Vec<(String, String)> = std::iter::once((String::new(), "Choose a competency".to_owned()))
        .chain(overview.known_competencies.iter().map(|name| (name.clone(), name.clone())))
        .collect();
    let levels = vec![("silver".to_owned(), "Silver".to_owned()), ("gold".to_owned(), "Gold".to_owned())];
    view! {
        <section class="panel" aria-labelledby="training-title">
            <h3 id="training-title">"Compliance training"</h3>
            <p>
                {match overview.training_completed_on {
                    Some(on) => format!("Your company completed the program's compliance training on {on}."),
                    None => "The program's compliance training is required at company level before you can enroll.".to_owned(),
                }}
            </p>
            <ActionForm action=actions.training>
                <FormAlert error=Signal::derive(move || form_level(training_error.get())) />
                <TextField
                    label="Completed on"
                    name="completed_on"
                    input_type="date"
                    error=training_error
                    value=overview.training_completed_on.map(|on| on.to_string()).unwrap_or_default()
                    required=true
                />
                <button type="submit" class="button">"Save training date"</button>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="competencies-title">
            <h3 id="competencies-title">"Competencies"</h3>
            <FormAlert error=retire_error />
            {if overview.competencies.is_empty() {
                view! { <p>"No competencies recorded yet."</p> }.into_any()
            } else {
                view! {
                    <table tabindex="0" class="table">
                        <TableHead columns=&["Competency", "Level", "Valid until", ""] />
                        <tbody>
                            {overview
                                .competencies
                                .into_iter()
                                .map(|competency| {
                                    view! {
                                        <tr>
                                            <td>{competency.name}</td>
                                            <td>{competency.level.as_str()}</td>
                                            <td>{competency.valid_until.to_string()}</td>
                                            <td>
                                                <ActionForm action=actions.retire_competency attr:class="inline-form">
                                                    <input type="hidden" name="id" value=competency.id.to_string() />
                                                    <button type="submit" class="button button-quiet">"Remove"</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            <h4>"Add a competency"</h4>
            <ActionForm action=actions.add_competency>
                <FormAlert error=Signal::derive(move || form_level(competency_error.get())) />
                <SelectField label="Competency" name="name" options=names error=competency_error />
                <SelectField label="Level" name="level" options=levels error=competency_error />
                <TextField label="Valid until" name="valid_until" input_type="date" error=competency_error required=true />
                <button type="submit" class="button">"Add competency"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Locations(overview: OnboardingOverview, actions: Actions) -> impl IntoView {
    let add_error = action_error(actions.add_location);
    let retire_error = action_error(actions.retire_location);
    view! {
        <section class="panel" aria-labelledby="locations-title">
            <h3 id="locations-title">"Your locations"</h3>
            <p>"Vouchers are reserved, redeemed and claimed under the location in the delivery country."</p>
            <FormAlert error=retire_error />
            {if overview.locations.is_empty() {
                view! { <p>"No locations yet."</p> }.into_any()
            } else {
                view! {
                    <table tabindex="0" class="table">
                        <TableHead columns=&["Location ID", "Name", "Country", ""] />
                        <tbody>
                            {overview
                                .locations
                                .into_iter()
                                .map(|location| {
                                    view! {
                                        <tr>
                                            <td>{location.location_id}</td>
                                            <td>{location.name}</td>
                                            <td>{location.country.to_string()}</td>
                                            <td>
                                                <ActionForm action=actions.retire_location attr:class="inline-form">
                                                    <input type="hidden" name="id" value=location.id.to_string() />
                                                    <button type="submit" class="button button-quiet">"Remove"</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            <h4>"Add a location"</h4>
            <ActionForm action=actions.add_location>
                <FormAlert error=Signal::derive(move || form_level(add_error.get())) />
                <TextField label="Partner location ID" name="location_id" maxlength=20 error=add_error required=true />
                <TextField label="Name" name="name" maxlength=LocationName::MAX_CHARS error=add_error required=true />
                <TextField
                    label="Country"
                    name="country"
                    hint="Two-letter code, like ES, US or DE."
                    maxlength=2
                    error=add_error
                    required=true
                />
                <button type="submit" class="button">"Add location"</button>
            </ActionForm>
        </section>
    }
}

fn check_line(check: Check) -> impl IntoView {
    match check {
        Check::Met(text) => view! { <li class="check check-met"><span aria-hidden="true">"✔ "</span><span class="visually-hidden">"Met: "</span>{text}</li> }.into_any(),
        Check::Missing(text) => view! { <li class="check check-missing"><span aria-hidden="true">"✘ "</span><span class="visually-hidden">"Missing: "</span>{text}</li> }.into_any(),
    }
}

fn status_badge(status: OfferingStatus) -> impl IntoView {
    let class = match status {
        OfferingStatus::Active => "badge badge-ok",
        OfferingStatus::Expired => "badge badge-warn",
        OfferingStatus::InProgress => "badge",
        OfferingStatus::NotStarted => "badge badge-muted",
    };
    view! { <span class=class>{status.label()}</span> }
}

#[component]
fn Eligibility(overview: OnboardingOverview) -> impl IntoView {
    view! {
        <p>"A green check marks each requirement your company meets; the rest says what is missing."</p>
        <ul class="cards">
            {overview.eligibility.into_iter().map(|offering| view! { <OfferingCard offering /> }).collect_view()}
        </ul>
    }
}

#[component]
fn OfferingCard(offering: OfferingEligibility) -> impl IntoView {
    let marker = offering.code.clone();
    view! {
        <li class="card offering" data-offering=marker>
            <h3>{offering.code.clone()} " " {status_badge(offering.status)}</h3>
            <p class="muted">{offering.name.clone()}</p>
            <ul class="checklist">
                {check_line(offering.training.clone())}
                {offering
                    .engagement_types
                    .into_iter()
                    .map(|engagement| {
                        view! {
                            <li class="engagement">
                                <strong>{engagement.name}</strong>
                                <ul class="checklist">{check_line(engagement.competency)}</ul>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn Agreement(overview: OnboardingOverview, actions: Actions) -> impl IntoView {
    let error = action_error(actions.sign);
    let signed_current = overview.signed_current();
    let Some(agreement) = overview.current_agreement else {
        return view! { <p>"The program has not published its agreement yet. Please come back later."</p> }.into_any();
    };
    view! {
        <section class="panel" aria-labelledby="agreement-title">
            <h3 id="agreement-title">{agreement.title.clone()} " (version " {agreement.version} ")"</h3>
            <div class="agreement-text" tabindex="0">{agreement.body.clone()}</div>
            {overview
                .latest_signature
                .clone()
                .map(|signature| {
                    view! {
                        <p class="signature">
                            "Signed (version " {signature.version} ") by " {signature.signer_name} ", " {signature.signer_title} " on "
                            {signature.signed_at.format("%Y-%m-%d %H:%M UTC").to_string()} "."
                        </p>
                    }
                })}
            {(!signed_current)
                .then(|| {
                    view! {
                        <ActionForm action=actions.sign>
                            <FormAlert error=Signal::derive(move || form_level(error.get())) />
                            <input type="hidden" name="version" value=agreement.version.to_string() />
                            <TextField label="Your name" name="signer_name" autocomplete="name" maxlength=PersonName::MAX_CHARS error required=true />
                            <TextField label="Your title" name="signer_title" autocomplete="organization-title" maxlength=JobTitle::MAX_CHARS error required=true />
                            <button type="submit" class="button">"Sign version " {agreement.version}</button>
                        </ActionForm>
                    }
                })}
        </section>
    }
    .into_any()
}

#[component]
fn Enrollment(overview: OnboardingOverview, actions: Actions) -> impl IntoView {
    let enroll_error = action_error(actions.enroll);
    let renew_error = action_error(actions.renew);
    let signed = overview.signed_current();
    let version = overview.current_agreement.as_ref().map(|agreement| agreement.version).unwrap_or_default();
    let today = overview.today;
    let enrollments = overview.enrollments;
    let rows = overview
        .eligibility
        .into_iter()
        .map(|offering| {
            let enrollment = enrollments.iter().find(|enrollment| enrollment.offering_id == offering.offering_id).cloned();
            let ready = offering.requirements_met();
            let offering_id = offering.offering_id.to_string();
            let OfferingEligibility { code, name, status, .. } = offering;
            let label = format!("Enroll in {code}");
            let scope = code.to_ascii_lowercase();
            let action = match (&enrollment, ready, signed) {
                (Some(enrollment), _, _) if enrollment.renewal_open(today) => view! {
                    <ActionForm action=actions.renew attr:class="renew-form">
                        <input type="hidden" name="offering_id" value=offering_id />
                        <input type="hidden" name="version" value=version.to_string() />
                        <TextField label="Your name" name="signer_name" scope=scope.clone() maxlength=PersonName::MAX_CHARS error=renew_error required=true />
                        <TextField label="Your title" name="signer_title" scope=scope.clone() maxlength=JobTitle::MAX_CHARS error=renew_error required=true />
                        <button type="submit" class="button">"Renew and sign again"</button>
                    </ActionForm>
                }
                .into_any(),
                (Some(enrollment), _, _) => view! { <span>"Enrolled until " {enrollment.expires_on.to_string()}</span> }.into_any(),
                (None, true, true) => {
                    view! {
                        <ActionForm action=actions.enroll attr:class="inline-form">
                            <input type="hidden" name="offering_id" value=offering_id />
                            <button type="submit" class="button">{label}</button>
                        </ActionForm>
                    }
                    .into_any()
                }
                (None, true, false) => view! { <span>"Sign the program agreement to enroll."</span> }.into_any(),
                (None, false, _) => view! { <span class="muted">"Requirements not met yet (see Eligibility)."</span> }.into_any(),
            };
            let marker = code.clone();
            view! {
                <tr data-offering=marker>
                    <td><strong>{code}</strong> <span class="muted">" " {name}</span></td>
                    <td>{status_badge(status)}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p>"Enrollment lasts one year. Renewal opens 30 days before it ends and re-checks the requirements."</p>
        <FormAlert error=Signal::derive(move || form_level(enroll_error.get())) />
        <FormAlert error=Signal::derive(move || form_level(renew_error.get())) />
        <table tabindex="0" class="table enrollment">
            <TableHead columns=&["Offering", "Status", ""] />
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn Summary(overview: OnboardingOverview) -> impl IntoView {
    let active: Vec<_> =
        overview.eligibility.iter().filter(|offering| offering.status == OfferingStatus::Active).cloned().collect();
    view! {
        <section class="panel" aria-labelledby="summary-title">
            <h3 id="summary-title">"Where you stand"</h3>
            <ul class="summary">
                <li>
                    "Compliance training: "
                    {overview.training_completed_on.map(|on| format!("completed on {on}")).unwrap_or_else(|| "not recorded".into())}
                </li>
                <li>"Competencies on record: " {overview.competencies.len()}</li>
                <li>"Locations: " {overview.locations.len()}</li>
                <li>
                    "Program agreement: "
                    {if overview.signed_current() { "signed (current version)" } else { "not signed in its current version" }}
                </li>
            </ul>
            {if active.is_empty() {
                view! { <p>"You are not enrolled in any offering yet."</p> }.into_any()
            } else {
                view! {
                    <h4>"Active enrollments"</h4>
                    <ul class="summary">
                        {active
                            .into_iter()
                            .map(|offering| {
                                view! {
                                    <li>
                                        <strong>{offering.code}</strong> " " {offering.name} " — until "
                                        {offering.enrolled_until.map(|until| until.to_string()).unwrap_or_default()}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
