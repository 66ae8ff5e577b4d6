//! The landing page, the role-aware dashboard and the pages of sections still being built.

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
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The public front page; signed-in visitors go straight to their dashboard.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="" />
        <Transition fallback=|| ()>
            {move || session.viewer.get().and_then(|result| result.ok().flatten()).map(|_| view! { <Redirect path="/dashboard" /> })}
        </Transition>
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">"Software Assurance Planning Services"</h1>
            <p class="lead">
                "Customers with Software Assurance earn planning days. They turn them into vouchers that pay an approved partner "
                "to plan their deployment; the program then pays the partner."
            </p>
            <p class="actions">
                <a class="button" href="/sign-in">"Sign in"</a>
                <a class="button button-quiet" href="/sign-up">"Sign up your organisation"</a>
            </p>
        </section>
        <section class="panel" aria-labelledby="steps-title">
            <h2 id="steps-title">"How the program works"</h2>
            <ol class="steps">
                <li>"Partners verify their eligibility,"</li>
                <li>"enroll in offerings,"</li>
                <li>"and publish a business profile."</li>
                <li>"Customers create vouchers and assign them to a project manager."</li>
                <li>"The partner validates and reserves the voucher,"</li>
                <li>"delivers the engagement and reports on it,"</li>
                <li>"redeems the voucher,"</li>
                <li>"and requests payment from the program."</li>
            </ol>
        </section>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <Title text="Dashboard" />
        <Gate page=|viewer| view! { <Dashboard viewer /> } />
    }
}

fn introduction(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Partner => {
            "Qualify and enroll, publish your profile, then reserve, deliver, redeem and claim customer vouchers."
        }
        OrgKind::Customer => {
            "Turn your Software Assurance planning days into vouchers and pick a partner to deliver them."
        }
        OrgKind::Program => {
            "Keep the catalogue and rates, review partners' claims and follow every change in the audit log."
        }
    }
}

#[component]
fn Dashboard(viewer: Viewer) -> impl IntoView {
    let cards = sections_for(viewer.role).map(|section| view! { <SectionCard section /> }).collect_view();
    view! {
        <section class="dashboard" aria-labelledby="dashboard-title">
            <h1 id="dashboard-title">"Welcome, " {viewer.name.clone()}</h1>
            <p class="lead">
                <span class="badge">{viewer.role.label()}</span> " at " <strong>{viewer.org_name.clone()}</strong>
                " (" {viewer.org_kind.label()} ")"
            </p>
            <p>{introduction(viewer.org_kind)}</p>
            {(viewer.org_kind == OrgKind::Partner && viewer.has_any(&[Role::MpnAdmin])).then(|| view! { <PartnerNotices /> })}
            <ul class="cards">{cards}</ul>
        </section>
    }
}

/// Expiring enrollments and agreement updates, for partner admins.
#[component]
fn PartnerNotices() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_onboarding());
    view! {
        <Loaded
            resource=overview
            view=|overview: OnboardingOverview| {
                overview
                    .notices()
                    .into_iter()
                    .map(|notice| {
                        let class = if notice.urgent { "alert alert-error notice" } else { "alert alert-info notice" };
                        view! {
                            <div class=class role="status">
                                <p>{notice.text} " " <a href="/onboarding/enrollment">"Go to enrollment"</a></p>
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
    view! {
        <li class="card">
            <h2>
                <a href=format!("/{}", section.path)>{section.label}</a>
            </h2>
            {section.step.map(|step| view! { <p class="card-step">"Program step " {step}</p> })}
            <p>{section.summary}</p>
        </li>
    }
}
