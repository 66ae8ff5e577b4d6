//! The landing page and the role-aware dashboard.

pub mod api;

use crate::components::chart::{Bar, BarChart};
use crate::components::copy::CopyButton;
use crate::components::feedback::Loaded;
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::PageTitle;
use crate::components::layout::TableHead;
use crate::components::nav::{sections_for, Section};
use crate::domain::access::Action;
use crate::domain::country::CountryCode;
use crate::domain::{
    claim::ClaimSummary,
    dashboard::{
        CountryTotals, CustomerNext, CustomerTask, Deadline, NextSteps, OperatorNext, PartnerNext, Task, CHART_MONTHS,
    },
    days::PlanningDays,
    partner::{EnrollmentStanding, EnrollmentState, Notice, OnboardingOverview},
    roles::OrgKind,
    viewer::Viewer,
};
use crate::flows::auth::session::use_session;
use crate::flows::onboarding::api::get_onboarding;
use crate::locale::i18n::{t, td_string, use_i18n};
use crate::locale::{countries, format, labels, Locale};
use api::get_next_steps;
use chrono::{DateTime, Datelike, Utc};
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
    view! {
        <PageTitle text=|locale| td_string!(locale, common.dashboard).to_owned() />
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
    let cards = move || sections_for(role).map(|section| view! { <SectionCard section role /> }).collect_view();
    let name = viewer.name.clone();
    view! {
        <section class="dashboard" aria-labelledby="dashboard-title">
            <h1 id="dashboard-title">{t!(i18n, dashboard.welcome, name = name.clone())}</h1>
            <p class="lead">
                <span class="badge">{move || labels::role(i18n.get_locale(), viewer.role)}</span>
                " " {t!(i18n, common.at_org)} " " <strong>{viewer.org_name.clone()}</strong>
                // The operator's role already names the program.
                {(viewer.org_kind != OrgKind::Program)
                    .then(|| view! { " (" {move || labels::org_kind(i18n.get_locale(), viewer.org_kind)} ")" })}
            </p>
            <p>{move || introduction(i18n.get_locale(), viewer.org_kind)}</p>
            {viewer.may(Action::ManageEnrollment).then(|| view! { <EnrollmentPanel /> })}
            <NextStepsPanel creates_vouchers=viewer.may(Action::CreateVouchers) />
            <ul class="cards">{cards}</ul>
        </section>
    }
}

/// The partner's enrollments and renewal dates, with what needs acting on, for partner admins.
#[component]
fn EnrollmentPanel() -> impl IntoView {
    let i18n = use_i18n();
    let overview = once_per_page(|| Resource::new(|| (), |_| get_onboarding()));
    view! {
        <section class="panel enrollment-panel" aria-labelledby="enrollment-title">
            <h2 id="enrollment-title">{t!(i18n, dashboard.enrollment_title)}</h2>
            <Loaded
                resource=overview
                view=move |overview: OnboardingOverview| enrollment_view(overview, i18n.get_locale())
            />
        </section>
    }
}

fn notice_text(locale: Locale, notice: &Notice) -> String {
    match notice {
        Notice::EnrollmentExpired { code, on } => {
            td_string!(locale, dashboard.notice_expired, code = code.clone(), date = format::date(locale, *on))
                .to_string()
        }
        Notice::EnrollmentEnding { code, on, days_left } => td_string!(
            locale,
            dashboard.notice_ending,
            code = code.clone(),
            date = format::date(locale, *on),
            days = format::number(locale, *days_left)
        )
        .to_string(),
        Notice::AgreementUpdated { version } => {
            td_string!(locale, dashboard.notice_agreement, version = *version).to_string()
        }
    }
}

fn standing_text(locale: Locale, standing: &EnrollmentStanding) -> String {
    let ends = format::date(locale, standing.expires_on);
    match standing.state {
        EnrollmentState::Active => td_string!(
            locale,
            dashboard.enrolled_until,
            date = ends,
            renewal = format::date(locale, standing.renewal_opens_on)
        )
        .to_string(),
        EnrollmentState::RenewalOpen => td_string!(locale, dashboard.renewal_open, date = ends).to_string(),
        EnrollmentState::Expired => td_string!(locale, dashboard.enrollment_expired, date = ends).to_string(),
    }
}

