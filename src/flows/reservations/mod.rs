//! Step 5 for partners: validate a customer's voucher and reserve it (`/reserve`), and
//! follow the engagements reserved (`/engagements`), giving a reservation up if needed.

pub mod api;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, set_chosen, SelectField, TextField};
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{
    reservation::{EngagementSummary, VoucherCheck},
    roles::Role,
    voucher_status::VoucherStatus,
};
use api::*;
use leptos::prelude::*;
use leptos_meta::Title;

const PARTNER_ADMINS: &[Role] = &[Role::MpnAdmin];

#[component]
pub fn ReservePage() -> impl IntoView {
    view! {
        <Title text="Validate & reserve" />
        <Gate roles=PARTNER_ADMINS page=|_| view! { <Reserve /> } />
    }
}

#[component]
pub fn EngagementsPage() -> impl IntoView {
    view! {
        <Title text="Engagements" />
        <Gate roles=&[Role::MpnAdmin, Role::Consultant] page=|viewer| view! { <Engagements can_release=viewer.has_any(PARTNER_ADMINS) /> } />
    }
}

#[component]
fn Reserve() -> impl IntoView {
    let check = ServerAction::<CheckVoucher>::new();
    let check_error = action_error(check);
    view! {
        <h1>"Validate and reserve a voucher"</h1>
        <p class="lead">"Enter the voucher code the customer's project manager gave you and the email of their benefit administrator."</p>
        <section class="panel" aria-labelledby="validate-title">
            <h2 id="validate-title">"1. Validate"</h2>
            <ActionForm action=check>
                <FormAlert error=Signal::derive(move || form_level(check_error.get())) />
                <TextField label="Voucher code" name="code" hint="Like 7KQ3F-9XW2M-0RTBH-4GNP8; case and hyphens do not matter." error=check_error required=true />
                <TextField label="Customer's benefit admin email" name="admin_email" input_type="email" error=check_error required=true />
                <button type="submit" class="button">{move || if check.pending().get() { "Checking…" } else { "Check voucher" }}</button>
            </ActionForm>
        </section>
        {move || check.value().get().and_then(Result::ok).map(|voucher| view! { <ReserveForm voucher /> })}
    }
}

