//! Payment claims (step 8).

pub mod api;

use crate::components::copy::CopyButton;
use crate::components::export::CsvExport;
use crate::components::feedback::{FormAlert, Loaded, Steady};
use crate::components::form::{
    action_error, clear_after_success, filter_options, form_level, server_action_success, set_chosen, ConfirmButton,
    SelectField, TextArea, TextField,
};
use crate::components::gate::{once_per_page, Gate};
use crate::components::language::InEachLanguage;
use crate::components::layout::{PageTitle, Pager, TableHead};
use crate::domain::access::Action;
use crate::domain::claim::{ClaimLine, ClaimPage, ClaimStatus, ClaimSummary, ClaimsOverview};
use crate::locale::i18n::{t, td, td_string, use_i18n};
use crate::locale::{format, labels, Locale};
use api::*;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ClaimsPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, claims.title).to_owned() />
        <Gate
            action=Action::ReadClaims
            page=|viewer| {
                let global_admin = viewer.may(Action::SetBankAccounts);
                view! { <InEachLanguage><Claims global_admin /></InEachLanguage> }
            }
        />
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, claims.review_title).to_owned() />
        <Gate action=Action::ReviewClaims page=|_| view! { <InEachLanguage><Review /></InEachLanguage> } />
    }
}

#[derive(Clone, Copy)]
struct PartnerActions {
    register: ServerAction<RegisterForPayment>,
    bank: ServerAction<SetBankAccount>,
    submit: ServerAction<SubmitClaim>,
    withdraw: ServerAction<WithdrawClaim>,
    resubmit: ServerAction<ResubmitClaim>,
}

/// Each part of the page is drawn from the same overview, read again after every
/// success; the forms are drawn again only when what they offer changes (`Steady`), and
/// each claim's row only when that claim changes, so nothing typed or ticked is lost to
/// another part's success.
#[component]
fn Claims(global_admin: bool) -> impl IntoView {
    let actions = PartnerActions {
        register: ServerAction::new(),
        bank: ServerAction::new(),
        submit: ServerAction::new(),
        withdraw: ServerAction::new(),
        resubmit: ServerAction::new(),
    };
    let successes = [
        server_action_success(actions.register),
        server_action_success(actions.bank),
        server_action_success(actions.submit),
        server_action_success(actions.withdraw),
        server_action_success(actions.resubmit),
    ];
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let overview = once_per_page(|| {
        Resource::new(move || (successes.map(|success| success.get()), after()), |(_, after)| get_claims(after))
    });
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let withdraw_error = action_error(actions.withdraw);
    let resubmit_error = action_error(actions.resubmit);
    let rows = Signal::derive(move || overview.get().and_then(Result::ok).map(|overview| overview.claims.claims));
    view! {
        <h1>{t!(i18n, claims.title)}</h1>
        <p class="lead">{t!(i18n, claims.lead)}</p>
        <section class="panel" aria-labelledby="registration-title">
            <h2 id="registration-title">{t!(i18n, claims.registration)}</h2>
            <Steady
                resource=overview
                shape=registration
                view=move |overview: ClaimsOverview| view! { <Registration registration=overview.registration register=actions.register global_admin locale /> }
            />
        </section>
        <section class="panel" aria-labelledby="bank-title">
            <h2 id="bank-title">{t!(i18n, claims.bank_accounts)}</h2>
            <Loaded resource=overview more=true view=move |overview: ClaimsOverview| view! { <BankAccounts overview locale /> } />
            {global_admin.then(|| view! {
                <Steady
                    resource=overview
                    more=true
                    shape=bank_locations
                    view=move |overview: ClaimsOverview| view! { <BankForm locations=bank_locations(&overview) bank=actions.bank locale /> }
                />
            })}
        </section>
        <section class="panel" aria-labelledby="claimable-title">
            <h2 id="claimable-title">{t!(i18n, claims.to_claim)}</h2>
            <Steady
                resource=overview
                more=true
                shape=claimable_vouchers
                view=move |overview: ClaimsOverview| view! { <Claimable overview submit=actions.submit locale /> }
            />
            {move || actions.submit.value().get().and_then(Result::ok).map(|reference| view! {
                <p class="alert alert-success" role="status">
                    {td!(locale, claims.submitted_ok, reference = move || view! { <strong>{reference.clone()}</strong> })}
                </p>
            })}
        </section>
        <section class="panel" aria-labelledby="claims-title">
            <h2 id="claims-title">{t!(i18n, claims.claims)}</h2>
            <FormAlert error=withdraw_error />
            <FormAlert error=resubmit_error />
            <ClaimsTable rows partner=Some(actions) locale />
            <Loaded
                resource=overview
                more=true
                view=move |overview: ClaimsOverview| {
                    let first = (!after().is_empty()).then(|| "/claims".to_owned());
                    let next = overview.claims.next.map(|next| format!("/claims?after={next}"));
                    view! { <Pager label=td_string!(locale, claims.pages_label) first next locale /> }
                }
            />
        </section>
        <ClaimsExport label=td_string!(locale, claims.payment_report) locale />
    }
}

