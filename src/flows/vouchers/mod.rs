//! Customers' vouchers: the list (filters, pages, CSV), the wizard that creates them and
//! each voucher's page with its timeline.

pub mod api;
mod wizard;

use crate::components::copy::CopyButton;
use crate::components::export::CsvExport;
use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, filter_options, server_action_success};
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::{PageTitle, Pager, TableHead};
use crate::components::timeline::Timeline;
use crate::domain::{
    access::Action,
    voucher::{VoucherDetail, VoucherPage, VoucherSummary},
    voucher_status::VoucherStatus,
};
use crate::locale::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::locale::{format, labels};
use api::*;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn VouchersPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, vouchers.title).to_owned() />
        <Gate action=Action::ReadVouchers page=|viewer| view! { <Vouchers can_create=viewer.may(Action::CreateVouchers) /> } />
    }
}

#[component]
pub fn NewVoucherPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, vouchers.new_voucher).to_owned() />
        <Gate action=Action::CreateVouchers page=|_| view! { <wizard::VoucherWizard /> } />
    }
}

#[component]
pub fn VoucherRoute() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <PageTitle text=|locale| td_string!(locale, vouchers.voucher).to_owned() />
        <Gate action=Action::ReadVouchers page=move |_| view! { <Voucher id=id() /> } />
    }
}

