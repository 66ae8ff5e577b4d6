pub mod api;

use crate::components::copy::CopyButton;
use crate::components::feedback::{FormAlert, Loaded, Steady};
use crate::components::form::{
    action_error, clear_after_success, form_level, last_success, server_action_success, set_chosen, ConfirmButton,
    TextArea, TextField,
};
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::PageTitle;
use crate::components::timeline::Timeline;
use crate::domain::report::{human_size, Deliverable, ReportView};
use crate::domain::roles::OrgKind;
use crate::domain::voucher_status::VoucherStatus;
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::{errors, format, labels};
use api::*;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::hooks::use_params_map;

/// `/engagements/:id/report`: the completion report and deliverables of one engagement.
#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <PageTitle text=|locale| td_string!(locale, reports.title).to_owned() />
        <Gate page=move |viewer| view! { <Report id=id() side=viewer.org_kind /> } />
    }
}

/// Saving, uploading or moving the dates reads the report again for its facts, files and
/// timeline; the forms stay as they are (`Steady`) until the engagement leaves the
/// reserved state, so a file chosen right after saving stays chosen and unsaved words
/// stay typed.
#[component]
fn Report(id: String, side: OrgKind) -> impl IntoView {
    let save = ServerAction::<SaveReport>::new();
    let submit = ServerAction::<SubmitReport>::new();
    let dates = ServerAction::<ChangeEngagementDates>::new();
    let remove = ServerAction::<RemoveDeliverable>::new();
    let uploads = RwSignal::new(0usize);
    let successes = [
        server_action_success(save),
        server_action_success(submit),
        server_action_success(dates),
        server_action_success(remove),
    ];
    let report = once_per_page(|| {
        Resource::new(move || (successes.map(|success| success.get()), uploads.get()), move |_| get_report(id.clone()))
    });
    let i18n = use_i18n();
    view! {
        // Back to where each side comes from: the partner's engagements, the customer's
        // voucher, the operator's review.
        {match side {
            OrgKind::Partner => view! { <p><a href="/engagements">{t!(i18n, reports.back)}</a></p> }.into_any(),
            OrgKind::Program => view! { <p><a href="/review">{t!(i18n, reports.back_to_review)}</a></p> }.into_any(),
            OrgKind::Customer => view! {
                <Loaded
                    resource=report
                    more=true
                    view=move |report: ReportView| view! {
                        <p><a href=format!("/vouchers/{}", report.engagement.voucher_id)>{t!(i18n, reports.back_to_voucher)}</a></p>
                    }
                />
            }
            .into_any(),
        }}
        <h1>{t!(i18n, reports.title)}</h1>
        <Loaded resource=report view=move |report: ReportView| view! { <Facts report /> } />
        <Steady resource=report more=true shape=form_shape view=move |report: ReportView| view! { <ReportForm report save /> } />
        <Loaded
            resource=report
            more=true
            view=move |report: ReportView| {
                let remove = editable(&report).then_some(remove);
                view! { <Deliverables deliverables=report.deliverables remove /> }
            }
        />
        <Steady resource=report more=true shape=form_shape view=move |report: ReportView| view! { <Actions report submit dates uploads /> } />
        <Loaded resource=report more=true view=move |report: ReportView| view! { <VoucherTimeline report /> } />
    }
}

/// What the forms depend on: they are drawn again only when it changes.
fn form_shape(report: &ReportView) -> (bool, bool) {
    (editable(report), report.can_submit)
}

/// Whether the engagement's report can still be written (reserved, with consultants).
fn editable(report: &ReportView) -> bool {
    report.engagement.status == VoucherStatus::Reserved && !report.consultants.is_empty()
}