fn enrollment_view(overview: OnboardingOverview, locale: Locale) -> impl IntoView {
    let resume = overview.first_unfinished();
    let notices = overview
        .notices()
        .into_iter()
        .map(|notice| {
            let class = if notice.is_urgent() { "alert alert-error notice" } else { "alert alert-info notice" };
            view! { <div class=class role="status"><p>{notice_text(locale, &notice)}</p></div> }
        })
        .collect_view();
    let standing = overview.enrollment_standing();
    let list = if standing.is_empty() {
        view! { <p class="empty">{td_string!(locale, dashboard.not_enrolled)}</p> }.into_any()
    } else {
        let items = standing
            .iter()
            .map(|standing| {
                let (class, badge) = match standing.state {
                    EnrollmentState::Active => ("", td_string!(locale, dashboard.state_active)),
                    EnrollmentState::RenewalOpen => ("deadline-urgent", td_string!(locale, dashboard.state_renewal)),
                    EnrollmentState::Expired => ("deadline-urgent", td_string!(locale, dashboard.state_expired)),
                };
                view! {
                    <li class=class>
                        <strong>{standing.code.clone()}</strong> " " <span class="badge">{badge}</span>
                        " " <span class="muted">{standing_text(locale, standing)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="deadlines enrollments">{items}</ul> }.into_any()
    };
    view! {
        {notices}
        {list}
        // To the first step not done yet, so a new partner never hunts for it.
        <p><a href=format!("/onboarding/{}", resume.slug())>{td_string!(locale, dashboard.go_to_enrollment)}</a></p>
    }
}

#[component]
fn SectionCard(section: &'static Section, role: crate::domain::roles::Role) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="card">
            <h2>
                <a href=format!("/{}", section.path)>{move || (section.label)(i18n.get_locale())}</a>
            </h2>
            {section.step.map(|step| view! { <p class="card-step">{t!(i18n, common.program_step, step)}</p> })}
            <p>{move || (section.summary)(i18n.get_locale(), role)}</p>
        </li>
    }
}

/// "What do I do next": the viewer's deadlines, pools and counts. Every link to
/// something to do carries `data-todo`.
#[component]
fn NextStepsPanel(creates_vouchers: bool) -> impl IntoView {
    let i18n = use_i18n();
    let next = once_per_page(|| Resource::new(|| (), |_| get_next_steps()));
    view! {
        <section class="panel next-steps" aria-labelledby="next-title">
            <h2 id="next-title">{t!(i18n, dashboard.next_title)}</h2>
            <Loaded
                resource=next
                view=move |next: NextSteps| {
                    let locale = i18n.get_locale();
                    match next {
                        NextSteps::Customer(customer) => customer_view(customer, creates_vouchers, locale).into_any(),
                        NextSteps::Partner(partner) => partner_view(partner, locale).into_any(),
                        NextSteps::Operator(operator) => operator_view(operator, locale).into_any(),
                    }
                }
            />
        </section>
    }
}

/// One titled part of the "what to do next" panel.
#[component]
fn NextBlock(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="next-block">
            <h3>{title}</h3>
            {children()}
        </div>
    }
}

/// `ends 3 Dec 2026 · 12 days left` (or `· 2 days late`).
fn when(locale: Locale, due: DateTime<Utc>, now: DateTime<Utc>, phrase: fn(Locale, String) -> String) -> String {
    let left = (due - now).num_days();
    let count = format::days(locale, PlanningDays::new(left.unsigned_abs().min(u64::from(u32::MAX)) as u32));
    let distance = if left >= 0 {
        td_string!(locale, dashboard.left, days = count).to_string()
    } else {
        td_string!(locale, dashboard.late, days = count).to_string()
    };
    format!("{} · {distance}", phrase(locale, format::date(locale, due)))
}

fn customer_task(locale: Locale, task: CustomerTask) -> impl IntoView {
    let (href, text) = match task {
        CustomerTask::RegisterAgreement => {
            ("/agreements", td_string!(locale, dashboard.task_register_agreement).to_string())
        }
        CustomerTask::ActivateBenefit => {
            ("/agreements", td_string!(locale, dashboard.task_activate_benefit).to_string())
        }
        CustomerTask::CreateVoucher { days_left } => (
            "/vouchers/new",
            td_string!(locale, dashboard.task_create_voucher, days = format::days(locale, days_left)).to_string(),
        ),
        CustomerTask::FindPartner { waiting } => (
            "/partners",
            td_string!(locale, dashboard.task_find_partner, count = format::number(locale, i64::from(waiting)))
                .to_string(),
        ),
    };
    view! { <li><a href=href data-todo="">{text}</a></li> }
}

fn customer_view(customer: CustomerNext, creates_vouchers: bool, locale: Locale) -> impl IntoView {
    let tasks = customer.tasks(creates_vouchers);
    let tasks = (!tasks.is_empty()).then(|| {
        view! {
            <NextBlock title=td_string!(locale, dashboard.customer_todo_title)>
                <ul class="deadlines">{tasks.into_iter().map(|task| customer_task(locale, task)).collect_view()}</ul>
            </NextBlock>
        }
    });
    // Days left count from the server's clock (the browser's may be wrong, and WASM has none).
    let CustomerNext { as_of: now, agreements, by_status, expiring, days_by_month } = customer;
    let pools = (!agreements.is_empty()).then(|| {
        let lines = agreements
            .into_iter()
            .map(|agreement| {
                let pool = agreement.pool;
                let line = td_string!(
                    locale,
                    dashboard.pool_line,
                    left = format::days(locale, pool.left),
                    entitled = format::days(locale, pool.entitled)
                )
                .to_string();
                let inactive = agreement
                    .activated_at
                    .is_none()
                    .then(|| view! { " " <span class="badge badge-muted">{td_string!(locale, dashboard.pool_inactive)}</span> });
                view! {
                    <li>
                        <strong>{agreement.licensing_id.clone()}</strong> " " {line} {inactive}
                        <meter min="0" max=pool.entitled.get() value=pool.left.get() aria-label=agreement.licensing_id.clone()></meter>
                    </li>
                }
            })
            .collect_view();
        view! {
            <NextBlock title=td_string!(locale, dashboard.pools_title)>
                <ul class="pools">{lines}</ul>
            </NextBlock>
        }
    });
    let statuses = if by_status.is_empty() {
        view! { <p class="empty">{td_string!(locale, dashboard.no_vouchers)}</p> }.into_any()
    } else {
        view! {
            <ul class="status-counts">
                {by_status
                    .into_iter()
                    .map(|(status, count)| view! {
                        <li>
                            <a href=format!("/vouchers?status={}", status.as_str())>
                                <strong>{format::number(locale, i64::from(count))}</strong> " " {labels::voucher_status(locale, status)}
                            </a>
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let expiring = if expiring.is_empty() {
        view! { <p class="empty">{td_string!(locale, dashboard.expiring_none)}</p> }.into_any()
    } else {
        view! {
            <ul class="deadlines">
                {expiring
                    .into_iter()
                    .map(|voucher| {
                        let due = when(locale, voucher.expires_at, now, |locale, date| td_string!(locale, dashboard.ends_on, date = date).to_string());
                        view! {
                            <li class="deadline-urgent">
                                <a href=format!("/vouchers/{}", voucher.id)><code>{voucher.code.clone()}</code></a> " " <CopyButton code=voucher.code />
                                " " <span class="badge">{labels::voucher_status(locale, voucher.status)}</span>
                                " " <span class="muted">{due}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let total = days_by_month.iter().fold(PlanningDays::ZERO, |sum, month| sum.saturating_add(month.days));
    // Month names alone fit under the bars; the year goes with the first month and January.
    let bars = days_by_month
        .into_iter()
        .enumerate()
        .map(|(index, month)| Bar {
            label: if index == 0 || month.month.month() == 1 {
                format::month(locale, month.month)
            } else {
                format::month_name(locale, &month.month).to_owned()
            },
            value: month.days.get(),
            value_text: format::number(locale, i64::from(month.days.get())),
        })
        .collect();
    let summary =
        td_string!(locale, dashboard.chart_summary, total = format::days(locale, total), months = CHART_MONTHS)
            .to_string();
    view! {
        {tasks}
        {pools}
        <NextBlock title=td_string!(locale, dashboard.by_status_title)>{statuses}</NextBlock>
        <NextBlock title=td_string!(locale, dashboard.expiring_title)>{expiring}</NextBlock>
        <div class="next-block next-wide">
            <BarChart id="days-by-month" title=td_string!(locale, dashboard.chart_title).to_owned() bars />
            <p class="muted">{summary}</p>
        </div>
    }
}

fn task_text(locale: Locale, deadline: &Deadline) -> String {
    let code = deadline.code.clone();
    match deadline.task {
        Task::ReportAndRedeem => td_string!(locale, dashboard.task_report, code = code).to_string(),
        Task::Redeem => td_string!(locale, dashboard.task_redeem, code = code).to_string(),
        Task::Claim => td_string!(locale, dashboard.task_claim, code = code).to_string(),
    }
}

fn partner_view(partner: PartnerNext, locale: Locale) -> impl IntoView {
    let now = partner.as_of;
    if partner.deadlines.is_empty() {
        return view! { <p class="empty">{td_string!(locale, dashboard.todo_none)}</p> }.into_any();
    }
    let items = partner
        .deadlines
        .into_iter()
        .map(|deadline| {
            let class = if deadline.is_urgent(now) { "deadline-urgent" } else { "" };
            let due = when(locale, deadline.due, now, |locale, date| {
                td_string!(locale, dashboard.due_by, date = date).to_string()
            });
            view! {
                <li class=class>
                    <a href=deadline.href.clone() data-todo="">{task_text(locale, &deadline)}</a>
                    " " <span class="muted">{due}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>{td_string!(locale, dashboard.todo_title)}</h3>
        <ul class="deadlines">{items}</ul>
    }
    .into_any()
}

fn claim_lines(
    locale: Locale,
    claims: Vec<ClaimSummary>,
    date_of: fn(&ClaimSummary, Locale) -> String,
) -> impl IntoView {
    claims
        .into_iter()
        .map(|claim| {
            let line = td_string!(
                locale,
                dashboard.claim_line,
                reference = claim.reference.clone(),
                partner = claim.partner_name.clone(),
                amount = format::money(locale, claim.amount)
            )
            .to_string();
            let when = date_of(&claim, locale);
            view! { <li>{line} " " <span class="muted">{when}</span></li> }
        })
        .collect_view()
}

fn operator_view(operator: OperatorNext, locale: Locale) -> impl IntoView {
    let OperatorNext { waiting, waiting_count, overdue, overdue_count, by_country } = operator;
    let has_waiting = !waiting.is_empty();
    // Only the longest-waiting claims are listed: say how many there are in all.
    let more = |shown: usize, count: u32, sentence: fn(Locale, usize, u32) -> String| {
        (count as usize > shown).then(|| view! { <p class="muted">{sentence(locale, shown, count)}</p> })
    };
    let waiting_more = more(waiting.len(), waiting_count, |locale, shown, count| {
        td_string!(locale, dashboard.waiting_more, shown = shown, count = format::number(locale, i64::from(count)))
            .to_string()
    });
    let overdue_more = more(overdue.len(), overdue_count, |locale, shown, count| {
        td_string!(locale, dashboard.overdue_more, shown = shown, count = format::number(locale, i64::from(count)))
            .to_string()
    });
    let waiting_list = if waiting.is_empty() {
        view! { <p class="empty">{td_string!(locale, dashboard.waiting_none)}</p> }.into_any()
    } else {
        let submitted = |claim: &ClaimSummary, locale: Locale| {
            td_string!(locale, dashboard.submitted_on, date = format::date(locale, claim.submitted_at)).to_string()
        };
        view! { <ul class="deadlines">{claim_lines(locale, waiting, submitted)}</ul> }.into_any()
    };
    let overdue_list = if overdue.is_empty() {
        view! { <p class="empty">{td_string!(locale, dashboard.overdue_none)}</p> }.into_any()
    } else {
        let due = |claim: &ClaimSummary, locale: Locale| {
            claim
                .due_on
                .map(|due| td_string!(locale, claims.due_on, date = format::date(locale, due)).to_string())
                .unwrap_or_default()
        };
        view! { <ul class="deadlines deadline-urgent">{claim_lines(locale, overdue, due)}</ul> }.into_any()
    };
    view! {
        <NextBlock title=td_string!(locale, dashboard.waiting_title)>{waiting_list}{waiting_more}</NextBlock>
        <NextBlock title=td_string!(locale, dashboard.overdue_title)>{overdue_list}{overdue_more}</NextBlock>
        <p><a href="/review" data-todo=has_waiting.then_some("")>{td_string!(locale, dashboard.review_link)}</a></p>
        {country_table(locale, by_country)}
    }
}

/// A country by its name in the reader's language (the code itself if it is not one).
fn country_name(locale: Locale, code: String) -> String {
    CountryCode::parse(&code).map(|country| countries::name(locale, country).to_owned()).unwrap_or(code)
}

/// What the program owes and paid, a row per country and currency.
fn country_table(locale: Locale, rows: Vec<CountryTotals>) -> impl IntoView {
    let body = if rows.is_empty() {
        view! { <p class="empty">{td_string!(locale, dashboard.countries_none)}</p> }.into_any()
    } else {
        let columns = [
            td_string!(locale, dashboard.country_column),
            td_string!(locale, dashboard.claims_column),
            td_string!(locale, dashboard.waiting_column),
            td_string!(locale, dashboard.to_pay_column),
            td_string!(locale, dashboard.paid_column),
        ];
        let [_, claims, waiting, to_pay, paid] = columns;
        let lines = rows
            .into_iter()
            .map(|row| {
                view! {
                    <tr>
                        <th scope="row">{country_name(locale, row.country)}</th>
                        <td class="num" data-label=claims>{format::number(locale, i64::from(row.claims))}</td>
                        <td class="num" data-label=waiting>{format::money(locale, row.waiting)}</td>
                        <td class="num" data-label=to_pay>{format::money(locale, row.to_pay)}</td>
                        <td class="num" data-label=paid>{format::money(locale, row.paid)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table tabindex="0" class="table by-country stack" aria-labelledby="countries-title">
                    <TableHead columns />
                    <tbody>{lines}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="next-block next-wide">
            <h3 id="countries-title">{td_string!(locale, dashboard.countries_title)}</h3>
            {body}
        </div>
    }
}
