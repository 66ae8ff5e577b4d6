//! `/vouchers/new`: the voucher wizard. Agreement → offering → days → division →
//! project manager → review → create. Answers live in the page until the last step;
//! the server checks every rule again when the voucher is created, and a refused answer
//! sends the admin back to the step that holds it, with the server's message.

use super::api::{voucher_wizard_options, CreateVoucher};
use crate::components::feedback::{ErrorMessage, Loaded};
use crate::components::form::action_error;
use crate::domain::voucher::{lengths_within, Division, VoucherCreated, WizardOptions};
use crate::error::AppError;
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

    fn label(self) -> &'static str {
        match self {
            Step::Agreement => "Agreement",
            Step::Offering => "Offering",
            Step::Days => "Planning days",
            Step::Division => "Division",
            Step::ProjectManager => "Project manager",
            Step::Review => "Review",
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
    fn missing(&self, step: Step) -> Option<&'static str> {
        match step {
            Step::Agreement if self.agreement.get().is_empty() => Some("Choose an agreement."),
            Step::Offering if self.offering.get().is_empty() => Some("Choose an offering."),
            Step::Days if self.days.get().is_empty() => Some("Choose how many planning days the voucher holds."),
            Step::Division if Division::parse(&self.division.get()).is_err() => {
                Some("A division name is at most 100 characters.")
            }
            Step::ProjectManager
                if self.project_manager.get().is_empty()
                    && (self.new_name.get().trim().is_empty() || self.new_email.get().trim().is_empty()) =>
            {
                Some("Choose a project manager, or enter the name and email of someone to invite.")
            }
            _ => None,
        }
    }
}

#[component]
pub fn VoucherWizard() -> impl IntoView {
    let options = Resource::new(|| (), |_| voucher_wizard_options());
    view! {
        <h1>"New voucher"</h1>
        <Loaded resource=options view=move |options: WizardOptions| view! { <Wizard options /> } />
    }
}

