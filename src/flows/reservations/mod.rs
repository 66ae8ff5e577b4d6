//! Step 5 for partners: validate a customer's voucher and reserve it (`/reserve`), and
//! follow the engagements reserved (`/engagements`), giving a reservation up if needed.

pub mod api;

use crate::components::copy::CopyButton;
use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{
    action_error, form_level, server_action_success, set_chosen, ConfirmButton, SelectField, TextField,
};
use crate::components::gate::{once_per_page, Gate};
use crate::components::language::InEachLanguage;
use crate::components::layout::PageTitle;
use crate::components::layout::TableHead;
use crate::domain::{
    access::Action,
    reservation::{EngagementSummary, VoucherCheck},
    voucher_status::VoucherStatus,
};
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::{format, labels};
use api::*;
use leptos::prelude::*;

#[component]
pub fn ReservePage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, reservations.reserve_title).to_owned() />
        <Gate action=Action::ReserveVouchers page=|_| view! { <Reserve /> } />
    }
}

#[component]
pub fn EngagementsPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, reservations.engagements_title).to_owned() />
        <Gate
            action=Action::ReadEngagements
            page=|viewer| {
                let can_release = viewer.may(Action::ManageReservations);
                view! { <InEachLanguage><Engagements can_release /></InEachLanguage> }
            }
        />
    }
}

#[component]
fn Reserve() -> impl IntoView {
    let check = ServerAction::<CheckVoucher>::new();
    let check_error = action_error(check);
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, reservations.heading)}</h1>
        <p class="lead">{t!(i18n, reservations.lead)}</p>
        <section class="panel" aria-labelledby="validate-title">
            <h2 id="validate-title">{t!(i18n, reservations.validate)}</h2>
            <ActionForm action=check>
                <FormAlert error=Signal::derive(move || form_level(check_error.get())) />
                <TextField
                    label=move || t_string!(i18n, reservations.code)
                    name="code"
                    hint=move || t_string!(i18n, reservations.code_hint)
                    error=check_error
                    required=true
                />
                <TextField
                    label=move || t_string!(i18n, reservations.admin_email)
                    name="admin_email"
                    input_type="email"
                    error=check_error
                    required=true
                />
                <button type="submit" class="button">
                    {move || if check.pending().get() { t_string!(i18n, reservations.checking) } else { t_string!(i18n, reservations.check) }}
                </button>
            </ActionForm>
        </section>
        {move || check.value().get().and_then(Result::ok).map(|voucher| view! { <ReserveForm voucher /> })}
    }
}

