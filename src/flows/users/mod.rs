//! The people page: who has access to the organisation, and inviting colleagues.

pub mod api;
mod second_factor;

use crate::components::feedback::{FormAlert, Loaded, Steady};
use crate::components::form::{action_error, clear_after_success, form_level, server_action_success, TextField};
use crate::components::gate::{once_per_page, Gate};
use crate::components::language::InEachLanguage;
use crate::components::layout::PageTitle;
use crate::components::layout::TableHead;
use crate::domain::access::Action;
use crate::domain::ids::UserId;
use crate::domain::people::{InvitationSummary, UserSummary};
use crate::domain::roles::Role;
use crate::domain::{email::EmailAddress, text::PersonName, viewer::Viewer};
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::{format, labels, Locale};
use api::{ChangeRole, HandOverRole, InviteUser, RequireSecondFactor, SetUserAccess};
use leptos::prelude::*;
use second_factor::{RequireSecondFactorPanel, ResetSecondFactorPanel};

#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, people.title).to_owned() />
        <Gate action=Action::ManagePeople page=|viewer| view! { <InEachLanguage><People viewer=viewer.clone() /></InEachLanguage> } />
    }
}

/// The page reads its people again after every success; each member's row is drawn
/// again only when that member changes, and the forms only when what they offer does, so
/// a half-typed invitation or a role being chosen survives another form's success.
#[component]
fn People(viewer: Viewer) -> impl IntoView {
    let actions = PeopleActions {
        invite: ServerAction::new(),
        set_access: ServerAction::new(),
        change_role: ServerAction::new(),
        hand_over: ServerAction::new(),
        require_factor: ServerAction::new(),
    };
    let successes = [
        server_action_success(actions.invite),
        server_action_success(actions.set_access),
        server_action_success(actions.change_role),
        server_action_success(actions.hand_over),
        server_action_success(actions.require_factor),
    ];
    let people =
        once_per_page(|| Resource::new(move || successes.map(|success| success.get()), |_| api::list_people()));
    let access_error = Signal::derive(move || {
        let (set_access, change_role) = (actions.set_access, actions.change_role);
        set_access.value().get().and_then(Result::err).or_else(|| change_role.value().get().and_then(Result::err))
    });
    let own_id = viewer.user_id;
    let resets_factors = viewer.may(Action::ResetSecondFactors);
    // The operator's organisation requires a second step anyway (`FactorState::new`).
    let may_require_factor = !resets_factors;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let org = viewer.org_name.clone();
    let rows = move || {
        people.get().and_then(Result::ok).map(|people| {
            let roles = people.invitable_roles;
            people.users.into_iter().map(|user| (user, roles.clone())).collect::<Vec<_>>()
        })
    };
    let columns = member_columns(locale);
    view! {
        <h1>{move || t_string!(i18n, people.heading, org = org.clone()).to_string()}</h1>
        <section class="panel" aria-labelledby="members-title">
            <h2 id="members-title">{t!(i18n, people.members)}</h2>
            <FormAlert error=access_error />
            // Shows the loading note and words the list's error, if it could not be read.
            <Loaded resource=people view=|_| () />
            <Transition>
                <table tabindex="0" class="table stack" hidden=move || rows().is_none()>
                    <TableHead columns />
                    <tbody>
                        <For
                            each=move || rows().unwrap_or_default()
                            key=|(user, roles)| (user.id, user.role, user.active, user.name.clone(), roles.clone())
                            children=move |(user, roles)| view! { <MemberRow user roles own_id actions locale /> }
                        />
                    </tbody>
                </table>
            </Transition>
        </section>
        <Steady
            resource=people
            more=true
            shape=hand_over_choices
            view=move |people: api::People| view! { <HandOver colleagues=hand_over_choices(&people) own_id role=viewer.role hand_over=actions.hand_over locale /> }
        />
        <section class="panel" aria-labelledby="invitations-title">
            <h2 id="invitations-title">{t!(i18n, people.invitations)}</h2>
            <Loaded resource=people more=true view=move |people: api::People| view! { <Invitations invitations=people.invitations locale /> } />
        </section>
        <section class="panel" aria-labelledby="invite-title">
            <h2 id="invite-title">{t!(i18n, people.invite_title)}</h2>
            <Steady
                resource=people
                more=true
                shape=|people: &api::People| people.invitable_roles.clone()
                view=move |people: api::People| view! { <InviteForm roles=people.invitable_roles invite=actions.invite locale /> }
            />
            {move || actions.invite.value().get().and_then(Result::ok).map(|created| view! {
                <div class="alert alert-success" role="status">
                    <p>
                        {td_string!(locale, people.sent, email = created.email, until = format::date_time(locale, created.expires_at)).to_string()}
                    </p>
                </div>
            })}
        </section>
        {may_require_factor.then(|| view! {
            <Steady
                resource=people
                more=true
                shape=|people: &api::People| people.second_factor_required
                view=move |people: api::People| view! { <RequireSecondFactorPanel required=people.second_factor_required require=actions.require_factor /> }
            />
        })}
        {resets_factors.then(|| view! { <ResetSecondFactorPanel /> })}
    }
}

#[derive(Clone, Copy)]
struct PeopleActions {
    invite: ServerAction<InviteUser>,
    set_access: ServerAction<SetUserAccess>,
    change_role: ServerAction<ChangeRole>,
    hand_over: ServerAction<HandOverRole>,
    require_factor: ServerAction<RequireSecondFactor>,
}

