//! Payment claims (step 8).

pub mod api;

use crate::components::export::CsvExport;
use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, set_chosen, SelectField, TextArea, TextField};
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::access::Action;
use crate::domain::claim::{ClaimLine, ClaimStatus, ClaimSummary, ClaimsOverview};
use crate::locale::i18n::{t, t_string, td, td_string, use_i18n};
use crate::locale::{format, labels, Locale};
use api::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ClaimsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, claims.title) />
        <Gate action=Action::ReadClaims page=|viewer| view! { <Claims global_admin=viewer.may(Action::SetBankAccounts) /> } />
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, claims.review_title) />
        <Gate action=Action::ReviewClaims page=|_| view! { <Review /> } />
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

#[component]
fn Claims(global_admin: bool) -> impl IntoView {
    let actions = PartnerActions {
        register: ServerAction::new(),
        bank: ServerAction::new(),
        submit: ServerAction::new(),
        withdraw: ServerAction::new(),
        resubmit: ServerAction::new(),
    };
    let overview = Resource::new(
        move || {
            actions.register.version().get()
                + actions.bank.version().get()
                + actions.submit.version().get()
                + actions.withdraw.version().get()
                + actions.resubmit.version().get()
        },
        |_| get_claims(),
    );
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, claims.title)}</h1>
        <p class="lead">{t!(i18n, claims.lead)}</p>
        <Loaded
            resource=overview
            view=move |overview: ClaimsOverview| {
                let locale = i18n.get_locale();
                view! { <ClaimsBody overview actions global_admin locale /> }
            }
        />
    }
}