#[component]
fn ReserveForm(voucher: VoucherCheck) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let reserve = ServerAction::<ReserveVoucher>::new();
    let error = action_error(reserve);
    let consultants = RwSignal::new(Vec::<String>::new());
    let accepted = RwSignal::new(false);
    let reservable = voucher.status == VoucherStatus::Assigned;
    let qualified: Vec<(String, String)> = voucher
        .engagement_types
        .iter()
        .filter(|choice| choice.refusal.is_none())
        .map(|choice| (choice.engagement_type.id.to_string(), choice.engagement_type.name.clone()))
        .collect();
    let refused: Vec<(String, String)> = voucher
        .engagement_types
        .iter()
        .filter_map(|choice| choice.refusal.clone().map(|reason| (choice.engagement_type.name.clone(), reason)))
        .collect();
    let locations: Vec<(String, String)> = voucher
        .locations
        .iter()
        .map(|location| {
            (
                location.id.to_string(),
                format!("{} — {} ({})", location.location_id, location.name, location.country.as_str()),
            )
        })
        .collect();
    let expires_on = format::date(locale, voucher.expires_at);
    // The server's answer is the voucher's new state: the card and the form follow it.
    let reserved =
        Memo::new(move |_| reserve.value().with(|value| value.as_ref().and_then(|result| result.clone().ok())));
    let initial_status = voucher.status;
    let status = move || if reserved.get().is_some() { VoucherStatus::Reserved } else { initial_status };
    let consultant_message = Memo::new(move |_| error.get().and_then(|error| error.field_message("consultants")));
    let terms_message = Memo::new(move |_| error.get().and_then(|error| error.field_message("accept_terms")));
    let code = voucher.code.clone();
    let summary = view! {
        <section class="panel" aria-labelledby="voucher-found-title">
            <h2 id="voucher-found-title">{td_string!(locale, reservations.voucher)} " " <code>{voucher.code.clone()}</code></h2>
            <dl class="facts" id="voucher-found">
                <dt>{td_string!(locale, reservations.customer)}</dt><dd>{voucher.customer_name.clone()}</dd>
                <dt>{td_string!(locale, reservations.offering)}</dt><dd>{voucher.offering.code.clone()} " " {voucher.offering.name.clone()}</dd>
                <dt>{td_string!(locale, reservations.planning_days)}</dt><dd>{format::days(locale, voucher.days)}</dd>
                <dt>{td_string!(locale, reservations.status)}</dt><dd>{move || labels::voucher_status(locale, status())}</dd>
                <dt>{td_string!(locale, reservations.expires)}</dt><dd>{td_string!(locale, reservations.expires_note, date = expires_on.clone()).to_string()}</dd>
            </dl>
        </section>
    };
    if !reservable {
        let status = labels::voucher_status(locale, voucher.status).to_lowercase();
        return view! {
            {summary}
            <p class="alert alert-info">{td_string!(locale, reservations.not_reservable, status = status).to_string()}</p>
        }
        .into_any();
    }
    let no_consultant = voucher.consultants.is_empty();
    let consultant_boxes = voucher
        .consultants
        .iter()
        .map(|consultant| {
            let id = consultant.id.to_string();
            let input_id = format!("consultant-{id}");
            let label_for = input_id.clone();
            let toggled = id.clone();
            view! {
                <label class="choice" for=label_for>
                    <input
                        type="checkbox"
                        id=input_id
                        on:change=move |event| {
                            let checked = event_target_checked(&event);
                            consultants.update(|chosen| set_chosen(chosen, &toggled, checked));
                        }
                    />
                    <span>
                        <strong>{consultant.name.clone()}</strong> " "
                        <span class="muted">
                            {td_string!(locale, reservations.exams, competencies = consultant.exam_competencies.join(", ")).to_string()}
                        </span>
                    </span>
                </label>
            }
        })
        .collect_view();
    let admin_email = voucher.admin_email.clone();
    view! {
        {summary}
        <section class="panel" aria-labelledby="reserve-title">
            <h2 id="reserve-title">{t!(i18n, reservations.reserve)}</h2>
            {move || reserved.get().map(|engagement| view! {
                <p class="alert alert-success" role="status">
                    {t!(i18n, reservations.reserved)} " " <a href="/engagements">{t!(i18n, reservations.see_engagements)}</a>
                    " · " <a href=format!("/engagements/{engagement}/report")>{t!(i18n, reservations.write_report)}</a>
                </p>
            })}
            // Reserved: the form has done its work and goes (kept in the page, unsent twice).
            <div hidden=move || reserved.get().is_some()>
            <ActionForm action=reserve>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <input type="hidden" name="code" value=code.clone() />
                <input type="hidden" name="admin_email" value=admin_email />
                <SelectField
                    label=move || t_string!(i18n, reservations.engagement_type)
                    name="engagement_type_id"
                    options=qualified.clone()
                    error
                    hint=move || t_string!(i18n, reservations.engagement_type_hint)
                />
                {(!refused.is_empty()).then(|| view! {
                    <ul class="aside refused-types">
                        {refused.iter().map(|(name, reason)| view! { <li><strong>{name.clone()}</strong> ": " {reason.clone()}</li> }).collect_view()}
                    </ul>
                })}
                <SelectField
                    label=move || t_string!(i18n, reservations.location)
                    name="location_id"
                    options=locations.clone()
                    error
                    hint=move || t_string!(i18n, reservations.location_hint)
                />
                <fieldset class="field" class:field-invalid=move || consultant_message.get().is_some() aria-describedby="field-consultants-message">
                    <legend>{t!(i18n, reservations.consultants)}</legend>
                    {consultant_boxes}
                    {no_consultant.then(|| view! {
                        <p class="field-hint">
                            {t!(i18n, reservations.no_consultants)} " " <a href="/exams">{t!(i18n, reservations.record_exams)}</a>
                        </p>
                    })}
                    <input type="hidden" name="consultants" prop:value=move || consultants.get().join(",") />
                    {move || consultant_message.get().map(|text| view! { <p class="field-error" id="field-consultants-message">{text}</p> })}
                </fieldset>
                <TextField label=move || t_string!(i18n, reservations.starts_on) name="starts_on" input_type="date" error required=true />
                <TextField
                    label=move || t_string!(i18n, reservations.ends_on)
                    name="ends_on"
                    input_type="date"
                    hint=move || t_string!(i18n, reservations.ends_on_hint)
                    error
                    required=true
                />
                <div class="field field-check" class:field-invalid=move || terms_message.get().is_some()>
                    <label for="field-accept_terms">
                        <input type="checkbox" id="field-accept_terms" on:change=move |event| accepted.set(event_target_checked(&event)) />
                        " " {t!(i18n, reservations.terms)}
                    </label>
                    <input type="hidden" name="accept_terms" prop:value=move || if accepted.get() { "on" } else { "" } />
                    {move || terms_message.get().map(|text| view! { <p class="field-error" id="field-accept_terms-message">{text}</p> })}
                </div>
                <button type="submit" class="button" disabled=move || reserve.pending().get()>{t!(i18n, reservations.reserve_button)}</button>
            </ActionForm>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Engagements(can_release: bool) -> impl IntoView {
    let release = ServerAction::<ReleaseReservation>::new();
    let release_error = action_error(release);
    let redeem = ServerAction::<RedeemEngagements>::new();
    let redeem_error = action_error(redeem);
    let selected = RwSignal::new(Vec::<String>::new());
    let (released, redeemed) = (server_action_success(release), server_action_success(redeem));
    let engagements = once_per_page(|| Resource::new(move || (released.get(), redeemed.get()), |_| list_engagements()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = redeem.value().get() {
            selected.set(Vec::new());
        }
    });
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rows = move || engagements.get().and_then(Result::ok);
    let empty = move || rows().is_some_and(|rows| rows.is_empty());
    let columns = engagement_columns(locale);
    view! {
        <h1>{t!(i18n, reservations.engagements_title)}</h1>
        <p class="lead">{t!(i18n, reservations.engagements_lead)}</p>
        <FormAlert error=release_error />
        <FormAlert error=redeem_error />
        {move || redeem.value().get().and_then(Result::ok).map(|count| view! {
            <p class="alert alert-success" role="status">
                {move || {
                    let locale = i18n.get_locale();
                    if count == 1 {
                        td_string!(locale, reservations.redeemed_single).to_owned()
                    } else {
                        td_string!(locale, reservations.redeemed_many, count = format::number(locale, count as i64)).to_string()
                    }
                }}
            </p>
        })}
        // Words the list's error, if it could not be read.
        <Loaded resource=engagements view=|_| () />
        // A row is drawn again only when its engagement changes: another row's redemption
        // or release keeps this row's ticks and open confirmation.
        <Transition>
            {move || empty().then(|| view! {
                <p class="empty">
                    {td_string!(locale, reservations.none_yet)} " "
                    {can_release.then(|| view! { <a href="/reserve">{td_string!(locale, reservations.reserve_link)}</a> })}
                </p>
            })}
            <div class="panel table-wrap" hidden=empty>
                <table tabindex="0" class="table engagements stack">
                    <TableHead columns />
                    <tbody>
                        <For
                            each=move || rows().unwrap_or_default()
                            key=|engagement| (engagement.id, engagement.status)
                            children=move |engagement| view! { <EngagementRow engagement release selected can_release /> }
                        />
                    </tbody>
                </table>
            </div>
            {can_release.then(|| view! {
                <div class="actions" hidden=empty>
                    <ConfirmButton
                        label=move || {
                            // Bulk redemption can take a moment: say it is under way.
                            let (locale, count) = (i18n.get_locale(), selected.get().len());
                            if redeem.pending().get() {
                                td_string!(locale, reservations.redeeming, count = count).to_string()
                            } else {
                                td_string!(locale, reservations.redeem_selected, count = count).to_string()
                            }
                        }
                        question=move || t_string!(i18n, reservations.redeem_question)
                        confirm=move || t_string!(i18n, reservations.redeem_confirm)
                        pending=redeem.pending()
                        disabled=Signal::derive(move || selected.get().is_empty())
                        on_confirm=Callback::new(move |_| {
                            redeem.dispatch(RedeemEngagements { engagement_ids: selected.get().join(",") });
                        })
                    />
                    <span class="aside">" " {td_string!(locale, reservations.redeem_note)}</span>
                </div>
            })}
        </Transition>
    }
}

/// The engagements table's column names, in the header and beside each value on a phone.
fn engagement_columns(locale: crate::locale::Locale) -> [&'static str; 11] {
    [
        "",
        td_string!(locale, reservations.voucher),
        td_string!(locale, reservations.customer),
        td_string!(locale, reservations.engagement),
        td_string!(locale, reservations.days),
        td_string!(locale, reservations.place),
        td_string!(locale, reservations.dates),
        td_string!(locale, reservations.consultants),
        td_string!(locale, reservations.status),
        td_string!(locale, reservations.expires),
        "",
    ]
}

#[component]
fn EngagementRow(
    engagement: EngagementSummary,
    release: ServerAction<ReleaseReservation>,
    selected: RwSignal<Vec<String>>,
    can_release: bool,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let id = engagement.id.to_string();
    let redeemable = can_release && engagement.status == VoucherStatus::Delivered;
    let pick = id.clone();
    let ticked = id.clone();
    let pick_label = td_string!(locale, reservations.select_to_redeem, code = engagement.code.clone()).to_string();
    let releasable = can_release && engagement.status == VoucherStatus::Reserved;
    let confirming = RwSignal::new(false);
    let marker = engagement.code.clone();
    let report = format!("/engagements/{}/report", engagement.id);
    let [_, voucher, customer, kind, days, place, dates, consultants, status, expires, _] = engagement_columns(locale);
    view! {
        <tr data-code=marker>
            <td class="row-select">
                {redeemable.then(|| view! {
                    <input type="checkbox" aria-label=pick_label.clone() prop:checked=move || selected.with(|chosen| chosen.contains(&ticked)) on:change=move |event| {
                        let on = event_target_checked(&event);
                        selected.update(|chosen| {
                            chosen.retain(|known| *known != pick);
                            if on { chosen.push(pick.clone()); }
                        });
                    } />
                })}
            </td>
            <td data-label=voucher><code>{engagement.code.clone()}</code> " " <CopyButton code=engagement.code /> <br /> <a href=report>{td_string!(locale, reservations.report)}</a></td>
            <td data-label=customer>{engagement.customer_name}</td>
            <td data-label=kind>{engagement.offering_code} " · " {engagement.engagement_type}</td>
            <td data-label=days>{engagement.days.get()}</td>
            <td data-label=place>{engagement.location}</td>
            <td data-label=dates>{format::date(locale, engagement.starts_on)} " → " {format::date(locale, engagement.ends_on)}</td>
            <td data-label=consultants>{engagement.consultants.join(", ")}</td>
            <td data-label=status>{labels::voucher_status(locale, engagement.status)}</td>
            <td data-label=expires><time datetime=engagement.expires_at.to_rfc3339()>{format::date(locale, engagement.expires_at)}</time></td>
            <td class="row-actions">
                {releasable.then(|| view! {
                    {move || if confirming.get() {
                        let id = id.clone();
                        view! {
                            <ActionForm action=release attr:class="confirm">
                                <input type="hidden" name="engagement_id" value=id />
                                <button type="submit" class="button button-danger">{td_string!(locale, reservations.give_up)}</button>
                                <button type="button" class="button button-quiet" on:click=move |_| confirming.set(false)>{td_string!(locale, reservations.keep)}</button>
                            </ActionForm>
                        }
                        .into_any()
                    } else {
                        view! { <button type="button" class="button button-quiet" on:click=move |_| confirming.set(true)>{td_string!(locale, reservations.give_up_reservation)}</button> }.into_any()
                    }}
                })}
            </td>
        </tr>
    }
}