#[component]
fn Vouchers(can_create: bool) -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        (get("status"), get("agreement"), get("offering"), get("after"))
    };
    let page = once_per_page(|| {
        Resource::new(filters, |(status, agreement, offering, after)| list_vouchers(status, agreement, offering, after))
    });
    let export = ServerAction::<ExportVouchers>::new();
    let i18n = use_i18n();
    view! {
        <div class="page-head">
            <h1>{t!(i18n, vouchers.title)}</h1>
            {can_create.then(|| view! { <a class="button" href="/vouchers/new">{t!(i18n, vouchers.new_voucher)}</a> })}
        </div>
        <p class="lead">
            {move || if can_create { t_string!(i18n, vouchers.lead_admin) } else { t_string!(i18n, vouchers.lead_manager) }}
        </p>
        <Loaded
            resource=page
            view=move |page: VoucherPage| {
                let locale = i18n.get_locale();
                let (status, agreement, offering, after) = filters();
                let status_for_export = status.clone();
                let agreement_for_export = agreement.clone();
                let offering_for_export = offering.clone();
                let filtered = format!("?status={status}&agreement={agreement}&offering={offering}");
                let first_page = (!after.is_empty()).then(|| filtered.clone());
                let next_page = page.next.clone().map(|next| format!("{filtered}&after={next}"));
                let clear = (!status.is_empty() || !agreement.is_empty() || !offering.is_empty()).then_some("/vouchers");
                let statuses = VoucherStatus::ALL
                    .iter()
                    .map(|status| (status.as_str().to_owned(), labels::voucher_status(locale, *status).to_owned()))
                    .collect();
                let status_choices = filter_options(td_string!(locale, vouchers.any_status), statuses, &status);
                let agreements = page.agreements.iter().map(|(id, label)| (id.to_string(), label.clone())).collect();
                let agreement_choices = filter_options(td_string!(locale, vouchers.any_agreement), agreements, &agreement);
                let offerings = page.offerings.iter().map(|(id, label)| (id.to_string(), label.clone())).collect();
                let offering_choices = filter_options(td_string!(locale, vouchers.any_offering), offerings, &offering);
                view! {
                    <Form method="GET" action="" attr:class="panel filters" attr:aria-label=td_string!(locale, vouchers.filter_label)>
                        <div class="field">
                            <label for="filter-status">{td_string!(locale, vouchers.status)}</label>
                            <select id="filter-status" name="status">{status_choices}</select>
                        </div>
                        <div class="field">
                            <label for="filter-agreement">{td_string!(locale, vouchers.agreement)}</label>
                            <select id="filter-agreement" name="agreement">{agreement_choices}</select>
                        </div>
                        <div class="field">
                            <label for="filter-offering">{td_string!(locale, vouchers.offering)}</label>
                            <select id="filter-offering" name="offering">{offering_choices}</select>
                        </div>
                        <button type="submit" class="button">{td_string!(locale, common.filter)}</button>
                        {clear.map(|href| view! { <a href=href>{td_string!(locale, common.clear_filters)}</a> })}
                    </Form>
                    <VoucherTable vouchers=page.vouchers.clone() locale />
                    <Pager label=td_string!(locale, vouchers.pages_label) first=first_page next=next_page locale />
                    <CsvExport
                        label=td_string!(locale, vouchers.export)
                        file_name="vouchers.csv"
                        noun=(td_string!(locale, vouchers.noun_single), td_string!(locale, vouchers.noun_plural))
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

/// The list's rows in `locale`, the language the page is drawn in: taken from the page,
/// not looked up again per row (the server may draw these rows a second time, when a
/// context lookup can find the page's owner already gone: "I18n context is missing").
#[component]
fn VoucherTable(vouchers: Vec<VoucherSummary>, locale: Locale) -> impl IntoView {
    if vouchers.is_empty() {
        return view! { <p class="empty">{td_string!(locale, vouchers.none_match)}</p> }.into_any();
    }
    let columns = [
        td_string!(locale, vouchers.code),
        td_string!(locale, vouchers.status),
        td_string!(locale, vouchers.offering),
        td_string!(locale, vouchers.days),
        td_string!(locale, vouchers.for_whom),
        td_string!(locale, vouchers.project_manager),
        td_string!(locale, vouchers.agreement),
        td_string!(locale, vouchers.expires),
    ];
    let [code, status_label, offering, days, for_whom, manager, agreement, expires] = columns;
    view! {
        <div class="panel table-wrap">
            <table tabindex="0" class="table vouchers stack">
                <TableHead columns />
                <tbody>
                    {vouchers
                        .into_iter()
                        .map(|voucher| {
                            let division = labels::division(locale, &voucher.division);
                            let status = voucher.status;
                            view! {
                                <tr data-code=voucher.code.clone()>
                                    <td data-label=code><a href=format!("/vouchers/{}", voucher.id)><code>{voucher.code.clone()}</code></a> <CopyButton code=voucher.code.clone() /></td>
                                    <td data-label=status_label><StatusBadge status locale /></td>
                                    <td data-label=offering><a href=format!("/vouchers?offering={}", voucher.offering_id)>{voucher.offering_code}</a></td>
                                    <td data-label=days>{voucher.days.get()}</td>
                                    <td data-label=for_whom>{division}</td>
                                    <td data-label=manager>{voucher.project_manager_name}</td>
                                    <td data-label=agreement><a href=format!("/vouchers?agreement={}", voucher.agreement_id)>{voucher.licensing_id}</a></td>
                                    <td data-label=expires><time datetime=voucher.expires_at.to_rfc3339()>{format::date(locale, voucher.expires_at)}</time></td>
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
fn StatusBadge(status: VoucherStatus, locale: Locale) -> impl IntoView {
    let tone = match status {
        VoucherStatus::Cancelled | VoucherStatus::Expired => "badge-muted",
        VoucherStatus::Assigned => "",
        _ => "badge-ok",
    };
    view! { <span class=format!("badge {tone}")>{labels::voucher_status(locale, status)}</span> }
}

#[component]
fn Voucher(id: String) -> impl IntoView {
    let cancel = ServerAction::<CancelVoucher>::new();
    let cancel_error = action_error(cancel);
    let voucher_id = id.clone();
    let cancelled = server_action_success(cancel);
    let detail = once_per_page(|| Resource::new(move || cancelled.get(), move |_| fetch_voucher(voucher_id.clone())));
    let i18n = use_i18n();
    view! {
        <Loaded
            resource=detail
            view=move |detail: VoucherDetail| {
                let locale = i18n.get_locale();
                let VoucherDetail { voucher, timeline, engagement, can_cancel } = detail;
                let id = voucher.id.to_string();
                let division = labels::division(locale, &voucher.division);
                view! {
                    <p><a href="/vouchers">{td_string!(locale, vouchers.all_vouchers)}</a></p>
                    <h1>{td_string!(locale, vouchers.voucher)} " " <code>{voucher.code.clone()}</code> " " <CopyButton code=voucher.code.clone() /></h1>
                    <section class="panel">
                        <dl class="facts">
                            <dt>{td_string!(locale, vouchers.status)}</dt><dd><StatusBadge status=voucher.status locale /></dd>
                            <dt>{td_string!(locale, vouchers.offering)}</dt><dd>{voucher.offering_code} " " {voucher.offering_name}</dd>
                            <dt>{td_string!(locale, vouchers.planning_days)}</dt><dd>{format::days(locale, voucher.days)}</dd>
                            <dt>{td_string!(locale, vouchers.for_whom)}</dt><dd>{division}</dd>
                            <dt>{td_string!(locale, vouchers.project_manager)}</dt><dd>{voucher.project_manager_name} " · " {voucher.project_manager_email}</dd>
                            <dt>{td_string!(locale, vouchers.agreement)}</dt><dd>{voucher.licensing_id}</dd>
                            <dt>{td_string!(locale, vouchers.assigned)}</dt><dd>{format::date_time(locale, voucher.assigned_at)}</dd>
                            <dt>{td_string!(locale, vouchers.expires)}</dt><dd>{format::date_time(locale, voucher.expires_at)}</dd>
                        </dl>
                        {can_cancel.then(|| view! { <CancelVoucherForm action=cancel id=id.clone() /> })}
                        <FormAlert error=cancel_error />
                    </section>
                    {engagement.map(|engagement| view! {
                        <section class="panel" aria-labelledby="engagement-title" data-engagement=engagement.id.to_string()>
                            <h2 id="engagement-title">{td_string!(locale, vouchers.engagement)}</h2>
                            <dl class="facts">
                                <dt>{td_string!(locale, vouchers.partner)}</dt><dd>{engagement.partner_name}</dd>
                                <dt>{td_string!(locale, vouchers.engagement)}</dt><dd>{engagement.engagement_type}</dd>
                                <dt>{td_string!(locale, vouchers.delivered_from)}</dt><dd>{engagement.location}</dd>
                                <dt>{td_string!(locale, vouchers.dates)}</dt><dd>{format::date(locale, engagement.starts_on)} " → " {format::date(locale, engagement.ends_on)}</dd>
                                <dt>{td_string!(locale, vouchers.consultants)}</dt><dd>{engagement.consultants.join(", ")}</dd>
                                <dt>{td_string!(locale, vouchers.reserved)}</dt><dd>{format::date_time(locale, engagement.reserved_at)}</dd>
                            </dl>
                            <p><a href=format!("/engagements/{}/report", engagement.id)>{td_string!(locale, vouchers.report_link)}</a></p>
                        </section>
                    })}
                    <section class="panel" aria-labelledby="timeline-title">
                        <h2 id="timeline-title">{td_string!(locale, vouchers.timeline)}</h2>
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
    let i18n = use_i18n();
    view! {
        <div class="voucher-actions">
            {move || if confirming.get() {
                let id = id.clone();
                view! {
                    <ActionForm action attr:class="confirm" attr:role="group" attr:aria-label=move || t_string!(i18n, vouchers.confirm_cancel_label)>
                        <p>{t!(i18n, vouchers.confirm_cancel_text)}</p>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="button button-danger">{t!(i18n, vouchers.confirm_cancel)}</button>
                        " "
                        <button type="button" class="button button-quiet" on:click=move |_| confirming.set(false)>{t!(i18n, vouchers.keep_it)}</button>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! { <button type="button" class="button button-quiet" on:click=move |_| confirming.set(true)>{t!(i18n, vouchers.cancel_voucher)}</button> }.into_any()
            }}
        </div>
    }
}
