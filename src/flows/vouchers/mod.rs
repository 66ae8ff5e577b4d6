//! Customers' vouchers: the list (filters, pages, CSV), the wizard that creates them and
//! each voucher's page with its timeline.

pub mod api;
mod wizard;

use crate::components::export::CsvExport;
use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::action_error;
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::components::timeline::Timeline;
use crate::domain::{
    roles::Role,
    voucher::{VoucherDetail, VoucherPage, VoucherSummary},
    voucher_status::VoucherStatus,
};
use api::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Benefit admins see their organisation's vouchers, project managers theirs.
const CUSTOMER_ROLES: &[Role] = &[Role::BenefitAdmin, Role::ProjectManager];

#[component]
pub fn VouchersPage() -> impl IntoView {
    view! {
        <Title text="Vouchers" />
        <Gate roles=CUSTOMER_ROLES page=|viewer| view! { <Vouchers can_create=viewer.role == Role::BenefitAdmin /> } />
    }
}

#[component]
pub fn NewVoucherPage() -> impl IntoView {
    view! {
        <Title text="New voucher" />
        <Gate roles=&[Role::BenefitAdmin] page=|_| view! { <wizard::VoucherWizard /> } />
    }
}

#[component]
pub fn VoucherRoute() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <Title text="Voucher" />
        <Gate roles=CUSTOMER_ROLES page=move |_| view! { <Voucher id=id() /> } />
    }
}

/// `<option>`s with an "any" choice first and `selected` preselected.
fn filter_options(any: &'static str, choices: Vec<(String, String)>, selected: &str) -> impl IntoView {
    std::iter::once((String::new(), any.to_owned()))
        .chain(choices)
        .map(|(value, label)| {
            let is_selected = value == selected;
            view! { <option value=value selected=is_selected>{label}</option> }
        })
        .collect_view()
}

#[component]
fn Vouchers(can_create: bool) -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        (get("status"), get("agreement"), get("offering"), get("after"))
    };
    let page = Resource::new(filters, |(status, agreement, offering, after)| {
        list_vouchers(status, agreement, offering, after)
    });
    let export = ServerAction::<ExportVouchers>::new();
    view! {
        <div class="page-head">
            <h1>"Vouchers"</h1>
            {can_create.then(|| view! { <a class="button" href="/vouchers/new">"New voucher"</a> })}
        </div>
        <p class="lead">
            {if can_create {
                "Every voucher of your organisation. A voucher lives 180 days from assignment: the partner must reserve, deliver and redeem it by then."
            } else {
                "The vouchers assigned to you. Give a voucher's code and your benefit administrator's email to the partner you choose."
            }}
        </p>
        <Loaded
            resource=page
            view=move |page: VoucherPage| {
                let (status, agreement, offering, after) = filters();
                let status_for_export = status.clone();
                let agreement_for_export = agreement.clone();
                let offering_for_export = offering.clone();
                let filtered = format!("?status={status}&agreement={agreement}&offering={offering}");
                let first_page = (!after.is_empty()).then(|| filtered.clone());
                let next_page = page.next.clone().map(|next| format!("{filtered}&after={next}"));
                let clear = (!status.is_empty() || !agreement.is_empty() || !offering.is_empty()).then_some("/vouchers");
                let statuses = VoucherStatus::ALL.iter().map(|status| (status.as_str().to_owned(), status.label().to_owned())).collect();
                let status_choices = filter_options("Any status", statuses, &status);
                let agreements = page.agreements.iter().map(|(id, label)| (id.to_string(), label.clone())).collect();
                let agreement_choices = filter_options("Any agreement", agreements, &agreement);
                let offerings = page.offerings.iter().map(|(id, label)| (id.to_string(), label.clone())).collect();
                let offering_choices = filter_options("Any offering", offerings, &offering);
                view! {
                    <Form method="GET" action="" attr:class="panel filters" attr:aria-label="Filter vouchers">
                        <div class="field">
                            <label for="filter-status">"Status"</label>
                            <select id="filter-status" name="status">{status_choices}</select>
                        </div>
                        <div class="field">
                            <label for="filter-agreement">"Agreement"</label>
                            <select id="filter-agreement" name="agreement">{agreement_choices}</select>
                        </div>
                        <div class="field">
                            <label for="filter-offering">"Offering"</label>
                            <select id="filter-offering" name="offering">{offering_choices}</select>
                        </div>
                        <button type="submit" class="button">"Filter"</button>
                        {clear.map(|href| view! { <a href=href>"Clear filters"</a> })}
                    </Form>
                    <VoucherTable vouchers=page.vouchers.clone() />
                    <nav class="pager" aria-label="Voucher pages">
                        {first_page.map(|href| view! { <a href=href rel="first">"← First page"</a> })}
                        {next_page.map(|href| view! { <a href=href rel="next">"Next page →"</a> })}
                    </nav>
                    <CsvExport
                        label="Export these vouchers as CSV"
                        file_name="vouchers.csv"
                        noun=("voucher", "vouchers")
                        pending=export.pending()
                        csv=export.value()
                        prepare=Callback::new(move |_| {
                            export.dispatch(ExportVouchers {
                                status: status_for_export.clone(),
                                agreement: agreement_for_export.clone(),
                                offering: offering_for_export.clone(),
                            });
                        })
                    />
                }
            }
        />
    }
}

