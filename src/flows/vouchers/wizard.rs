//! `/vouchers/new`: the voucher wizard. Agreement → offering → days → division →
//! project manager → review → create. Answers live in the page until the last step;
//! the server checks every rule again when the voucher is created, and a refused answer
//! sends the admin back to the step that holds it, with the server's message.

use super::api::{voucher_wizard_options, CreateVoucher};
use crate::components::copy::CopyButton;
use crate::components::feedback::{ErrorMessage, Loaded};
use crate::components::focus::{focus_on_change, focus_when_shown};
use crate::components::form::action_error;
use crate::components::gate::once_per_page;
use crate::domain::days::PlanningDays;
use crate::domain::voucher::{lengths_within, Division, VoucherCreated, WizardOptions};
use crate::error::AppError;
use crate::locale::i18n::{t, td_string, use_i18n};
use crate::locale::{format, labels, Locale};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Agreement,
    Offering,
    Days,
    Division,
    ProjectManager,
    Review,
}

impl Step {
    const ALL: [Step; 6] =
        [Step::Agreement, Step::Offering, Step::Days, Step::Division, Step::ProjectManager, Step::Review];

    fn label(self, locale: Locale) -> &'static str {
        match self {
            Step::Agreement => td_string!(locale, vouchers.wizard.step_agreement),
            Step::Offering => td_string!(locale, vouchers.wizard.step_offering),
            Step::Days => td_string!(locale, vouchers.wizard.step_days),
            Step::Division => td_string!(locale, vouchers.wizard.step_division),
            Step::ProjectManager => td_string!(locale, vouchers.wizard.step_project_manager),
            Step::Review => td_string!(locale, vouchers.wizard.step_review),
        }
    }

    fn index(self) -> usize {
        Step::ALL.iter().position(|step| *step == self).unwrap_or(0)
    }

    /// The step that asks for a form field the server may refuse.
    fn of_field(field: &str) -> Step {
        match field {
            "agreement_id" => Step::Agreement,
            "offering_id" => Step::Offering,
            "days" => Step::Days,
            "division" => Step::Division,
            _ => Step::ProjectManager,
        }
    }
}

/// The answers so far.
#[derive(Clone, Copy)]
struct Answers {
    agreement: RwSignal<String>,
    offering: RwSignal<String>,
    days: RwSignal<String>,
    division: RwSignal<String>,
    /// A member's email, or empty for someone new.
    project_manager: RwSignal<String>,
    new_name: RwSignal<String>,
    new_email: RwSignal<String>,
}

impl Answers {
    fn new() -> Self {
        Answers {
            agreement: RwSignal::new(String::new()),
            offering: RwSignal::new(String::new()),
            days: RwSignal::new(String::new()),
            division: RwSignal::new(String::new()),
            project_manager: RwSignal::new(String::new()),
            new_name: RwSignal::new(String::new()),
            new_email: RwSignal::new(String::new()),
        }
    }

    /// What is missing to leave `step`, in the words the server would use.
    fn missing(&self, step: Step, locale: Locale) -> Option<&'static str> {
        match step {
            Step::Agreement if self.agreement.get().is_empty() => {
                Some(td_string!(locale, vouchers.wizard.missing_agreement))
            }
            Step::Offering if self.offering.get().is_empty() => {
                Some(td_string!(locale, vouchers.wizard.missing_offering))
            }
            Step::Days if self.days.get().is_empty() => Some(td_string!(locale, vouchers.wizard.missing_days)),
            Step::Division if Division::parse(&self.division.get()).is_err() => {
                Some(td_string!(locale, vouchers.wizard.missing_division))
            }
            Step::ProjectManager
                if self.project_manager.get().is_empty()
                    && (self.new_name.get().trim().is_empty() || self.new_email.get().trim().is_empty()) =>
            {
                Some(td_string!(locale, vouchers.wizard.missing_project_manager))
            }
            _ => None,
        }
    }
}

#[component]
pub fn VoucherWizard() -> impl IntoView {
    let options = once_per_page(|| Resource::new(|| (), |_| voucher_wizard_options()));
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, vouchers.new_voucher)}</h1>
        <Loaded resource=options view=move |options: WizardOptions| view! { <Wizard options /> } />
    }
}