#[component]
fn Facts(report: ReportView) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let engagement = report.engagement;
    view! {
        <section class="panel">
            <dl class="facts">
                <dt>{td_string!(locale, reports.voucher)}</dt>
                <dd><code>{engagement.code.clone()}</code> " " <CopyButton code=engagement.code.clone() /> " · " {labels::voucher_status(locale, engagement.status)}</dd>
                <dt>{td_string!(locale, reports.customer)}</dt><dd>{engagement.customer_name.clone()}</dd>
                <dt>{td_string!(locale, reports.engagement)}</dt>
                <dd>{engagement.offering_code.clone()} " · " {engagement.engagement_type.clone()} " · " {format::days(locale, engagement.days)}</dd>
                <dt>{td_string!(locale, reports.planned)}</dt>
                <dd>
                    {td_string!(
                        locale,
                        reports.planned_at,
                        starts = format::date(locale, engagement.starts_on),
                        ends = format::date(locale, engagement.ends_on),
                        location = engagement.location.clone()
                    )
                    .to_string()}
                </dd>
                <dt>{td_string!(locale, reports.voucher_expires)}</dt>
                <dd>{td_string!(locale, reports.expires_note, date = format::date(locale, engagement.expires_at)).to_string()}</dd>
                {report.submitted_at.map(|at| view! {
                    <dt>{td_string!(locale, reports.submitted)}</dt><dd>{format::date_time(locale, at)}</dd>
                })}
            </dl>
        </section>
    }
}

#[component]
fn VoucherTimeline(report: ReportView) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <section class="panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{td_string!(locale, reports.voucher_timeline)}</h2>
            <Timeline entries=report.timeline />
        </section>
    }
}