#[component]
fn VoucherTable(vouchers: Vec<VoucherSummary>) -> impl IntoView {
    if vouchers.is_empty() {
        return view! { <p class="empty">"No vouchers match."</p> }.into_any();
    }
    view! {
        <div class="panel table-wrap">
            <table tabindex="0" class="table vouchers">
                <TableHead columns=&["Code", "Status", "Offering", "Days", "For", "Project manager", "Agreement", "Expires"] />
                <tbody>
                    {vouchers
                        .into_iter()
                        .map(|voucher| {
                            let division = voucher.division_label().to_owned();
                            let status = voucher.status;
                            view! {
                                <tr data-code=voucher.code.clone()>
                                    <td><a href=format!("/vouchers/{}", voucher.id)><code>{voucher.code.clone()}</code></a></td>
                                    <td><StatusBadge status /></td>
                                    <td><a href=format!("/vouchers?offering={}", voucher.offering_id)>{voucher.offering_code}</a></td>
                                    <td>{voucher.days.get()}</td>
                                    <td>{division}</td>
                                    <td>{voucher.project_manager_name}</td>
                                    <td><a href=format!("/vouchers?agreement={}", voucher.agreement_id)>{voucher.licensing_id}</a></td>
                                    <td>{voucher.expires_at.format("%Y-%m-%d").to_string()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn StatusBadge(status: VoucherStatus) -> impl IntoView {
    let tone = match status {
        VoucherStatus::Cancelled | VoucherStatus::Expired => "badge-muted",
        VoucherStatus::Assigned => "",
        _ => "badge-ok",
    };
    view! { <span class=format!("badge {tone}")>{status.label()}</span> }
}

#[component]
fn Voucher(id: String) -> impl IntoView {
    let cancel = ServerAction::<CancelVoucher>::new();
    let cancel_error = action_error(cancel);
    let voucher_id = id.clone();
    let detail = Resource::new(move || cancel.version().get(), move |_| fetch_voucher(voucher_id.clone()));
    view! {
        <Loaded
            resource=detail
            view=move |detail: VoucherDetail| {
                let VoucherDetail { voucher, timeline, engagement, can_cancel } = detail;
                let id = voucher.id.to_string();
                let division = voucher.division_label().to_owned();
                view! {
                    <p><a href="/vouchers">"← All vouchers"</a></p>
                    <h1>"Voucher " <code>{voucher.code.clone()}</code></h1>
                    <section class="panel">
                        <dl class="facts">
                            <dt>"Status"</dt><dd><StatusBadge status=voucher.status /></dd>
                            <dt>"Offering"</dt><dd>{voucher.offering_code} " " {voucher.offering_name}</dd>
                            <dt>"Planning days"</dt><dd>{voucher.days.to_string()}</dd>
                            <dt>"For"</dt><dd>{division}</dd>
                            <dt>"Project manager"</dt><dd>{voucher.project_manager_name} " · " {voucher.project_manager_email}</dd>
                            <dt>"Agreement"</dt><dd>{voucher.licensing_id}</dd>
                            <dt>"Assigned"</dt><dd>{voucher.assigned_at.format("%Y-%m-%d %H:%M UTC").to_string()}</dd>
                            <dt>"Expires"</dt><dd>{voucher.expires_at.format("%Y-%m-%d %H:%M UTC").to_string()}</dd>
                        </dl>
                        {can_cancel.then(|| view! { <CancelVoucherForm action=cancel id=id.clone() /> })}
                        <FormAlert error=cancel_error />
                    </section>
                    {engagement.map(|engagement| view! {
                        <section class="panel" aria-labelledby="engagement-title" data-engagement=engagement.id.to_string()>
                            <h2 id="engagement-title">"Engagement"</h2>
                            <dl class="facts">
                                <dt>"Partner"</dt><dd>{engagement.partner_name}</dd>
                                <dt>"Engagement"</dt><dd>{engagement.engagement_type}</dd>
                                <dt>"Delivered from"</dt><dd>{engagement.location}</dd>
                                <dt>"Dates"</dt><dd>{engagement.starts_on.to_string()} " → " {engagement.ends_on.to_string()}</dd>
                                <dt>"Consultants"</dt><dd>{engagement.consultants.join(", ")}</dd>
                                <dt>"Reserved"</dt><dd>{engagement.reserved_at.format("%Y-%m-%d %H:%M UTC").to_string()}</dd>
                            </dl>
                            <p><a href=format!("/engagements/{}/report", engagement.id)>"Completion report and deliverables"</a></p>
                        </section>
                    })}
                    <section class="panel" aria-labelledby="timeline-title">
                        <h2 id="timeline-title">"Timeline"</h2>
                        <Timeline entries=timeline />
                    </section>
                }
            }
        />
    }
}

/// Cancelling asks once more: the code stops working for good.
#[component]
fn CancelVoucherForm(action: ServerAction<CancelVoucher>, id: String) -> impl IntoView {
    let confirming = RwSignal::new(false);
    view! {
        <div class="voucher-actions">
            {move || if confirming.get() {
                let id = id.clone();
                view! {
                    <ActionForm action attr:class="confirm" attr:role="group" attr:aria-label="Confirm cancelling">
                        <p>"Cancel this voucher? Its code stops working and its days go back to the agreement's pool (if the agreement still runs)."</p>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="button button-danger">"Yes, cancel the voucher"</button>
                        " "
                        <button type="button" class="button button-quiet" on:click=move |_| confirming.set(false)>"Keep it"</button>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! { <button type="button" class="button button-quiet" on:click=move |_| confirming.set(true)>"Cancel voucher…"</button> }.into_any()
            }}
        </div>
    }
}