/// The members table's column names, in the header and beside each value on a phone.
fn member_columns(locale: Locale) -> [&'static str; 5] {
    [
        td_string!(locale, people.name),
        td_string!(locale, people.email),
        td_string!(locale, people.role),
        td_string!(locale, people.joined),
        td_string!(locale, people.access),
    ]
}

/// A member, with the forms to change their role and their access (not one's own).
#[component]
fn MemberRow(
    user: UserSummary,
    roles: Vec<Role>,
    own_id: UserId,
    actions: PeopleActions,
    locale: Locale,
) -> impl IntoView {
    let [name_label, email_label, role_column, joined_label, access_label] = member_columns(locale);
    let role_label = td_string!(locale, people.role_of, name = user.name.clone()).to_string();
    let own = user.id == own_id;
    let role = if own {
        view! { {labels::role(locale, user.role)} }.into_any()
    } else {
        let current = user.role;
        view! {
            <ActionForm action=actions.change_role attr:class="inline-form">
                <input type="hidden" name="user_id" value=user.id.to_string() />
                <select name="role" aria-label=role_label>
                    {roles
                        .iter()
                        .map(|role| view! { <option value=role.as_str() selected=*role == current>{labels::role(locale, *role)}</option> })
                        .collect_view()}
                </select>
                " "
                <button type="submit" class="button button-quiet">{td_string!(locale, people.change_role)}</button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <tr>
            <td data-label=name_label>{user.name}{(!user.active).then(|| format!(" {}", td_string!(locale, people.disabled)))}</td>
            <td data-label=email_label>{user.email}</td>
            <td data-label=role_column>{role}</td>
            <td data-label=joined_label>{format::date(locale, user.joined_at)}</td>
            <td data-label=access_label>
                {(!own).then(|| view! {
                    <ActionForm action=actions.set_access attr:class="inline-form">
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
}

/// The active colleagues one's role can be handed to.
fn hand_over_choices(people: &api::People) -> Vec<(String, String)> {
    people.users.iter().filter(|user| user.active).map(|user| (user.id.to_string(), user.name.clone())).collect()
}

/// Handing one's role to a colleague, for roles that can be handed over (`Role::after_hand_over`).
#[component]
fn HandOver(
    colleagues: Vec<(String, String)>,
    own_id: UserId,
    role: Role,
    hand_over: ServerAction<HandOverRole>,
    locale: Locale,
) -> impl IntoView {
    let own_id = own_id.to_string();
    let colleagues: Vec<_> = colleagues.into_iter().filter(|(id, _)| *id != own_id).collect();
    let Some(kept) = role.after_hand_over().filter(|_| !colleagues.is_empty()) else {
        return ().into_any();
    };
    let error = action_error(hand_over);
    view! {
        <section class="panel" aria-labelledby="hand-over-title">
            <h2 id="hand-over-title">{td_string!(locale, people.hand_over_title)}</h2>
            <p>{td_string!(locale, people.hand_over_lead, role = labels::role(locale, role), kept = labels::role(locale, kept)).to_string()}</p>
            <ActionForm action=hand_over>
                <FormAlert error />
                <div class="field">
                    <label for="field-hand-over">{td_string!(locale, people.hand_over_to)}</label>
                    <select id="field-hand-over" name="user_id">
                        {colleagues.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{td_string!(locale, people.hand_over)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
fn Invitations(invitations: Vec<InvitationSummary>, locale: Locale) -> impl IntoView {
    if invitations.is_empty() {
        return view! { <p>{td_string!(locale, people.no_invitations)}</p> }.into_any();
    }
    let columns = [
        td_string!(locale, people.name),
        td_string!(locale, people.email),
        td_string!(locale, people.role),
        td_string!(locale, people.status),
        td_string!(locale, people.valid_until),
    ];
    let [name, email, role, status, until] = columns;
    view! {
        <table tabindex="0" class="table stack">
            <TableHead columns />
            <tbody>
                {invitations
                    .into_iter()
                    .map(|invitation| view! {
                        <tr>
                            <td data-label=name>{invitation.name}</td>
                            <td data-label=email>{invitation.email}</td>
                            <td data-label=role>{labels::role(locale, invitation.role)}</td>
                            <td data-label=status>{labels::invitation_state(locale, invitation.state)}</td>
                            <td data-label=until>{format::date_time(locale, invitation.expires_at)}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Inviting a colleague; emptied once the invitation is sent.
#[component]
fn InviteForm(roles: Vec<Role>, invite: ServerAction<InviteUser>, locale: Locale) -> impl IntoView {
    let error = action_error(invite);
    let form = NodeRef::<leptos::html::Form>::new();
    clear_after_success(form, server_action_success(invite));
    view! {
        <ActionForm action=invite node_ref=form>
            <FormAlert error=Signal::derive(move || form_level(error.get())) />
            <TextField label=td_string!(locale, people.name) name="name" autocomplete="off" maxlength=PersonName::MAX_CHARS error required=true />
            <TextField label=td_string!(locale, people.email) name="email" input_type="email" autocomplete="off" maxlength=EmailAddress::MAX_CHARS error required=true />
            <div class="field">
                <label for="field-role">{td_string!(locale, people.role)}</label>
                <select id="field-role" name="role">
                    {roles.into_iter().map(|role| view! { <option value=role.as_str()>{labels::role(locale, role)}</option> }).collect_view()}
                </select>
                {move || error.get().and_then(|error| error.field_message("role")).map(|text| view! { <p class="field-error">{text}</p> })}
            </div>
            <button type="submit" class="button" disabled=move || invite.pending().get()>{td_string!(locale, people.send)}</button>
        </ActionForm>
    }
}