#[component]
fn Wizard(options: WizardOptions) -> impl IntoView {
    let i18n = use_i18n();
    if options.agreements.is_empty() {
        return view! {
            <section class="panel">
                <p>{t!(i18n, vouchers.wizard.no_agreement)}</p>
                <p><a class="button" href="/agreements">{t!(i18n, vouchers.wizard.go_to_agreements)}</a></p>
            </section>
        }
        .into_any();
    }
    let options = StoredValue::new(options);
    let answers = Answers::new();
    let step = RwSignal::new(Step::Agreement);
    let hint = RwSignal::new(None::<&'static str>);
    let create = ServerAction::<CreateVoucher>::new();
    let error = action_error(create);
    // A refused answer sends the admin back to the step that asks for it.
    Effect::new(move |_| {
        if let Some(AppError::Validation(fields)) = error.get() {
            if let Some(first) = fields.first() {
                step.set(Step::of_field(&first.field));
            }
        }
    });
    let created = move || create.value().get().and_then(Result::ok);
    let step_title = NodeRef::new();
    focus_on_change(step_title, move || step.get());
    let go_next = move |_| match answers.missing(step.get(), i18n.get_locale_untracked()) {
        Some(message) => hint.set(Some(message)),
        None => {
            hint.set(None);
            step.update(|current| *current = Step::ALL[(current.index() + 1).min(Step::ALL.len() - 1)]);
        }
    };
    let go_back = move |_| {
        hint.set(None);
        step.update(|current| *current = Step::ALL[current.index().saturating_sub(1)]);
    };
    let submit = move |_| {
        create.dispatch(CreateVoucher {
            agreement_id: answers.agreement.get(),
            offering_id: answers.offering.get(),
            days: answers.days.get(),
            division: answers.division.get(),
            project_manager: answers.project_manager.get(),
            new_name: answers.new_name.get(),
            new_email: answers.new_email.get(),
        });
    };
    view! {
        {move || match created() {
            Some(voucher) => view! { <Created voucher /> }.into_any(),
            None => view! {
                <ol class="stepper stepper-static" aria-label=move || td_string!(i18n.get_locale(), vouchers.wizard.steps_label)>
                    {Step::ALL
                        .into_iter()
                        .map(|each| {
                            let state = move || {
                                let current = step.get();
                                if each == current { "stepper-current" } else if each.index() < current.index() { "stepper-done" } else { "stepper-todo" }
                            };
                            view! {
                                <li class=state aria-current=move || (step.get() == each).then_some("step")>
                                    <span class="stepper-number">{each.index() + 1}</span>
                                    <span class="stepper-label">{move || each.label(i18n.get_locale())}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                <section class="wizard-step panel" aria-labelledby="step-title">
                    <h2 id="step-title" tabindex="-1" node_ref=step_title>
                        {move || {
                            let locale = i18n.get_locale();
                            let current = step.get();
                            td_string!(
                                locale,
                                vouchers.wizard.step_title,
                                number = current.index() + 1,
                                count = Step::ALL.len(),
                                label = current.label(locale)
                            )
                            .to_string()
                        }}
                    </h2>
                    {move || {
                        let options = options.get_value();
                        let locale = i18n.get_locale();
                        match step.get() {
                            Step::Agreement => agreement_step(&options, answers, locale).into_any(),
                            Step::Offering => offering_step(&options, answers, locale).into_any(),
                            Step::Days => days_step(&options, answers, locale).into_any(),
                            Step::Division => division_step(answers, locale).into_any(),
                            Step::ProjectManager => project_manager_step(&options, answers, locale).into_any(),
                            Step::Review => review_step(&options, answers, step, locale).into_any(),
                        }
                    }}
                    {move || {
                        let current = step.get();
                        error
                            .get()
                            .and_then(|error| match error {
                                AppError::Validation(fields) => fields
                                    .iter()
                                    .find(|field| Step::of_field(&field.field) == current)
                                    .map(|field| field.message.clone()),
                                _ => None,
                            })
                            .map(|message| view! { <p class="alert alert-error" role="alert" id="step-error">{message}</p> })
                    }}
                    {move || error.get().filter(|error| !matches!(error, AppError::Validation(_))).map(|error| view! { <ErrorMessage error /> })}
                    // Once asked for, the message stays only while the answer is still missing.
                    {move || {
                        hint.get()
                            .and_then(|_| answers.missing(step.get(), i18n.get_locale_untracked()))
                            .map(|message| view! { <p class="alert alert-error" role="alert" id="step-error">{message}</p> })
                    }}
                </section>
                <nav class="wizard-nav" aria-label=move || td_string!(i18n.get_locale(), vouchers.wizard.nav_label)>
                    {move || (step.get() != Step::Agreement).then(|| view! { <button type="button" class="button button-quiet" on:click=go_back>{t!(i18n, vouchers.wizard.back)}</button> })}
                    {move || if step.get() == Step::Review {
                        view! {
                            <button type="button" class="button" on:click=submit disabled=move || create.pending().get()>
                                {move || {
                                    let locale = i18n.get_locale();
                                    if create.pending().get() {
                                        td_string!(locale, vouchers.wizard.creating)
                                    } else {
                                        td_string!(locale, vouchers.wizard.create)
                                    }
                                }}
                            </button>
                        }.into_any()
                    } else {
                        view! { <button type="button" class="button" on:click=go_next>{t!(i18n, vouchers.wizard.next)}</button> }.into_any()
                    }}
                </nav>
            }
            .into_any(),
        }}
    }
    .into_any()
}

/// A radio button bound to one answer.
fn choice(name: &'static str, value: String, answer: RwSignal<String>, label: AnyView) -> impl IntoView {
    let id = format!("{name}-{value}");
    let label_for = id.clone();
    let checked = value.clone();
    let chosen = value.clone();
    view! {
        <label class="choice" for=label_for>
            <input
                type="radio"
                id=id
                name=name
                value=value
                prop:checked=move || answer.get() == checked
                on:change=move |_| answer.set(chosen.clone())
            />
            <span>{label}</span>
        </label>
    }
}

fn agreement_step(options: &WizardOptions, answers: Answers, locale: Locale) -> impl IntoView {
    let choices = options
        .agreements
        .iter()
        .map(|agreement| {
            let label = view! {
                <strong>{agreement.licensing_id.clone()}</strong>
                " — "
                {td_string!(
                    locale,
                    vouchers.wizard.left_of,
                    left = format::days(locale, agreement.pool.left),
                    entitled = format::days(locale, agreement.pool.entitled)
                )
                .to_string()}
                <span class="muted">
                    " · " {td_string!(locale, vouchers.wizard.ends, date = format::date(locale, agreement.ends_on)).to_string()}
                </span>
            }
            .into_any();
            choice("agreement", agreement.id.to_string(), answers.agreement, label)
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>{td_string!(locale, vouchers.wizard.which_agreement)}</legend>
            {choices}
        </fieldset>
    }
}

fn offering_step(options: &WizardOptions, answers: Answers, locale: Locale) -> impl IntoView {
    let choices = options
        .offerings
        .iter()
        .map(|choice_of| {
            let lengths =
                choice_of.lengths.iter().map(|length| length.days().get().to_string()).collect::<Vec<_>>().join(", ");
            let label = view! {
                <strong>{choice_of.offering.code.clone()}</strong> " " {choice_of.offering.name.clone()}
                <span class="muted">" · " {td_string!(locale, vouchers.wizard.lengths_days, lengths = lengths).to_string()}</span>
            }
            .into_any();
            choice("offering", choice_of.offering.id.to_string(), answers.offering, label)
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>{td_string!(locale, vouchers.wizard.what_to_plan)}</legend>
            {choices}
        </fieldset>
    }
}

fn days_step(options: &WizardOptions, answers: Answers, locale: Locale) -> impl IntoView {
    let agreement = options.agreements.iter().find(|agreement| agreement.id.to_string() == answers.agreement.get());
    let offering = options.offerings.iter().find(|choice| choice.offering.id.to_string() == answers.offering.get());
    let (Some(agreement), Some(offering)) = (agreement, offering) else {
        return view! { <p>{td_string!(locale, vouchers.wizard.choose_first)}</p> }.into_any();
    };
    let lengths = lengths_within(&offering.lengths, agreement.pool.left);
    if lengths.is_empty() {
        return view! {
            <p>
                {td_string!(
                    locale,
                    vouchers.wizard.too_few_days,
                    agreement = agreement.licensing_id.clone(),
                    left = format::days(locale, agreement.pool.left),
                    offering = offering.offering.code.clone()
                )
                .to_string()}
            </p>
        }
        .into_any();
    }
    let choices = lengths
        .into_iter()
        .map(|length| {
            let label = view! { <strong>{format::days(locale, length.days())}</strong> }.into_any();
            choice("days", length.days().get().to_string(), answers.days, label)
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>
                {td_string!(locale, vouchers.wizard.how_many_days)} " "
                <span class="muted">
                    {td_string!(
                        locale,
                        vouchers.wizard.left_on,
                        left = format::days(locale, agreement.pool.left),
                        agreement = agreement.licensing_id.clone()
                    )
                    .to_string()}
                </span>
            </legend>
            {choices}
        </fieldset>
    }
    .into_any()
}

fn division_step(answers: Answers, locale: Locale) -> impl IntoView {
    view! {
        <div class="field">
            <label for="field-division">{td_string!(locale, vouchers.wizard.division_label)}</label>
            <input
                id="field-division"
                name="division"
                maxlength="100"
                aria-describedby="field-division-hint"
                prop:value=move || answers.division.get()
                on:input=move |event| answers.division.set(event_target_value(&event))
            />
            <p class="field-hint" id="field-division-hint">
                {td_string!(locale, vouchers.wizard.division_hint)}
            </p>
        </div>
    }
}

fn project_manager_step(options: &WizardOptions, answers: Answers, locale: Locale) -> impl IntoView {
    let members = options
        .project_managers
        .iter()
        .map(|member| {
            let label =
                view! { <strong>{member.name.clone()}</strong> " " <span class="muted">{member.email.clone()}</span> }
                    .into_any();
            choice("project_manager", member.email.clone(), answers.project_manager, label)
        })
        .collect_view();
    let someone_new = choice(
        "project_manager",
        String::new(),
        answers.project_manager,
        view! {
            <strong>{td_string!(locale, vouchers.wizard.someone_new)}</strong>
            " "
            <span class="muted">{td_string!(locale, vouchers.wizard.invite_them)}</span>
        }
        .into_any(),
    );
    view! {
        <fieldset>
            <legend>{td_string!(locale, vouchers.wizard.who_receives)}</legend>
            {members}
            {someone_new}
        </fieldset>
        {move || answers.project_manager.get().is_empty().then(|| view! {
            <div class="field">
                <label for="field-new_name">{td_string!(locale, vouchers.wizard.their_name)}</label>
                <input id="field-new_name" name="new_name" autocomplete="name" maxlength="100"
                    prop:value=move || answers.new_name.get() on:input=move |event| answers.new_name.set(event_target_value(&event)) />
            </div>
            <div class="field">
                <label for="field-new_email">{td_string!(locale, vouchers.wizard.their_email)}</label>
                <input id="field-new_email" name="new_email" type="email" autocomplete="email" maxlength="254"
                    prop:value=move || answers.new_email.get() on:input=move |event| answers.new_email.set(event_target_value(&event)) />
            </div>
        })}
    }
}

fn review_step(options: &WizardOptions, answers: Answers, step: RwSignal<Step>, locale: Locale) -> impl IntoView {
    let agreement = options
        .agreements
        .iter()
        .find(|agreement| agreement.id.to_string() == answers.agreement.get())
        .map(|agreement| agreement.licensing_id.clone())
        .unwrap_or_default();
    let offering = options
        .offerings
        .iter()
        .find(|choice| choice.offering.id.to_string() == answers.offering.get())
        .map(|choice| format!("{} {}", choice.offering.code, choice.offering.name))
        .unwrap_or_default();
    let division = Division::parse(&answers.division.get())
        .map(|division| labels::division(locale, division.as_str()))
        .unwrap_or_default();
    let recipient = match answers.project_manager.get() {
        email if email.is_empty() => td_string!(
            locale,
            vouchers.wizard.invited,
            person = answers.new_name.get().trim().to_owned(),
            email = answers.new_email.get().trim().to_owned()
        )
        .to_string(),
        email => options
            .project_managers
            .iter()
            .find(|member| member.email == email)
            .map(|member| format!("{} <{}>", member.name, member.email))
            .unwrap_or(email),
    };
    let days = answers.days.get().parse().map(|days| format::days(locale, PlanningDays::new(days))).unwrap_or_default();
    let row = move |value: String, at: Step| {
        let label = at.label(locale);
        let change = td_string!(locale, vouchers.wizard.change_label, what = label.to_lowercase()).to_string();
        view! {
            <dt>{label}</dt>
            <dd>
                {value} " "
                <button type="button" class="link-button" on:click=move |_| step.set(at) aria-label=change>
                    {td_string!(locale, vouchers.wizard.change)}
                </button>
            </dd>
        }
    };
    view! {
        <p>{td_string!(locale, vouchers.wizard.check)}</p>
        <dl class="facts review">
            {row(agreement, Step::Agreement)}
            {row(offering, Step::Offering)}
            {row(days, Step::Days)}
            {row(division, Step::Division)}
            {row(recipient, Step::ProjectManager)}
        </dl>
    }
}

#[component]
fn Created(voucher: VoucherCreated) -> impl IntoView {
    let i18n = use_i18n();
    let invited = voucher.invited.then(|| view! { <p>{t!(i18n, vouchers.wizard.also_invited)}</p> });
    let email = voucher.project_manager_email.clone();
    let title = NodeRef::new();
    focus_when_shown(title);
    view! {
        <section class="panel voucher-created" aria-labelledby="created-title">
            <h2 id="created-title" tabindex="-1" node_ref=title>{t!(i18n, vouchers.wizard.created_title)}</h2>
            <p class="voucher-code" id="voucher-code">{voucher.code.clone()}</p>
            <p><CopyButton code=voucher.code.clone() /></p>
            <p>{t!(i18n, vouchers.wizard.emailed, email = move || view! { <strong>{email.clone()}</strong> })}</p>
            {invited}
            <p class="actions">
                <a class="button" href=format!("/vouchers/{}", voucher.id)>{t!(i18n, vouchers.wizard.open_voucher)}</a>
                " "
                <a class="button button-quiet" href="/vouchers">{t!(i18n, vouchers.wizard.all_vouchers)}</a>
            </p>
        </section>
    }
}