#[component]
fn Registration(
    registration: Option<crate::domain::claim::Registration>,
    register: ServerAction<RegisterForPayment>,
    global_admin: bool,
    locale: Locale,
) -> impl IntoView {
    let register_error = action_error(register);
    match registration {
        Some(registration) => view! {
            <p>
                {td!(
                    locale,
                    claims.registered_as,
                    legal_name = move || view! { <strong>{registration.legal_name.clone()}</strong> },
                    tax_id = registration.tax_id
                )}
            </p>
        }
        .into_any(),
        None if global_admin => view! {
            <ActionForm action=register>
                <FormAlert error=Signal::derive(move || form_level(register_error.get())) />
                <TextField label=td_string!(locale, claims.legal_name) name="legal_name" error=register_error required=true />
                <TextField label=td_string!(locale, claims.tax_id) name="tax_id" error=register_error required=true />
                <TextArea label=td_string!(locale, claims.remit_address) name="remit_address" error=register_error />
                <button type="submit" class="button" disabled=move || register.pending().get()>{td_string!(locale, claims.register)}</button>
            </ActionForm>
        }
        .into_any(),
        None => view! { <p>{td_string!(locale, claims.registered_by_global_admin)}</p> }.into_any(),
    }
}

fn registration(overview: &ClaimsOverview) -> Option<crate::domain::claim::Registration> {
    overview.registration.clone()
}

fn claimable_vouchers(overview: &ClaimsOverview) -> Vec<crate::domain::ids::VoucherId> {
    overview.claimable.iter().map(|voucher| voucher.voucher_id).collect()
}

/// The locations a bank account can be set for: those with vouchers to claim or an
/// account already.
fn bank_locations(overview: &ClaimsOverview) -> Vec<(String, String)> {
    let mut locations: Vec<(String, String)> = overview
        .claimable
        .iter()
        .map(|voucher| (voucher.location_id.to_string(), voucher.location.clone()))
        .chain(overview.bank_accounts.iter().map(|account| (account.location_id.to_string(), account.location.clone())))
        .collect();
    locations.sort();
    locations.dedup();
    locations
}

