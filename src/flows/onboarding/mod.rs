//! Partner onboarding wizard: training and competencies, locations, eligibility
//! (step 1), the program agreement and enrollment (step 2). Each wizard step has its
//! own address, and the step a partner is on is saved so a later visit resumes there.

pub mod api;
mod exams;
mod steps;

pub use exams::ExamsPage;

use crate::components::feedback::Loaded;
use crate::components::focus::focus_when_shown;
use crate::components::form::server_action_success;
use crate::components::gate::{once_per_page, Gate};
use crate::components::language::InEachLanguage;
use crate::components::layout::NotFound;
use crate::components::layout::PageTitle;
use crate::domain::{
    access::Action,
    partner::{OnboardingOverview, OnboardingStep},
};
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::labels;
use api::*;
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_params_map};

/// Every action of the wizard; the overview reloads after any of them.
#[derive(Clone, Copy)]
pub(crate) struct Actions {
    pub training: ServerAction<RecordTraining>,
    pub add_competency: ServerAction<AddCompetency>,
    pub retire_competency: ServerAction<RetireCompetency>,
    pub add_location: ServerAction<AddLocation>,
    pub retire_location: ServerAction<RetireLocation>,
    pub sign: ServerAction<SignAgreement>,
    pub enroll: ServerAction<Enroll>,
    pub renew: ServerAction<RenewEnrollment>,
    pub record_exam: ServerAction<RecordExam>,
}

impl Actions {
    fn new() -> Self {
        Self {
            training: ServerAction::new(),
            add_competency: ServerAction::new(),
            retire_competency: ServerAction::new(),
            add_location: ServerAction::new(),
            retire_location: ServerAction::new(),
            sign: ServerAction::new(),
            enroll: ServerAction::new(),
            renew: ServerAction::new(),
            record_exam: ServerAction::new(),
        }
    }

    /// The versions of each action's last success (a refusal leaves the page as it is,
    /// with what was typed).
    fn successes(&self) -> [Memo<usize>; 9] {
        [
            server_action_success(self.training),
            server_action_success(self.add_competency),
            server_action_success(self.retire_competency),
            server_action_success(self.add_location),
            server_action_success(self.retire_location),
            server_action_success(self.sign),
            server_action_success(self.enroll),
            server_action_success(self.renew),
            server_action_success(self.record_exam),
        ]
    }
}

/// `/onboarding`: resumes where the partner left off.
#[component]
pub fn OnboardingResume() -> impl IntoView {
    let overview = once_per_page(|| Resource::new(|| (), |_| get_onboarding()));
    view! {
        <PageTitle text=|locale| td_string!(locale, onboarding.title).to_owned() />
        <Gate
            action=Action::ManageEnrollment
            page=move |_| {
                view! {
                    <Loaded
                        resource=overview
                        view=|overview: OnboardingOverview| {
                            let step = overview.saved_step.unwrap_or(OnboardingStep::Qualifications);
                            view! { <Redirect path=format!("/onboarding/{}", step.slug()) /> }
                        }
                    />
                }
            }
        />
    }
}

/// `/onboarding/:step`: one step of the wizard.
#[component]
pub fn OnboardingStepPage() -> impl IntoView {
    let params = use_params_map();
    let step = Memo::new(move |_| params.read().get("step").and_then(|slug| OnboardingStep::parse(&slug)));
    // Moving between steps (not arriving on the page) takes focus to the new step's title.
    let arrived = StoredValue::new(false);
    move || match step.get() {
        None => view! { <NotFound /> }.into_any(),
        Some(current) => {
            let moved = arrived.get_value();
            arrived.set_value(true);
            view! {
            <PageTitle text=move |locale| {
                td_string!(locale, onboarding.page_title, step = labels::onboarding_step(locale, current)).to_string()
            } />
            <Gate action=Action::ManageEnrollment page=move |viewer| view! { <InEachLanguage><Wizard step=current moved signer=viewer.name.clone() /></InEachLanguage> } />
            }
            .into_any()
        }
    }
}

/// `signer`: the signed-in person's name, offered for signing the agreement.
#[component]
fn Wizard(step: OnboardingStep, moved: bool, signer: String) -> impl IntoView {
    let actions = Actions::new();
    let successes = actions.successes();
    let overview =
        once_per_page(|| Resource::new(move || successes.map(|success| success.get()), |_| get_onboarding()));
    // Remember this step so a later visit resumes here. Effects only run in the
    // browser, so a page rendered on the server saves nothing by itself.
    let save_step = ServerAction::<SaveOnboardingStep>::new();
    Effect::new(move |_| {
        save_step.dispatch(SaveOnboardingStep { step: step.slug().to_owned() });
    });
    let i18n = use_i18n();
    let step_title = NodeRef::new();
    if moved {
        focus_when_shown(step_title);
    }
    view! {
        <h1>{t!(i18n, onboarding.heading)}</h1>
        <Loaded resource=overview view=move |overview: OnboardingOverview| view! { <StepIndicator current=step overview /> } />
        <div class="wizard-step">
            <h2 id="step-title" tabindex="-1" node_ref=step_title>
                {move || {
                    let locale = i18n.get_locale();
                    td_string!(
                        locale,
                        onboarding.step_title,
                        number = step.number(),
                        count = OnboardingStep::ALL.len(),
                        label = labels::onboarding_step(locale, step)
                    )
                    .to_string()
                }}
            </h2>
            {steps::step_view(step, overview, actions, signer)}
        </div>
        <nav class="wizard-nav" aria-label=move || t_string!(i18n, onboarding.nav_label)>
            {step.previous().map(|previous| view! {
                <a class="button button-quiet" href=format!("/onboarding/{}", previous.slug()) rel="prev">{t!(i18n, onboarding.back)}</a>
            })}
            {match step.next() {
                Some(next) => view! {
                    <a class="button" href=format!("/onboarding/{}", next.slug()) rel="next">
                        {move || {
                            let locale = i18n.get_locale();
                            td_string!(locale, onboarding.next, step = labels::onboarding_step(locale, next)).to_string()
                        }}
                    </a>
                }
                .into_any(),
                None => view! { <a class="button" href="/dashboard">{t!(i18n, onboarding.finish)}</a> }.into_any(),
            }}
        </nav>
    }
}

/// The wizard's steps: the current one, and those done (`OnboardingOverview::finished`).
#[component]
fn StepIndicator(current: OnboardingStep, overview: OnboardingOverview) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="stepper" aria-label=move || t_string!(i18n, onboarding.steps_label)>
            {OnboardingStep::ALL
                .into_iter()
                .map(|step| {
                    // The current step is marked done too once it is.
                    let class = match (step == current, overview.finished(step)) {
                        (true, true) => "stepper-current stepper-done",
                        (true, false) => "stepper-current",
                        (false, true) => "stepper-done",
                        (false, false) => "stepper-todo",
                    };
                    view! {
                        <li class=class>
                            <a href=format!("/onboarding/{}", step.slug()) aria-current=(step == current).then_some("step")>
                                <span class="stepper-number">{step.number()}</span>
                                <span class="stepper-label">{move || labels::onboarding_step(i18n.get_locale(), step)}</span>
                                {overview.finished(step).then(|| view! { <span class="visually-hidden">{t!(i18n, onboarding.step_done)}</span> })}
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
