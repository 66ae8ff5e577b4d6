//! The landing page and the role-aware dashboard.

use crate::components::feedback::Loaded;
use crate::components::gate::Gate;
use crate::components::nav::{sections_for, Section};
use crate::domain::{
    partner::OnboardingOverview,
    roles::{OrgKind, Role},
    viewer::Viewer,
};
use crate::flows::auth::session::use_session;
use crate::flows::onboarding::api::get_onboarding;
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::{labels, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The public front page; signed-in visitors go straight to their dashboard.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    view! {
        <Title text="" />
        <Transition fallback=|| ()>
            {move || session.viewer.get().and_then(|result| result.ok().flatten()).map(|_| view! { <Redirect path="/dashboard" /> })}
        </Transition>
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">{t!(i18n, dashboard.hero_title)}</h1>
            <p class="lead">{t!(i18n, dashboard.hero_lead)}</p>
            <p class="actions">
                <a class="button" href="/sign-in">{t!(i18n, common.sign_in)}</a>
                <a class="button button-quiet" href="/sign-up">{t!(i18n, auth.sign_up_link)}</a>
            </p>
        </section>
        <section class="panel" aria-labelledby="steps-title">
            <h2 id="steps-title">{t!(i18n, dashboard.steps_title)}</h2>
            <ol class="steps">
                <li>{t!(i18n, dashboard.step_1)}</li>
                <li>{t!(i18n, dashboard.step_2)}</li>
                <li>{t!(i18n, dashboard.step_3)}</li>
                <li>{t!(i18n, dashboard.step_4)}</li>
                <li>{t!(i18n, dashboard.step_5)}</li>
                <li>{t!(i18n, dashboard.step_6)}</li>
                <li>{t!(i18n, dashboard.step_7)}</li>
                <li>{t!(i18n, dashboard.step_8)}</li>
            </ol>
        </section>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, common.dashboard) />
        <Gate page=|viewer| view! { <Dashboard viewer /> } />
    }
}

fn introduction(locale: Locale, kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Partner => td_string!(locale, dashboard.intro_partner),
        OrgKind::Customer => td_string!(locale, dashboard.intro_customer),
        OrgKind::Program => td_string!(locale, dashboard.intro_program),
    }
}

#[component]
fn Dashboard(viewer: Viewer) -> impl IntoView {
    let i18n = use_i18n();
    let role = viewer.role;
    let cards = move || sections_for(role).map(|section| view! { <SectionCard section /> }).collect_view();
    let name = viewer.name.clone();
    view! {
        <section class="dashboard" aria-labelledby="dashboard-title">
            <h1 id="dashboard-title">{t!(i18n, dashboard.welcome, name = name.clone())}</h1>
            <p class="lead">
                <span class="badge">{move || labels::role(i18n.get_locale(), viewer.role)}</span>
                " " {t!(i18n, common.at_org)} " " <strong>{viewer.org_name.clone()}</strong>
                " (" {move || labels::org_kind(i18n.get_locale(), viewer.org_kind)} ")"
            </p>
            <p>{move || introduction(i18n.get_locale(), viewer.org_kind)}</p>
            {(viewer.org_kind == OrgKind::Partner && viewer.has_any(&[Role::MpnAdmin])).then(|| view! { <PartnerNotices /> })}
            <ul class="cards">{cards}</ul>
        </section>
    }
}

/// Expiring enrollments and agreement updates, for partner admins.
#[component]
fn PartnerNotices() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_onboarding());
    view! {
        <Loaded
            resource=overview
            view=move |overview: OnboardingOverview| {
                overview
                    .notices()
                    .into_iter()
                    .map(|notice| {
                        let class = if notice.urgent { "alert alert-error notice" } else { "alert alert-info notice" };
                        view! {
                            <div class=class role="status">
                                <p>{notice.text} " " <a href="/onboarding/enrollment">{t!(i18n, dashboard.go_to_enrollment)}</a></p>
                            </div>
                        }
                    })
                    .collect_view()
            }
        />
    }
}

#[component]
fn SectionCard(section: &'static Section) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="card">
            <h2>
                <a href=format!("/{}", section.path)>{move || (section.label)(i18n.get_locale())}</a>
            </h2>
            {section.step.map(|step| view! { <p class="card-step">{t!(i18n, common.program_step, step)}</p> })}
            <p>{move || (section.summary)(i18n.get_locale())}</p>
        </li>
    }
}