#[component]
fn BankAccounts(overview: ClaimsOverview, locale: Locale) -> impl IntoView {
    if overview.bank_accounts.is_empty() {
        return view! { <p class="empty">{td_string!(locale, claims.no_bank_account)}</p> }.into_any();
    }
    let columns = [
        td_string!(locale, claims.location),
        td_string!(locale, claims.account_holder),
        td_string!(locale, claims.account),
        td_string!(locale, claims.bank_code),
    ];
    let [location, holder, account_label, bank_code] = columns;
    view! {
        <table tabindex="0" class="table stack">
            <TableHead columns=columns.to_vec() />
            <tbody>
                {overview.bank_accounts.iter().map(|account| view! {
                    <tr>
                        <td data-label=location>{account.location.clone()}</td>
                        <td data-label=holder>{account.account_holder.clone()}</td>
                        <td data-label=account_label>{account.account_masked.clone()}</td>
                        <td data-label=bank_code>{account.bank_code.clone()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn BankForm(locations: Vec<(String, String)>, bank: ServerAction<SetBankAccount>, locale: Locale) -> impl IntoView {
    if locations.is_empty() {
        return ().into_any();
    }
    let bank_error = action_error(bank);
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(bank));
    view! {
        <ActionForm action=bank node_ref=form>
            <FormAlert error=Signal::derive(move || form_level(bank_error.get())) />
            <SelectField label=td_string!(locale, claims.location) name="location_id" options=locations error=bank_error />
            <TextField label=td_string!(locale, claims.account_holder) name="account_holder" error=bank_error required=true />
            <TextField label=td_string!(locale, claims.account_number) name="account_number" error=bank_error required=true />
            <TextField label=td_string!(locale, claims.bank_code_long) name="bank_code" error=bank_error required=true />
            <button type="submit" class="button" disabled=move || bank.pending().get()>{td_string!(locale, claims.save_bank_account)}</button>
        </ActionForm>
    }
    .into_any()
}

/// Redeemed vouchers to claim, ticked into one claim per location.
#[component]
fn Claimable(overview: ClaimsOverview, submit: ServerAction<SubmitClaim>, locale: Locale) -> impl IntoView {
    if overview.claimable.is_empty() {
        return view! { <p class="empty">{td_string!(locale, claims.nothing_to_claim)}</p> }.into_any();
    }
    let submit_error = action_error(submit);
    let selected = RwSignal::new(Vec::<(String, String)>::new());
    let columns = [
        "",
        td_string!(locale, claims.voucher),
        td_string!(locale, claims.customer),
        td_string!(locale, claims.days),
        td_string!(locale, claims.location),
        td_string!(locale, claims.redeemed),
        td_string!(locale, claims.claim_by),
    ];
    let [_, voucher_label, customer, days, location, redeemed, claim_by] = columns;
    let rows = overview
        .claimable
        .iter()
        .map(|voucher| {
            let pick = (voucher.voucher_id.to_string(), voucher.location_id.to_string());
            let label = td_string!(locale, claims.select_to_claim, code = voucher.code.clone()).to_string();
            view! {
                <tr data-code=voucher.code.clone()>
                    <td class="row-select"><input type="checkbox" aria-label=label on:change=move |event| {
                        let on = event_target_checked(&event);
                        let pick = pick.clone();
                        selected.update(|chosen| {
                            chosen.retain(|known| known.0 != pick.0);
                            if on { chosen.push(pick); }
                        });
                    } /></td>
                    <td data-label=voucher_label><code>{voucher.code.clone()}</code> " " <CopyButton code=voucher.code.clone() /></td>
                    <td data-label=customer>{voucher.customer_name.clone()}</td>
                    <td data-label=days>{voucher.days.get()}</td>
                    <td data-label=location>{voucher.location.clone()}</td>
                    <td data-label=redeemed>{format::date(locale, voucher.redeemed_at)}</td>
                    <td data-label=claim_by>{format::date(locale, voucher.claim_by)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table tabindex="0" class="table claimable stack">
            <TableHead columns=columns.to_vec() />
            <tbody>{rows}</tbody>
        </table>
        <button
            type="button"
            class="button"
            disabled=move || selected.get().is_empty() || submit.pending().get()
            on:click=move |_| {
                let chosen = selected.get();
                let location = chosen.first().map(|pick| pick.1.clone()).unwrap_or_default();
                let vouchers = chosen.iter().map(|pick| pick.0.clone()).collect::<Vec<_>>().join(",");
                submit.dispatch(SubmitClaim { location_id: location, voucher_ids: vouchers });
            }
        >
            {move || {
                if submit.pending().get() {
                    td_string!(locale, claims.claiming).to_owned()
                } else {
                    td_string!(locale, claims.claim_selected, count = selected.get().len()).to_string()
                }
            }}
        </button>
        <FormAlert error=submit_error />
    }
    .into_any()
}

/// The claims, a row each; a row is drawn again only when its claim's status changes, so
/// what is typed in another row's form stays.
#[component]
fn ClaimsTable(
    rows: Signal<Option<Vec<ClaimSummary>>>,
    partner: Option<PartnerActions>,
    locale: Locale,
    /// The list is narrowed by filters: an empty one says no claim matches them.
    #[prop(optional)]
    narrowed: Signal<bool>,
) -> impl IntoView {
    let columns = claim_columns(locale);
    let empty = move || rows.with(|rows| rows.as_ref().is_some_and(Vec::is_empty));
    let empty_note = move || {
        if narrowed.get() {
            td_string!(locale, claims.none_match)
        } else {
            td_string!(locale, claims.none_yet)
        }
    };
    view! {
        // The page's first block shows the loading note and any error.
        <Transition>
            {move || empty().then(|| view! { <p class="empty">{empty_note()}</p> })}
            <div class="table-wrap" hidden=empty>
                <table tabindex="0" class="table claims stack">
                    <TableHead columns />
                    <tbody>
                        <For
                            each=move || rows.get().unwrap_or_default()
                            key=|claim| (claim.id, claim.status)
                            children=move |claim| view! { <ClaimRow claim partner locale /> }
                        />
                    </tbody>
                </table>
            </div>
        </Transition>
    }
}

/// The claims table's column names, in the header and beside each value on a phone.
fn claim_columns(locale: Locale) -> [&'static str; 9] {
    [
        td_string!(locale, claims.reference),
        td_string!(locale, claims.partner),
        td_string!(locale, claims.location),
        td_string!(locale, claims.vouchers),
        td_string!(locale, claims.amount),
        td_string!(locale, claims.status),
        td_string!(locale, claims.submitted),
        td_string!(locale, claims.due_or_paid),
        "",
    ]
}

#[component]
fn ClaimRow(claim: ClaimSummary, partner: Option<PartnerActions>, locale: Locale) -> impl IntoView {
    let [reference, partner_name, location, vouchers_label, amount, status, submitted, due_label, _] =
        claim_columns(locale);
    let overdue = claim.overdue;
    let id = claim.id.to_string();
    let vouchers = claim.vouchers.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let due = match (claim.paid_at, claim.due_on) {
        (Some(paid), _) => td_string!(
            locale,
            claims.paid_on,
            date = format::date(locale, paid),
            reference = claim.payment_reference.clone().unwrap_or_default()
        )
        .to_string(),
        (None, Some(due)) => td_string!(locale, claims.due_on, date = format::date(locale, due)).to_string(),
        _ => String::new(),
    };
    let actions = match partner {
        Some(actions) => view! { <PartnerClaimActions id=id.clone() status=claim.status lines=claim.vouchers.clone() actions locale /> }.into_any(),
        None => view! { <OperatorClaimActions id=id.clone() status=claim.status locale /> }.into_any(),
    };
    view! {
        <tr data-reference=claim.reference.clone() id=format!("claim-{}", claim.reference)>
            <td data-label=reference><code>{claim.reference.clone()}</code></td>
            <td data-label=partner_name>{claim.partner_name.clone()}</td>
            <td data-label=location>{claim.location.clone()}</td>
            <td data-label=vouchers_label>{vouchers}</td>
            <td data-label=amount>{format::money(locale, claim.amount)}</td>
            <td data-label=status>
                {labels::claim_status(locale, claim.status)}
                {overdue.then(|| view! { " " <span class="badge badge-warn">{td_string!(locale, claims.overdue)}</span> })}
                {claim.decision_note.clone().map(|note| view! { <br /> <span class="muted">{note}</span> })}
            </td>
            <td data-label=submitted>{format::date(locale, claim.submitted_at)}</td>
            <td data-label=due_label>{due}</td>
            <td class="row-actions">{actions}</td>
        </tr>
    }
}

#[component]
fn ClaimsExport(label: &'static str, locale: Locale) -> impl IntoView {
    let export = ServerAction::<ExportClaims>::new();
    view! {
        <CsvExport
            label
            file_name="claims.csv"
            noun=(td_string!(locale, claims.noun_single), td_string!(locale, claims.noun_plural))
            pending=export.pending()
            csv=export.value()
            prepare=Callback::new(move |_| {
                export.dispatch(ExportClaims {});
            })
        />
    }
}

#[component]
fn PartnerClaimActions(
    id: String,
    status: ClaimStatus,
    lines: Vec<ClaimLine>,
    actions: PartnerActions,
    locale: Locale,
) -> impl IntoView {
    view! {
        {(status == ClaimStatus::Returned).then(|| view! { <ResubmitForm id=id.clone() lines=lines.clone() actions locale /> })}
        {status.can_withdraw().then(|| view! {
            <ActionForm action=actions.withdraw attr:class="inline-form">
                <input type="hidden" name="claim_id" value=id.clone() />
                <button type="submit" class="button button-quiet">{td_string!(locale, claims.withdraw)}</button>
            </ActionForm>
        })}
    }
}

/// A returned claim, answered: the partner unticks vouchers to drop (they can be claimed
/// again) and may reply to the operator's comment. Without script the form resubmits every
/// voucher, as the hidden list starts full.
#[component]
fn ResubmitForm(id: String, lines: Vec<ClaimLine>, actions: PartnerActions, locale: Locale) -> impl IntoView {
    let kept = RwSignal::new(lines.iter().map(|line| line.voucher_id.to_string()).collect::<Vec<_>>());
    let boxes = lines
        .into_iter()
        .map(|line| {
            let voucher = line.voucher_id.to_string();
            let checked = voucher.clone();
            view! {
                <label class="choice">
                    <input
                        type="checkbox"
                        prop:checked=move || kept.with(|kept| kept.contains(&checked))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            kept.update(|kept| set_chosen(kept, &voucher, on));
                        }
                    />
                    {td_string!(locale, claims.line, code = line.code, days = format::days(locale, line.days)).to_string()}
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="decision" open=true>
            <summary>{td_string!(locale, claims.edit_and_resubmit)}</summary>
            <ActionForm action=actions.resubmit>
                <input type="hidden" name="claim_id" value=id />
                <input type="hidden" name="voucher_ids" prop:value=move || kept.get().join(",") />
                <fieldset class="choice">
                    <legend>{td_string!(locale, claims.keep_in_claim)}</legend>
                    {boxes}
                </fieldset>
                <label>{td_string!(locale, claims.reply)} <textarea name="reply" rows="2" maxlength="1000"></textarea></label>
                <button type="submit" class="button" disabled=move || kept.with(Vec::is_empty)>{td_string!(locale, claims.resubmit)}</button>
            </ActionForm>
        </details>
    }
}

/// Context for the operator's row actions (one set of actions for the whole table).
#[derive(Clone, Copy)]
struct OperatorActions {
    approve: ServerAction<ApproveClaim>,
    give_back: ServerAction<ReturnClaim>,
    reject: ServerAction<RejectClaim>,
    pay: ServerAction<MarkClaimPaid>,
}

#[component]
fn Review() -> impl IntoView {
    let actions = OperatorActions {
        approve: ServerAction::new(),
        give_back: ServerAction::new(),
        reject: ServerAction::new(),
        pay: ServerAction::new(),
    };
    provide_context(actions);
    let successes = [
        server_action_success(actions.approve),
        server_action_success(actions.give_back),
        server_action_success(actions.reject),
        server_action_success(actions.pay),
    ];
    let query = use_query_map();
    let filters = move || {
        let query = query.read();
        (query.get("status").unwrap_or_default(), query.get("find").unwrap_or_default())
    };
    let after = move || query.read().get("after").unwrap_or_default();
    let claims = once_per_page(|| {
        Resource::new(
            move || (successes.map(|success| success.get()), filters(), after()),
            |(_, (status, find), after)| list_all_claims(status, find, after),
        )
    });
    let errors = Signal::derive(move || {
        [
            action_error(actions.approve).get(),
            action_error(actions.give_back).get(),
            action_error(actions.reject).get(),
            action_error(actions.pay).get(),
        ]
        .into_iter()
        .flatten()
        .next()
    });
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rows = Signal::derive(move || claims.get().and_then(Result::ok).map(|page| page.claims));
    view! {
        <h1>{t!(i18n, claims.review_title)}</h1>
        <p class="lead">{t!(i18n, claims.review_lead)}</p>
        {move || {
            let (status, find) = filters();
            view! { <ReviewFilters status find locale /> }
        }}
        <FormAlert error=errors />
        // Words the list's error, if it could not be read.
        <Loaded resource=claims view=|_| () />
        <ClaimsTable rows partner=None locale narrowed=Signal::derive(move || filters() != Default::default()) />
        // A page goes on only while nothing is sought (what `find` finds is one short list).
        <Loaded
            resource=claims
            more=true
            view=move |page: ClaimPage| {
                let status = filters().0;
                let first = (!after().is_empty()).then(|| format!("/review?status={status}"));
                let next = page.next.map(|next| format!("/review?status={status}&after={next}"));
                view! { <Pager label=td_string!(locale, claims.pages_label) first next locale /> }
            }
        />
        <ClaimsExport label=td_string!(locale, claims.export_all) locale />
    }
}

/// Narrows the queue to one status and to what a voucher code or claim reference finds.
#[component]
fn ReviewFilters(status: String, find: String, locale: Locale) -> impl IntoView {
    let statuses = ClaimStatus::ALL
        .iter()
        .map(|status| (status.as_str().to_owned(), labels::claim_status(locale, *status).to_owned()))
        .collect();
    let narrowed = !status.is_empty() || !find.is_empty();
    view! {
        <Form method="GET" action="" attr:class="panel filters" attr:aria-label=td_string!(locale, claims.filter_label)>
            <div class="field">
                <label for="filter-status">{td_string!(locale, claims.status)}</label>
                <select id="filter-status" name="status">{filter_options(td_string!(locale, claims.any_status), statuses, &status)}</select>
            </div>
            <div class="field">
                <label for="filter-find">{td_string!(locale, claims.find)}</label>
                <input id="filter-find" type="search" name="find" maxlength="64" autocomplete="off" spellcheck="false" value=find />
            </div>
            <button type="submit" class="button">{td_string!(locale, common.filter)}</button>
            {narrowed.then(|| view! { <a href="/review">{td_string!(locale, common.clear_filters)}</a> })}
        </Form>
    }
}

#[component]
fn OperatorClaimActions(id: String, status: ClaimStatus, locale: Locale) -> impl IntoView {
    let actions = expect_context::<OperatorActions>();
    let (approve_id, return_id, reject_id, pay_id) = (id.clone(), id.clone(), id.clone(), id);
    view! {
        {(status == ClaimStatus::Submitted).then(|| view! {
            <ActionForm action=actions.approve attr:class="inline-form">
                <input type="hidden" name="claim_id" value=approve_id.clone() />
                <ConfirmButton
                    label=td_string!(locale, claims.approve)
                    question=td_string!(locale, claims.approve_question)
                    confirm=td_string!(locale, claims.approve_confirm)
                    pending=actions.approve.pending()
                />
            </ActionForm>
            <details class="decision">
                <summary>{td_string!(locale, claims.return_for_changes)}</summary>
                <ActionForm action=actions.give_back>
                    <input type="hidden" name="claim_id" value=return_id.clone() />
                    <label>{td_string!(locale, claims.comment)} <textarea name="comment" rows="2" required=true minlength="5" maxlength="1000"></textarea></label>
                    <button type="submit" class="button button-quiet">{td_string!(locale, claims.give_back)}</button>
                </ActionForm>
            </details>
        })}
        {matches!(status, ClaimStatus::Submitted | ClaimStatus::Returned).then(|| view! {
            <details class="decision">
                <summary>{td_string!(locale, claims.reject)}</summary>
                <ActionForm action=actions.reject>
                    <input type="hidden" name="claim_id" value=reject_id.clone() />
                    <label>{td_string!(locale, claims.reason)} <textarea name="reason" rows="2" required=true minlength="5" maxlength="1000"></textarea></label>
                    <button type="submit" class="button button-danger">{td_string!(locale, claims.reject_claim)}</button>
                </ActionForm>
            </details>
        })}
        {(status == ClaimStatus::Approved).then(|| view! {
            <ActionForm action=actions.pay>
                <input type="hidden" name="claim_id" value=pay_id.clone() />
                <label>{td_string!(locale, claims.payment_reference)} <input name="payment_reference" required=true maxlength="60" /></label>
                <ConfirmButton
                    label=td_string!(locale, claims.mark_paid)
                    question=td_string!(locale, claims.pay_question)
                    confirm=td_string!(locale, claims.pay_confirm)
                    pending=actions.pay.pending()
                />
            </ActionForm>
        })}
    }
}