#[component]
fn ClaimsBody(overview: ClaimsOverview, actions: PartnerActions, global_admin: bool, locale: Locale) -> impl IntoView {
    let register_error = action_error(actions.register);
    let bank_error = action_error(actions.bank);
    let submit_error = action_error(actions.submit);
    let withdraw_error = action_error(actions.withdraw);
    let resubmit_error = action_error(actions.resubmit);
    let registration = match overview.registration.clone() {
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
            <ActionForm action=actions.register>
                <FormAlert error=Signal::derive(move || form_level(register_error.get())) />
                <TextField label=td_string!(locale, claims.legal_name) name="legal_name" error=register_error required=true />
                <TextField label=td_string!(locale, claims.tax_id) name="tax_id" error=register_error required=true />
                <TextArea label=td_string!(locale, claims.remit_address) name="remit_address" error=register_error />
                <button type="submit" class="button">{td_string!(locale, claims.register)}</button>
            </ActionForm>
        }
        .into_any(),
        None => view! { <p>{td_string!(locale, claims.registered_by_global_admin)}</p> }.into_any(),
    };
    let locations: Vec<(String, String)> =
        overview.claimable.iter().map(|voucher| (voucher.location_id.to_string(), voucher.location.clone())).collect();
    let mut bank_locations = locations.clone();
    for account in &overview.bank_accounts {
        bank_locations.push((account.location_id.to_string(), account.location.clone()));
    }
    bank_locations.sort();
    bank_locations.dedup();
    let selected = RwSignal::new(Vec::<(String, String)>::new());
    let claimable_rows = overview
        .claimable
        .iter()
        .map(|voucher| {
            let pick = (voucher.voucher_id.to_string(), voucher.location_id.to_string());
            let label = td_string!(locale, claims.select_to_claim, code = voucher.code.clone()).to_string();
            view! {
                <tr data-code=voucher.code.clone()>
                    <td><input type="checkbox" aria-label=label on:change=move |event| {
                        let on = event_target_checked(&event);
                        let pick = pick.clone();
                        selected.update(|chosen| {
                            chosen.retain(|known| known.0 != pick.0);
                            if on { chosen.push(pick); }
                        });
                    } /></td>
                    <td><code>{voucher.code.clone()}</code></td>
                    <td>{voucher.customer_name.clone()}</td>
                    <td>{voucher.days.get()}</td>
                    <td>{voucher.location.clone()}</td>
                    <td>{format::date(locale, voucher.redeemed_at)}</td>
                    <td>{format::date(locale, voucher.claim_by)}</td>
                </tr>
            }
        })
        .collect_view();
    let has_claimable = !overview.claimable.is_empty();
    view! {
        <section class="panel" aria-labelledby="registration-title">
            <h2 id="registration-title">{td_string!(locale, claims.registration)}</h2>
            {registration}
        </section>
        <section class="panel" aria-labelledby="bank-title">
            <h2 id="bank-title">{td_string!(locale, claims.bank_accounts)}</h2>
            {if overview.bank_accounts.is_empty() {
                view! { <p class="empty">{td_string!(locale, claims.no_bank_account)}</p> }.into_any()
            } else {
                let columns = [
                    td_string!(locale, claims.location),
                    td_string!(locale, claims.account_holder),
                    td_string!(locale, claims.account),
                    td_string!(locale, claims.bank_code),
                ];
                view! {
                    <table tabindex="0" class="table">
                        <TableHead columns />
                        <tbody>
                            {overview.bank_accounts.iter().map(|account| view! {
                                <tr><td>{account.location.clone()}</td><td>{account.account_holder.clone()}</td><td>{account.account_masked.clone()}</td><td>{account.bank_code.clone()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
            {(global_admin && !bank_locations.is_empty()).then(|| view! {
                <ActionForm action=actions.bank>
                    <FormAlert error=Signal::derive(move || form_level(bank_error.get())) />
                    <SelectField label=td_string!(locale, claims.location) name="location_id" options=bank_locations.clone() error=bank_error />
                    <TextField label=td_string!(locale, claims.account_holder) name="account_holder" error=bank_error required=true />
                    <TextField label=td_string!(locale, claims.account_number) name="account_number" error=bank_error required=true />
                    <TextField label=td_string!(locale, claims.bank_code_long) name="bank_code" error=bank_error required=true />
                    <button type="submit" class="button">{td_string!(locale, claims.save_bank_account)}</button>
                </ActionForm>
            })}
        </section>
        <section class="panel" aria-labelledby="claimable-title">
            <h2 id="claimable-title">{td_string!(locale, claims.to_claim)}</h2>
            {if has_claimable {
                let columns = [
                    "",
                    td_string!(locale, claims.voucher),
                    td_string!(locale, claims.customer),
                    td_string!(locale, claims.days),
                    td_string!(locale, claims.location),
                    td_string!(locale, claims.redeemed),
                    td_string!(locale, claims.claim_by),
                ];
                view! {
                    <table tabindex="0" class="table claimable">
                        <TableHead columns />
                        <tbody>{claimable_rows}</tbody>
                    </table>
                    <button
                        type="button"
                        class="button"
                        disabled=move || selected.get().is_empty() || actions.submit.pending().get()
                        on:click=move |_| {
                            let chosen = selected.get();
                            let location = chosen.first().map(|pick| pick.1.clone()).unwrap_or_default();
                            let vouchers = chosen.iter().map(|pick| pick.0.clone()).collect::<Vec<_>>().join(",");
                            actions.submit.dispatch(SubmitClaim { location_id: location, voucher_ids: vouchers });
                        }
                    >
                        {move || {
                            if actions.submit.pending().get() {
                                td_string!(locale, claims.claiming).to_owned()
                            } else {
                                td_string!(locale, claims.claim_selected, count = selected.get().len()).to_string()
                            }
                        }}
                    </button>
                    <FormAlert error=submit_error />
                }
                .into_any()
            } else {
                view! { <p class="empty">{td_string!(locale, claims.nothing_to_claim)}</p> }.into_any()
            }}
            {move || actions.submit.value().get().and_then(Result::ok).map(|reference| view! {
                <p class="alert alert-success" role="status">
                    {td!(locale, claims.submitted_ok, reference = move || view! { <strong>{reference.clone()}</strong> })}
                </p>
            })}
        </section>
        <section class="panel" aria-labelledby="claims-title">
            <h2 id="claims-title">{td_string!(locale, claims.claims)}</h2>
            <FormAlert error=withdraw_error />
            <FormAlert error=resubmit_error />
            <ClaimsTable claims=overview.claims.clone() partner=Some(actions) locale />
        </section>
        <ClaimsExport label=td_string!(locale, claims.payment_report) locale />
    }
}

#[component]
fn ClaimsTable(claims: Vec<ClaimSummary>, partner: Option<PartnerActions>, locale: Locale) -> impl IntoView {
    if claims.is_empty() {
        return view! { <p class="empty">{td_string!(locale, claims.none_yet)}</p> }.into_any();
    }
    let columns = [
        td_string!(locale, claims.reference),
        td_string!(locale, claims.partner),
        td_string!(locale, claims.location),
        td_string!(locale, claims.vouchers),
        td_string!(locale, claims.amount),
        td_string!(locale, claims.status),
        td_string!(locale, claims.submitted),
        td_string!(locale, claims.due_or_paid),
        "",
    ];
    view! {
        <div class="table-wrap">
            <table tabindex="0" class="table claims">
                <TableHead columns />
                <tbody>
                    {claims
                        .into_iter()
                        .map(|claim| {
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
                                <tr data-reference=claim.reference.clone()>
                                    <td><code>{claim.reference.clone()}</code></td>
                                    <td>{claim.partner_name.clone()}</td>
                                    <td>{claim.location.clone()}</td>
                                    <td>{vouchers}</td>
                                    <td>{format::money(locale, claim.amount)}</td>
                                    <td>
                                        {labels::claim_status(locale, claim.status)}
                                        {overdue.then(|| view! { " " <span class="badge badge-warn">{td_string!(locale, claims.overdue)}</span> })}
                                        {claim.decision_note.clone().map(|note| view! { <br /> <span class="muted">{note}</span> })}
                                    </td>
                                    <td>{format::date(locale, claim.submitted_at)}</td>
                                    <td>{due}</td>
                                    <td>{actions}</td>
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
    let claims = Resource::new(
        move || {
            actions.approve.version().get()
                + actions.give_back.version().get()
                + actions.reject.version().get()
                + actions.pay.version().get()
        },
        |_| list_all_claims(),
    );
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
    view! {
        <h1>{t!(i18n, claims.review_title)}</h1>
        <p class="lead">{t!(i18n, claims.review_lead)}</p>
        <FormAlert error=errors />
        <Loaded
            resource=claims
            view={move |claims: Vec<ClaimSummary>| {
                let locale = i18n.get_locale();
                view! {
                    <ClaimsTable claims partner=None locale />
                    <ClaimsExport label=td_string!(locale, claims.export_all) locale />
                }
            }}
        />
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
                <button type="submit" class="button">{td_string!(locale, claims.approve)}</button>
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
                <button type="submit" class="button">{td_string!(locale, claims.mark_paid)}</button>
            </ActionForm>
        })}
    }
}
