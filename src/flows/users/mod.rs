//! The people page: who has access to the organisation, and inviting colleagues.

pub mod api;
mod second_factor;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, server_action_success, TextField};
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{access::Action, email::EmailAddress, text::PersonName, viewer::Viewer};
use crate::locale::i18n::{t_string, td_string, use_i18n};
use crate::locale::{format, labels};
use api::{ChangeRole, HandOverRole, InviteUser, RequireSecondFactor, SetUserAccess};
use leptos::prelude::*;
use leptos_meta::Title;
use second_factor::{RequireSecondFactorPanel, ResetSecondFactorPanel};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, people.title) />
        <Gate action=Action::ManagePeople page=|viewer| view! { <People viewer /> } />
    }
}

#[component]
fn People(viewer: Viewer) -> impl IntoView {
    let invite = ServerAction::<InviteUser>::new();
    let set_access = ServerAction::<SetUserAccess>::new();
    let change_role = ServerAction::<ChangeRole>::new();
    let hand_over = ServerAction::<HandOverRole>::new();
    let require_factor = ServerAction::<RequireSecondFactor>::new();
    let successes = [
        server_action_success(invite),
        server_action_success(set_access),
        server_action_success(change_role),
        server_action_success(hand_over),
        server_action_success(require_factor),
    ];
    let people = Resource::new(move || successes.map(|success| success.get()), |_| api::list_people());
    let access_error = Signal::derive(move || {
        set_access.value().get().and_then(Result::err).or_else(|| change_role.value().get().and_then(Result::err))
    });
    let hand_over_error = action_error(hand_over);
    let kept_role = viewer.role.after_hand_over();
    let own_id = viewer.user_id;
    let own_role = viewer.role;
    let resets_factors = viewer.may(Action::ResetSecondFactors);
    // The operator's organisation requires a second step anyway (`FactorState::new`).
    let may_require_factor = !resets_factors;
    let error = action_error(invite);
    let created = move || invite.value().get().and_then(Result::ok);
    let i18n = use_i18n();
    let org = viewer.org_name.clone();
    view! {
        <h1>{move || t_string!(i18n, people.heading, org = org.clone()).to_string()}</h1>
        <Loaded
            resource=people
            view=move |people: api::People| {
                let locale = i18n.get_locale();
                let roles = people.invitable_roles.clone();
                let colleagues: Vec<(String, String)> = people
                    .users
                    .iter()
                    .filter(|user| user.active && user.id != own_id)
                    .map(|user| (user.id.to_string(), user.name.clone()))
                    .collect();
                let member_columns = [
                    td_string!(locale, people.name),
                    td_string!(locale, people.email),
                    td_string!(locale, people.role),
                    td_string!(locale, people.joined),
                    td_string!(locale, people.access),
                ];
                let [name_label, email_label, role_column, joined_label, access_label] = member_columns;
                view! {
                    <section class="panel" aria-labelledby="members-title">
                        <h2 id="members-title">{td_string!(locale, people.members)}</h2>
                        <FormAlert error=access_error />
                        <table tabindex="0" class="table stack">
                            <TableHead columns=member_columns />
                            <tbody>
                                {people
                                    .users
                                    .into_iter()
                                    .map(|user| {
                                        let role_label = td_string!(locale, people.role_of, name = user.name.clone()).to_string();
                                        let choices = roles.clone();
                                        view! {
                                            <tr>
                                                <td data-label=name_label>{user.name}{(!user.active).then(|| format!(" {}", td_string!(locale, people.disabled)))}</td>
                                                <td data-label=email_label>{user.email}</td>
                                                <td data-label=role_column>
                                                    {if user.id == own_id {
                                                        view! { {labels::role(locale, user.role)} }.into_any()
                                                    } else {
                                                        let current = user.role;
                                                        view! {
                                                            <ActionForm action=change_role attr:class="inline-form">
                                                                <input type="hidden" name="user_id" value=user.id.to_string() />
                                                                <select name="role" aria-label=role_label>
                                                                    {choices
                                                                        .iter()
                                                                        .map(|role| view! { <option value=role.as_str() selected=*role == current>{labels::role(locale, *role)}</option> })
                                                                        .collect_view()}
                                                                </select>
                                                                " "
                                                                <button type="submit" class="button button-quiet">{td_string!(locale, people.change_role)}</button>
                                                            </ActionForm>
                                                        }
                                                            .into_any()
                                                    }}
                                                </td>
                                                <td data-label=joined_label>{format::date(locale, user.joined_at)}</td>
                                                <td data-label=access_label>
                                                    {(user.id != own_id).then(|| view! {
                                                        <ActionForm action=set_access attr:class="inline-form">
                                                            <input type="hidden" name="user_id" value=user.id.to_string() />
                                                            <input type="hidden" name="active" value=(!user.active).to_string() />
                                                            <button type="submit" class="button button-quiet">
                                                                {if user.active { td_string!(locale, people.disable) } else { td_string!(locale, people.enable) }}
                                                            </button>
                                                        </ActionForm>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </section>
                    {kept_role.filter(|_| !colleagues.is_empty()).map(|kept| view! {
                        <section class="panel" aria-labelledby="hand-over-title">
                            <h2 id="hand-over-title">{td_string!(locale, people.hand_over_title)}</h2>
                            <p>{td_string!(locale, people.hand_over_lead, role = labels::role(locale, own_role), kept = labels::role(locale, kept)).to_string()}</p>
                            <ActionForm action=hand_over>
                                <FormAlert error=hand_over_error />
                                <div class="field">
                                    <label for="field-hand-over">{td_string!(locale, people.hand_over_to)}</label>
                                    <select id="field-hand-over" name="user_id">
                                        {colleagues.iter().map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">{td_string!(locale, people.hand_over)}</button>
                            </ActionForm>
                        </section>
                    })}
                    <section class="panel" aria-labelledby="invitations-title">
                        <h2 id="invitations-title">{td_string!(locale, people.invitations)}</h2>
                        {if people.invitations.is_empty() {
                            view! { <p>{td_string!(locale, people.no_invitations)}</p> }.into_any()
                        } else {
                            let columns = [
                                td_string!(locale, people.name),
                                td_string!(locale, people.email),
                                td_string!(locale, people.role),
                                td_string!(locale, people.status),
                                td_string!(locale, people.valid_until),
                            ];
                            view! {
                                <table tabindex="0" class="table">
                                    <TableHead columns />
                                    <tbody>
                                        {people
                                            .invitations
                                            .into_iter()
                                            .map(|invitation| {
                                                view! {
                                                    <tr>
                                                        <td>{invitation.name}</td>
                                                        <td>{invitation.email}</td>
                                                        <td>{labels::role(locale, invitation.role)}</td>
                                                        <td>{labels::invitation_state(locale, invitation.state)}</td>
                                                        <td>{format::date_time(locale, invitation.expires_at)}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }}
                    </section>
                    <section class="panel" aria-labelledby="invite-title">
                        <h2 id="invite-title">{td_string!(locale, people.invite_title)}</h2>
                        <ActionForm action=invite>
                            <FormAlert error=Signal::derive(move || form_level(error.get())) />
                            <TextField label=td_string!(locale, people.name) name="name" autocomplete="off" maxlength=PersonName::MAX_CHARS error required=true />
                            <TextField label=td_string!(locale, people.email) name="email" input_type="email" autocomplete="off" maxlength=EmailAddress::MAX_CHARS error required=true />
                            <div class="field">
                                <label for="field-role">{td_string!(locale, people.role)}</label>
                                <select id="field-role" name="role">
                                    {roles
                                        .into_iter()
                                        .map(|role| view! { <option value=role.as_str()>{labels::role(locale, role)}</option> })
                                        .collect_view()}
                                </select>
                                {move || error.get().and_then(|error| error.field_message("role")).map(|text| view! { <p class="field-error">{text}</p> })}
                            </div>
                            <button type="submit" class="button">{td_string!(locale, people.send)}</button>
                        </ActionForm>
                        {move || {
                            created()
                                .map(|created| {
                                    view! {
                                        <div class="alert alert-success" role="status">
                                            <p>
                                                {td_string!(
                                                    locale,
                                                    people.sent,
                                                    email = created.email,
                                                    until = format::date_time(locale, created.expires_at)
                                                )
                                                .to_string()}
                                            </p>
                                        </div>
                                    }
                                })
                        }}
                    </section>
                    {may_require_factor.then(|| view! { <RequireSecondFactorPanel required=people.second_factor_required require=require_factor /> })}
                    {resets_factors.then(|| view! { <ResetSecondFactorPanel /> })}
                }
            }
        />
    }
}
