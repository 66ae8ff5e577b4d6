//! The people page: who has access to the organisation, and inviting colleagues.

pub mod api;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, TextField};
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{email::EmailAddress, roles::Role, text::PersonName, viewer::Viewer};
use api::{InviteUser, SetUserAccess};
use leptos::prelude::*;
use leptos_meta::Title;

const USER_MANAGERS: &[Role] = &[Role::GlobalAdmin, Role::BenefitAdmin, Role::Operator];

#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <Title text="People" />
        <Gate roles=USER_MANAGERS page=|viewer| view! { <People viewer /> } />
    }
}

#[component]
fn People(viewer: Viewer) -> impl IntoView {
    let invite = ServerAction::<InviteUser>::new();
    let set_access = ServerAction::<SetUserAccess>::new();
    let people = Resource::new(move || (invite.version().get(), set_access.version().get()), |_| api::list_people());
    let access_error = action_error(set_access);
    let own_id = viewer.user_id;
    let error = action_error(invite);
    let created = move || invite.value().get().and_then(Result::ok);
    view! {
        <h1>"People of " {viewer.org_name.clone()}</h1>
        <Loaded
            resource=people
            view=move |people: api::People| {
                let roles = people.invitable_roles.clone();
                view! {
                    <section class="panel" aria-labelledby="members-title">
                        <h2 id="members-title">"Members"</h2>
                        <FormAlert error=access_error />
                        <table tabindex="0" class="table">
                            <TableHead columns=&["Name", "Email", "Role", "Joined", "Access"] />
                            <tbody>
                                {people
                                    .users
                                    .into_iter()
                                    .map(|user| {
                                        view! {
                                            <tr>
                                                <td>{user.name}{(!user.active).then_some(" (disabled)")}</td>
                                                <td>{user.email}</td>
                                                <td>{user.role.label()}</td>
                                                <td>{user.joined_at.format("%Y-%m-%d").to_string()}</td>
                                                <td>
                                                    {(user.id != own_id).then(|| view! {
                                                        <ActionForm action=set_access attr:class="inline-form">
                                                            <input type="hidden" name="user_id" value=user.id.to_string() />
                                                            <input type="hidden" name="active" value=(!user.active).to_string() />
                                                            <button type="submit" class="button button-quiet">
                                                                {if user.active { "Disable" } else { "Enable" }}
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
                    <section class="panel" aria-labelledby="invitations-title">
                        <h2 id="invitations-title">"Invitations"</h2>
                        {if people.invitations.is_empty() {
                            view! { <p>"No invitations sent yet."</p> }.into_any()
                        } else {
                            view! {
                                <table tabindex="0" class="table">
                                    <TableHead columns=&["Name", "Email", "Role", "Status", "Valid until"] />
                                    <tbody>
                                        {people
                                            .invitations
                                            .into_iter()
                                            .map(|invitation| {
                                                view! {
                                                    <tr>
                                                        <td>{invitation.name}</td>
                                                        <td>{invitation.email}</td>
                                                        <td>{invitation.role.label()}</td>
                                                        <td>{invitation.state.label()}</td>
                                                        <td>{invitation.expires_at.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
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
                        <h2 id="invite-title">"Invite a colleague"</h2>
                        <ActionForm action=invite>
                            <FormAlert error=Signal::derive(move || form_level(error.get())) />
                            <TextField label="Name" name="name" autocomplete="off" maxlength=PersonName::MAX_CHARS error required=true />
                            <TextField label="Email" name="email" input_type="email" autocomplete="off" maxlength=EmailAddress::MAX_CHARS error required=true />
                            <div class="field">
                                <label for="field-role">"Role"</label>
                                <select id="field-role" name="role">
                                    {roles
                                        .into_iter()
                                        .map(|role| view! { <option value=role.as_str()>{role.label()}</option> })
                                        .collect_view()}
                                </select>
                                {move || error.get().and_then(|error| error.field_message("role")).map(|text| view! { <p class="field-error">{text}</p> })}
                            </div>
                            <button type="submit" class="button">"Send invitation"</button>
                        </ActionForm>
                        {move || {
                            created()
                                .map(|created| {
                                    view! {
                                        <div class="alert alert-success" role="status">
                                            <p>"Invitation sent to " <strong>{created.email}</strong> ". It works until "
                                                {created.expires_at.format("%Y-%m-%d %H:%M UTC").to_string()} "."</p>
                                            <p>"You can also pass on this link yourself: " <code class="invitation-link">{created.link}</code></p>
                                        </div>
                                    }
                                })
                        }}
                    </section>
                }
            }
        />
    }
}
