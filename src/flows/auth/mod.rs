//! Signing up, signing in and out, and joining an organisation by invitation.

pub mod api;
pub mod session;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, TextField};
use crate::domain::people::InvitationPreview;
use crate::domain::{
    email::EmailAddress,
    password::NewPassword,
    text::{OrgName, PersonName},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_params_map};
use session::use_session;

/// Sends a visitor who is already signed in on to the dashboard.
#[component]
fn WhenSignedInGoToDashboard() -> impl IntoView {
    let session = use_session();
    view! {
        <Transition fallback=|| ()>
            {move || {
                session
                    .viewer
                    .get()
                    .and_then(|result| result.ok().flatten())
                    .map(|_| view! { <Redirect path="/dashboard" /> })
            }}
        </Transition>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let error = action_error(session.sign_in);
    let show_password = RwSignal::new(false);
    view! {
        <Title text="Sign in" />
        <WhenSignedInGoToDashboard />
        <section class="panel narrow" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in"</h1>
            <ActionForm action=session.sign_in>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <TextField label="Email" name="email" input_type="email" autocomplete="username" error required=true />
                <TextField
                    label="Password"
                    name="password"
                    input_type="password"
                    autocomplete="current-password"
                    error
                    required=true
                />
                <button
                    type="button"
                    class="button button-quiet show-password"
                    aria-pressed=move || show_password.get().to_string()
                    on:click=move |_| {
                        show_password.update(|shown| *shown = !*shown);
                        reveal_password(show_password.get_untracked());
                    }
                >
                    {move || if show_password.get() { "Hide password" } else { "Show password" }}
                </button>
                <button type="submit" class="button" disabled=move || session.sign_in.pending().get()>
                    {move || if session.sign_in.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="aside">"New to the program? " <a href="/sign-up">"Sign up your organisation"</a> "."</p>
        </section>
    }
}

/// Switches the password field between hidden and shown (client-side only).
fn reveal_password(shown: bool) {
    if let Some(input) = document().get_element_by_id("field-password") {
        let _ = input.set_attribute("type", if shown { "text" } else { "password" });
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let session = use_session();
    let error = action_error(session.sign_up);
    let kind_message = Memo::new(move |_| error.get().and_then(|error| error.field_message("org_kind")));
    view! {
        <Title text="Sign up" />
        <WhenSignedInGoToDashboard />
        <section class="panel narrow" aria-labelledby="sign-up-title">
            <h1 id="sign-up-title">"Sign up your organisation"</h1>
            <p>
                "Partners deliver planning engagements; customers turn their Software Assurance planning days into vouchers. "
                "You become the first administrator and can invite colleagues afterwards."
            </p>
            <ActionForm action=session.sign_up>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <fieldset class="choice" aria-describedby="org-kind-message">
                    <legend>"We are a"</legend>
                    <label>
                        <input type="radio" name="org_kind" value="partner" checked=true />
                        " partner (you will be global admin)"
                    </label>
                    <label>
                        <input type="radio" name="org_kind" value="customer" />
                        " customer (you will be benefit admin)"
                    </label>
                    {move || kind_message.get().map(|text| view! { <p class="field-error" id="org-kind-message">{text}</p> })}
                </fieldset>
                <TextField label="Organisation name" name="org_name" autocomplete="organization" maxlength=OrgName::MAX_CHARS error required=true />
                <TextField label="Your name" name="name" autocomplete="name" maxlength=PersonName::MAX_CHARS error required=true />
                <TextField label="Work email" name="email" input_type="email" autocomplete="email" maxlength=EmailAddress::MAX_CHARS error required=true />
                <TextField
                    label="Password"
                    name="password"
                    input_type="password"
                    autocomplete="new-password"
                    hint="At least 12 characters. A short sentence is easy to remember and hard to guess."
                    maxlength=NewPassword::MAX_CHARS
                    error
                    required=true
                />
                <button type="submit" class="button" disabled=move || session.sign_up.pending().get()>
                    "Create organisation"
                </button>
            </ActionForm>
            <p class="aside">"Already registered? " <a href="/sign-in">"Sign in"</a> "."</p>
        </section>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let preview = Resource::new(token, api::get_invitation);
    let error = action_error(session.accept_invitation);
    view! {
        <Title text="Join your organisation" />
        <WhenSignedInGoToDashboard />
        <section class="panel narrow" aria-labelledby="invitation-title">
            <h1 id="invitation-title">"Join your organisation"</h1>
            <Loaded
                resource=preview
                view=move |invitation: InvitationPreview| {
                    view! {
                        <p>
                            <strong>{invitation.org_name}</strong> " invited " {invitation.name} " ("
                            {invitation.email} ") as " <strong>{invitation.role.label()}</strong> "."
                        </p>
                        <ActionForm action=session.accept_invitation>
                            <FormAlert error=Signal::derive(move || form_level(error.get())) />
                            <input type="hidden" name="token" value=token() />
                            <TextField
                                label="Choose a password"
                                name="password"
                                input_type="password"
                                autocomplete="new-password"
                                hint="At least 12 characters."
                                maxlength=NewPassword::MAX_CHARS
                                error
                                required=true
                            />
                            <button type="submit" class="button">"Join and sign in"</button>
                        </ActionForm>
                    }
                }
            />
        </section>
    }
}