#[component]
fn ReserveForm(voucher: VoucherCheck) -> impl IntoView {
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
    let expires_on = voucher.expires_at.date_naive().to_string();
    let consultant_message = Memo::new(move |_| error.get().and_then(|error| error.field_message("consultants")));
    let terms_message = Memo::new(move |_| error.get().and_then(|error| error.field_message("accept_terms")));
    let code = voucher.code.clone();
    let summary = view! {
        <section class="panel" aria-labelledby="voucher-found-title">
            <h2 id="voucher-found-title">"Voucher " <code>{voucher.code.clone()}</code></h2>
            <dl class="facts" id="voucher-found">
                <dt>"Customer"</dt><dd>{voucher.customer_name.clone()}</dd>
                <dt>"Offering"</dt><dd>{voucher.offering.code.clone()} " " {voucher.offering.name.clone()}</dd>
                <dt>"Planning days"</dt><dd>{voucher.days.to_string()}</dd>
                <dt>"Status"</dt><dd>{voucher.status.label()}</dd>
                <dt>"Expires"</dt><dd>{expires_on.clone()} " (reserve, deliver and redeem before then)"</dd>
            </dl>
        </section>
    };
    if !reservable {
        return view! { {summary} <p class="alert alert-info">"This voucher cannot be reserved now: it is " {voucher.status.label().to_lowercase()} "."</p> }.into_any();
    }
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
                    <span><strong>{consultant.name.clone()}</strong> " " <span class="muted">"exams: " {consultant.exam_competencies.join(", ")}</span></span>
                </label>
            }
        })
        .collect_view();
    let admin_email = voucher.admin_email.clone();
    view! {
        {summary}
        <section class="panel" aria-labelledby="reserve-title">
            <h2 id="reserve-title">"2. Reserve"</h2>
            {move || reserve.value().get().and_then(Result::ok).map(|_| view! {
                <p class="alert alert-success" role="status">"Reserved. The customer has been told. " <a href="/engagements">"See your engagements"</a></p>
            })}
            <ActionForm action=reserve>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <input type="hidden" name="code" value=code.clone() />
                <input type="hidden" name="admin_email" value=admin_email />
                <SelectField label="Engagement type" name="engagement_type_id" options=qualified.clone() error hint="Only the types you are enrolled and qualified for." />
                {(!refused.is_empty()).then(|| view! {
                    <ul class="aside refused-types">
                        {refused.iter().map(|(name, reason)| view! { <li><strong>{name.clone()}</strong> ": " {reason.clone()}</li> }).collect_view()}
                    </ul>
                })}
                <SelectField label="Delivery location" name="location_id" options=locations.clone() error hint="Your location in the country where you deliver." />
                <fieldset class="field" class:field-invalid=move || consultant_message.get().is_some() aria-describedby="field-consultants-message">
                    <legend>"Consultants"</legend>
                    {consultant_boxes}
                    <input type="hidden" name="consultants" prop:value=move || consultants.get().join(",") />
                    {move || consultant_message.get().map(|text| view! { <p class="field-error" id="field-consultants-message">{text}</p> })}
                </fieldset>
                <TextField label="Starts on" name="starts_on" input_type="date" error required=true />
                <TextField label="Ends on" name="ends_on" input_type="date" hint="By the voucher's expiry date." error required=true />
                <div class="field field-check" class:field-invalid=move || terms_message.get().is_some()>
                    <label for="field-accept_terms">
                        <input type="checkbox" id="field-accept_terms" on:change=move |event| accepted.set(event_target_checked(&event)) />
                        " We accept the reservation terms: we deliver the engagement as described, within the voucher's life, and do not charge the customer for the planning work (travel included)."
                    </label>
                    <input type="hidden" name="accept_terms" prop:value=move || if accepted.get() { "on" } else { "" } />
                    {move || terms_message.get().map(|text| view! { <p class="field-error" id="field-accept_terms-message">{text}</p> })}
                </div>
                <button type="submit" class="button" disabled=move || reserve.pending().get()>"Reserve voucher"</button>
            </ActionForm>
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
    let engagements = Resource::new(move || release.version().get() + redeem.version().get(), |_| list_engagements());
    Effect::new(move |_| {
        if let Some(Ok(_)) = redeem.value().get() {
            selected.set(Vec::new());
        }
    });
    view! {
        <h1>"Engagements"</h1>
        <p class="lead">"Vouchers reserved by your organisation, with the deadlines that come with them."</p>
        <FormAlert error=release_error />
        <FormAlert error=redeem_error />
        {move || redeem.value().get().and_then(Result::ok).map(|count| view! {
            <p class="alert alert-success" role="status">{format!("Redeemed {count} voucher{}.", if count == 1 { "" } else { "s" })}</p>
        })}
        <Loaded
            resource=engagements
            view={move |engagements: Vec<EngagementSummary>| {
                if engagements.is_empty() {
                    return view! { <p class="empty">"No engagements yet. " {can_release.then(|| view! { <a href="/reserve">"Validate and reserve a voucher"</a> })}</p> }.into_any();
                }
                view! {
                    <div class="panel table-wrap">
                        <table tabindex="0" class="table engagements">
                            <TableHead columns=&["", "Voucher", "Customer", "Engagement", "Days", "Location", "Dates", "Consultants", "Status", "Expires", ""] />
                            <tbody>
                                {engagements.into_iter().map(|engagement| view! { <EngagementRow engagement release selected can_release /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {can_release.then(|| view! {
                        <div class="actions">
                            <button
                                type="button"
                                class="button"
                                disabled=move || selected.get().is_empty() || redeem.pending().get()
                                on:click=move |_| {
                                    redeem.dispatch(RedeemEngagements { engagement_ids: selected.get().join(",") });
                                }
                            >
                                {move || format!("Redeem selected ({})", selected.get().len())}
                            </button>
                            <span class="aside">" Redeem delivered engagements before their voucher expires; claim payment within 60 days."</span>
                        </div>
                    })}
                }
                    .into_any()
            }}
        />
    }
}

#[component]
fn EngagementRow(
    engagement: EngagementSummary,
    release: ServerAction<ReleaseReservation>,
    selected: RwSignal<Vec<String>>,
    can_release: bool,
) -> impl IntoView {
    let id = engagement.id.to_string();
    let redeemable = can_release && engagement.status == VoucherStatus::Delivered;
    let pick = id.clone();
    let pick_label = format!("Select voucher {} to redeem", engagement.code);
    let releasable = can_release && engagement.status == VoucherStatus::Reserved;
    let confirming = RwSignal::new(false);
    let marker = engagement.code.clone();
    let report = format!("/engagements/{}/report", engagement.id);
    view! {
        <tr data-code=marker>
            <td>
                {redeemable.then(|| view! {
                    <input type="checkbox" aria-label=pick_label.clone() on:change=move |event| {
                        let on = event_target_checked(&event);
                        selected.update(|chosen| {
                            chosen.retain(|known| *known != pick);
                            if on { chosen.push(pick.clone()); }
                        });
                    } />
                })}
            </td>
            <td><code>{engagement.code}</code> <br /> <a href=report>"Report"</a></td>
            <td>{engagement.customer_name}</td>
            <td>{engagement.offering_code} " · " {engagement.engagement_type}</td>
            <td>{engagement.days.get()}</td>
            <td>{engagement.location}</td>
            <td>{engagement.starts_on.to_string()} " → " {engagement.ends_on.to_string()}</td>
            <td>{engagement.consultants.join(", ")}</td>
            <td>{engagement.status.label()}</td>
            <td>{engagement.expires_at.format("%Y-%m-%d").to_string()}</td>
            <td>
                {releasable.then(|| view! {
                    {move || if confirming.get() {
                        let id = id.clone();
                        view! {
                            <ActionForm action=release attr:class="confirm">
                                <input type="hidden" name="engagement_id" value=id />
                                <button type="submit" class="button button-danger">"Yes, give it up"</button>
                                <button type="button" class="button button-quiet" on:click=move |_| confirming.set(false)>"Keep"</button>
                            </ActionForm>
                        }
                        .into_any()
                    } else {
                        view! { <button type="button" class="button button-quiet" on:click=move |_| confirming.set(true)>"Give up reservation…"</button> }.into_any()
                    }}
                })}
            </td>
        </tr>
    }
}