#[component]
fn Wizard(options: WizardOptions) -> impl IntoView {
    if options.agreements.is_empty() {
        return view! {
            <section class="panel">
                <p>"None of your agreements can issue vouchers now: the benefit must be active on an agreement that has not ended and has planning days left."</p>
                <p><a class="button" href="/agreements">"Go to agreements"</a></p>
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
    let go_next = move |_| match answers.missing(step.get()) {
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
                <ol class="stepper stepper-static" aria-label="Voucher steps">
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
                                    <span class="stepper-label">{each.label()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                <section class="wizard-step panel" aria-labelledby="step-title">
                    <h2 id="step-title">{move || format!("Step {} of {}: {}", step.get().index() + 1, Step::ALL.len(), step.get().label())}</h2>
                    {move || {
                        let options = options.get_value();
                        match step.get() {
                            Step::Agreement => agreement_step(&options, answers).into_any(),
                            Step::Offering => offering_step(&options, answers).into_any(),
                            Step::Days => days_step(&options, answers).into_any(),
                            Step::Division => division_step(answers).into_any(),
                            Step::ProjectManager => project_manager_step(&options, answers).into_any(),
                            Step::Review => review_step(&options, answers, step).into_any(),
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
                    {move || hint.get().map(|message| view! { <p class="alert alert-error" role="alert" id="step-error">{message}</p> })}
                </section>
                <nav class="wizard-nav" aria-label="Wizard">
                    {move || (step.get() != Step::Agreement).then(|| view! { <button type="button" class="button button-quiet" on:click=go_back>"← Back"</button> })}
                    {move || if step.get() == Step::Review {
                        view! {
                            <button type="button" class="button" on:click=submit disabled=move || create.pending().get()>
                                {move || if create.pending().get() { "Creating…" } else { "Create voucher" }}
                            </button>
                        }.into_any()
                    } else {
                        view! { <button type="button" class="button" on:click=go_next>"Next →"</button> }.into_any()
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

fn agreement_step(options: &WizardOptions, answers: Answers) -> impl IntoView {
    let choices = options
        .agreements
        .iter()
        .map(|agreement| {
            let label = view! {
                <strong>{agreement.licensing_id.clone()}</strong>
                " — " {agreement.pool.left.to_string()} " left of " {agreement.pool.entitled.to_string()}
                <span class="muted">" · ends " {agreement.ends_on.to_string()}</span>
            }
            .into_any();
            choice("agreement", agreement.id.to_string(), answers.agreement, label)
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>"Which agreement's planning days does this voucher use?"</legend>
            {choices}
        </fieldset>
    }
}

fn offering_step(options: &WizardOptions, answers: Answers) -> impl IntoView {
    let choices = options
        .offerings
        .iter()
        .map(|choice_of| {
            let lengths =
                choice_of.lengths.iter().map(|length| length.days().get().to_string()).collect::<Vec<_>>().join(", ");
            let label = view! {
                <strong>{choice_of.offering.code.clone()}</strong> " " {choice_of.offering.name.clone()}
                <span class="muted">" · " {lengths} " days"</span>
            }
            .into_any();
            choice("offering", choice_of.offering.id.to_string(), answers.offering, label)
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>"What should the partner plan?"</legend>
            {choices}
        </fieldset>
    }
}

fn days_step(options: &WizardOptions, answers: Answers) -> impl IntoView {
    let agreement = options.agreements.iter().find(|agreement| agreement.id.to_string() == answers.agreement.get());
    let offering = options.offerings.iter().find(|choice| choice.offering.id.to_string() == answers.offering.get());
    let (Some(agreement), Some(offering)) = (agreement, offering) else {
        return view! { <p>"Choose an agreement and an offering first."</p> }.into_any();
    };
    let lengths = lengths_within(&offering.lengths, agreement.pool.left);
    if lengths.is_empty() {
        return view! {
            <p>
                "Agreement " {agreement.licensing_id.clone()} " has " {agreement.pool.left.to_string()}
                " left, fewer than the shortest " {offering.offering.code.clone()} " engagement. Go back and choose another agreement or offering."
            </p>
        }
        .into_any();
    }
    let choices = lengths
        .into_iter()
        .map(|length| {
            let label = view! { <strong>{length.to_string()}</strong> }.into_any();
            choice("days", length.days().get().to_string(), answers.days, label)
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>
                "How many planning days? " <span class="muted">{agreement.pool.left.to_string()} " left on " {agreement.licensing_id.clone()}</span>
            </legend>
            {choices}
        </fieldset>
    }
    .into_any()
}

fn division_step(answers: Answers) -> impl IntoView {
    view! {
        <div class="field">
            <label for="field-division">"Division or legal entity (optional)"</label>
            <input
                id="field-division"
                name="division"
                maxlength="100"
                aria-describedby="field-division-hint"
                prop:value=move || answers.division.get()
                on:input=move |event| answers.division.set(event_target_value(&event))
            />
            <p class="field-hint" id="field-division-hint">
                "Leave empty for the whole organisation. You may hold one 15-day voucher per offering for each division or legal entity."
            </p>
        </div>
    }
}

fn project_manager_step(options: &WizardOptions, answers: Answers) -> impl IntoView {
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
        view! { <strong>"Someone new"</strong> " " <span class="muted">"invite them with the voucher"</span> }
            .into_any(),
    );
    view! {
        <fieldset>
            <legend>"Who receives the voucher code and passes it on to a partner?"</legend>
            {members}
            {someone_new}
        </fieldset>
        {move || answers.project_manager.get().is_empty().then(|| view! {
            <div class="field">
                <label for="field-new_name">"Their name"</label>
                <input id="field-new_name" name="new_name" autocomplete="name" maxlength="100"
                    prop:value=move || answers.new_name.get() on:input=move |event| answers.new_name.set(event_target_value(&event)) />
            </div>
            <div class="field">
                <label for="field-new_email">"Their work email"</label>
                <input id="field-new_email" name="new_email" type="email" autocomplete="email" maxlength="254"
                    prop:value=move || answers.new_email.get() on:input=move |event| answers.new_email.set(event_target_value(&event)) />
            </div>
        })}
    }
}

fn review_step(options: &WizardOptions, answers: Answers, step: RwSignal<Step>) -> impl IntoView {
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
    let division =
        Division::parse(&answers.division.get()).map(|division| division.label().to_owned()).unwrap_or_default();
    let recipient = match answers.project_manager.get() {
        email if email.is_empty() => {
            format!("{} <{}> (invited)", answers.new_name.get().trim(), answers.new_email.get().trim())
        }
        email => options
            .project_managers
            .iter()
            .find(|member| member.email == email)
            .map(|member| format!("{} <{}>", member.name, member.email))
            .unwrap_or(email),
    };
    let row = move |label: &'static str, value: String, at: Step| {
        view! {
            <dt>{label}</dt>
            <dd>{value} " " <button type="button" class="link-button" on:click=move |_| step.set(at) aria-label=format!("Change {label}")>"Change"</button></dd>
        }
    };
    view! {
        <p>"Check the voucher. Creating it takes the days from the agreement and emails the code to the project manager."</p>
        <dl class="facts review">
            {row("Agreement", agreement, Step::Agreement)}
            {row("Offering", offering, Step::Offering)}
            {row("Planning days", format!("{} days", answers.days.get()), Step::Days)}
            {row("For", division, Step::Division)}
            {row("Project manager", recipient, Step::ProjectManager)}
        </dl>
    }
}

#[component]
fn Created(voucher: VoucherCreated) -> impl IntoView {
    let invited = voucher
        .invited
        .then(|| view! { <p>"They were also invited to the portal, where they can follow the voucher."</p> });
    view! {
        <section class="panel voucher-created" aria-labelledby="created-title">
            <h2 id="created-title">"Voucher created"</h2>
            <p class="voucher-code" id="voucher-code">{voucher.code.clone()}</p>
            <p>"We emailed the code to " <strong>{voucher.project_manager_email.clone()}</strong> ", with how to pass it on to a partner."</p>
            {invited}
            <p class="actions">
                <a class="button" href=format!("/vouchers/{}", voucher.id)>"Open the voucher"</a>
                " "
                <a class="button button-quiet" href="/vouchers">"All vouchers"</a>
            </p>
        </section>
    }
}