/// The report as a form while it can be written, as read-only text after.
#[component]
fn ReportForm(report: ReportView, save: ServerAction<SaveReport>) -> impl IntoView {
    if !editable(&report) {
        return view! { <ReportReadOnly report /> }.into_any();
    }
    let i18n = use_i18n();
    let engagement = report.engagement.clone();
    let save_error = action_error(save);
    let saved = report.report.clone();
    let value = move |pick: fn(&crate::domain::report::CompletionReport) -> String| {
        saved.as_ref().map(pick).unwrap_or_default()
    };
    let chosen = RwSignal::new(
        report
            .report
            .as_ref()
            .map(|r| r.consultants.iter().map(ToString::to_string).collect::<Vec<_>>())
            .unwrap_or_else(|| engagement.consultant_ids.iter().map(ToString::to_string).collect()),
    );
    let consultant_message = Memo::new(move |_| save_error.get().and_then(|error| error.field_message("consultants")));
    let boxes = report
        .consultants
        .iter()
        .map(|(user, name)| {
            let user = user.to_string();
            let input_id = format!("report-consultant-{user}");
            let label_for = input_id.clone();
            let checked = chosen.get_untracked().contains(&user);
            view! {
                <label class="choice" for=label_for>
                    <input type="checkbox" id=input_id checked=checked on:change=move |event| {
                        let on = event_target_checked(&event);
                        chosen.update(|chosen| set_chosen(chosen, &user, on));
                    } />
                    <span>{name.clone()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="report-form-title">
            <h2 id="report-form-title">{t!(i18n, reports.report)}</h2>
            <ActionForm action=save>
                <FormAlert error=Signal::derive(move || form_level(save_error.get())) />
                <input type="hidden" name="engagement_id" value=engagement.id.to_string() />
                <TextField label=move || t_string!(i18n, reports.delivered_from) name="delivered_from" input_type="date" value=value(|r| r.delivered_from.to_string()) error=save_error required=true />
                <TextField label=move || t_string!(i18n, reports.delivered_to) name="delivered_to" input_type="date" value=value(|r| r.delivered_to.to_string()) error=save_error required=true />
                <TextField
                    label=move || t_string!(i18n, reports.days_delivered)
                    name="days_delivered"
                    input_type="number"
                    hint=move || t_string!(i18n, reports.days_delivered_hint) value=value(|r| r.days_delivered.get().to_string()) error=save_error required=true />
                <fieldset class="field" class:field-invalid=move || consultant_message.get().is_some()>
                    <legend>{t!(i18n, reports.consultants)}</legend>
                    {boxes}
                    <input type="hidden" name="consultants" prop:value=move || chosen.get().join(",") />
                    {move || consultant_message.get().map(|text| view! { <p class="field-error" id="field-consultants-message">{text}</p> })}
                </fieldset>
                <TextField label=move || t_string!(i18n, reports.contact_name) name="customer_contact_name" value=value(|r| r.customer_contact_name.clone()) error=save_error required=true />
                <TextField label=move || t_string!(i18n, reports.contact_email) name="customer_contact_email" input_type="email" value=value(|r| r.customer_contact_email.clone()) error=save_error required=true />
                <TextArea label=move || t_string!(i18n, reports.summary_label) name="summary" maxlength=4000 value=value(|r| r.summary.clone()) error=save_error />
                <TextArea label=move || t_string!(i18n, reports.recommendations_label) name="recommendations" maxlength=4000 value=value(|r| r.recommendations.clone()) error=save_error />
                <button type="submit" class="button" disabled=move || save.pending().get()>{t!(i18n, reports.save)}</button>
                {move || save.value().get().and_then(Result::ok).map(|_| view! { <p class="alert alert-success" role="status">{t!(i18n, reports.saved)}</p> })}
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Uploading a deliverable, moving the dates and submitting, while the report can be
/// written (the last two for those who may submit).
#[component]
fn Actions(
    report: ReportView,
    submit: ServerAction<SubmitReport>,
    dates: ServerAction<ChangeEngagementDates>,
    uploads: RwSignal<usize>,
) -> impl IntoView {
    if !editable(&report) {
        return ().into_any();
    }
    let i18n = use_i18n();
    let id = report.engagement.id.to_string();
    let submit_error = action_error(submit);
    let (dates_id, submit_id) = (id.clone(), id.clone());
    view! {
        <UploadForm engagement_id=id uploads />
        {report.can_submit.then(|| view! { <DatesForm engagement_id=dates_id change=dates /> })}
        {report.can_submit.then(|| view! {
            <section class="panel" aria-labelledby="submit-title">
                <h2 id="submit-title">{t!(i18n, reports.submit_title)}</h2>
                <p>{t!(i18n, reports.submit_text)}</p>
                <ActionForm action=submit>
                    <input type="hidden" name="engagement_id" value=submit_id />
                    <ConfirmButton
                        label=move || t_string!(i18n, reports.submit)
                        question=move || t_string!(i18n, reports.submit_question)
                        confirm=move || t_string!(i18n, reports.submit_confirm)
                        pending=submit.pending()
                    />
                </ActionForm>
                <FormAlert error=submit_error />
            </section>
        })}
    }
    .into_any()
}

/// Moves the planned dates of a reserved engagement (the customer is told).
#[component]
fn DatesForm(engagement_id: String, change: ServerAction<ChangeEngagementDates>) -> impl IntoView {
    let error = action_error(change);
    let i18n = use_i18n();
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(change));
    view! {
        <section class="panel" aria-labelledby="dates-title">
            <h2 id="dates-title">{t!(i18n, reports.dates_title)}</h2>
            <ActionForm action=change node_ref=form>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <input type="hidden" name="engagement_id" value=engagement_id />
                <TextField label=move || t_string!(i18n, reports.new_start) name="starts_on" scope="dates" input_type="date" error required=true />
                <TextField
                    label=move || t_string!(i18n, reports.new_end)
                    name="ends_on"
                    scope="dates"
                    input_type="date"
                    hint=move || t_string!(i18n, reports.new_end_hint)
                    error
                    required=true
                />
                <button type="submit" class="button button-quiet">{t!(i18n, reports.change_dates)}</button>
                {move || change.value().get().and_then(Result::ok).map(|_| view! { <p class="alert alert-success" role="status">{t!(i18n, reports.dates_changed)}</p> })}
            </ActionForm>
        </section>
    }
}

#[component]
fn ReportReadOnly(report: ReportView) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    match report.report {
        None => view! { <p class="empty">{td_string!(locale, reports.no_report)}</p> }.into_any(),
        Some(saved) => view! {
            <section class="panel" aria-labelledby="report-title">
                <h2 id="report-title">{td_string!(locale, reports.report)}</h2>
                <dl class="facts">
                    <dt>{td_string!(locale, reports.delivered)}</dt>
                    <dd>
                        {format::date(locale, saved.delivered_from)} " → " {format::date(locale, saved.delivered_to)} " · "
                        {format::days(locale, saved.days_delivered)}
                    </dd>
                    <dt>{td_string!(locale, reports.customer_contact)}</dt>
                    <dd>{saved.customer_contact_name.clone()} " · " {saved.customer_contact_email.clone()}</dd>
                </dl>
                <h3>{td_string!(locale, reports.summary)}</h3>
                <p class="prewrap">{saved.summary.clone()}</p>
                <h3>{td_string!(locale, reports.recommendations)}</h3>
                <p class="prewrap">{saved.recommendations.clone()}</p>
            </section>
        }
        .into_any(),
    }
}

/// The deliverables, each removable (`remove`) while the report is being written.
#[component]
fn Deliverables(deliverables: Vec<Deliverable>, remove: Option<ServerAction<RemoveDeliverable>>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let remove_error = remove.map(action_error);
    view! {
        <section class="panel" aria-labelledby="deliverables-title">
            <h2 id="deliverables-title">{td_string!(locale, reports.deliverables)}</h2>
            {remove_error.map(|error| view! { <FormAlert error /> })}
            {if deliverables.is_empty() {
                view! { <p class="empty">{td_string!(locale, reports.no_deliverable)}</p> }.into_any()
            } else {
                view! {
                    <ul class="deliverables">
                        {deliverables.into_iter().map(|file| view! {
                            <li>
                                <a href=format!("/api/download_deliverable?id={}", file.id) download=file.file_name.clone()>{file.file_name.clone()}</a>
                                <span class="muted">" · " {human_size(file.size)} " · " {file.uploaded_by.clone()} " · " {format::date_time(locale, file.uploaded_at)}</span>
                                {remove.map(|remove| view! {
                                    " "
                                    <ActionForm action=remove attr:class="inline-form">
                                        <input type="hidden" name="deliverable" value=file.id.to_string() />
                                        <button
                                            type="submit"
                                            class="link-button"
                                            disabled=move || remove.pending().get()
                                            aria-label=td_string!(locale, reports.remove_named, name = file.file_name.clone()).to_string()
                                        >
                                            {td_string!(locale, reports.remove)}
                                        </button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// Uploads one file as multipart form data; the server checks its type by content.
#[component]
fn UploadForm(engagement_id: String, uploads: RwSignal<usize>) -> impl IntoView {
    let upload = Action::new_local(|data: &web_sys::FormData| {
        let data = data.clone();
        async move { upload_deliverable(data.into()).await }
    });
    let error = Signal::derive(move || upload.value().get().and_then(Result::err));
    let uploaded =
        last_success(move || upload.version().get(), move || upload.value().with(|value| matches!(value, Some(Ok(_)))));
    Effect::new(move |previous: Option<usize>| {
        let count = uploaded.get();
        if previous.is_some_and(|previous| previous != count) {
            uploads.update(|count| *count += 1);
        }
        count
    });
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, uploaded);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let form = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlFormElement>().ok());
        if let Some(data) = form.and_then(|form| web_sys::FormData::new_with_form(&form).ok()) {
            upload.dispatch_local(data);
        }
    };
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="upload-title">
            <h2 id="upload-title">{t!(i18n, reports.upload_title)}</h2>
            <form on:submit=on_submit node_ref=form>
                <input type="hidden" name="engagement_id" value=engagement_id />
                <div class="field" class:field-invalid=move || error.get().and_then(|e| e.field_message("file")).is_some()>
                    <label for="field-file">{t!(i18n, reports.file)}</label>
                    <input id="field-file" type="file" name="file" required=true accept=".pdf,.docx,.pptx,.xlsx" aria-describedby="field-file-message" />
                    {move || error.get().map(|e| view! { <p class="field-error" id="field-file-message">{e.field_message("file").unwrap_or_else(|| errors::message(i18n.get_locale(), &e))}</p> })}
                </div>
                <button type="submit" class="button" disabled=move || upload.pending().get()>
                    {move || if upload.pending().get() { t_string!(i18n, reports.uploading) } else { t_string!(i18n, reports.upload) }}
                </button>
            </form>
        </section>
    }
}
