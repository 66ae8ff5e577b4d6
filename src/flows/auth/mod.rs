//! Signing up, signing in and out, and joining an organisation by invitation.

pub mod api;
pub mod session;

use crate::components::feedback::{FormAlert, Loaded};
use crate::components::form::{action_error, form_level, CodeField, NewPasswordField, TextField};
use crate::components::layout::PageTitle;
use crate::components::passkey::PasskeyButton;
use crate::domain::people::InvitationPreview;
use crate::domain::second_factor::SignInStep;
use crate::domain::{
    email::EmailAddress,
    password::NewPassword,
    text::{OrgName, PersonName},
};
use crate::locale::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::locale::labels;
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_params_map};
use session::use_session;

/// The page of a signed-out visitor's step (signing in or up, an emailed link): its title,
/// one narrow panel headed by it, and on to the dashboard for someone signed in already.
#[component]
fn AuthPanel(title: fn(Locale) -> &'static str, id: &'static str, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move |locale| title(locale).to_owned() />
        <WhenSignedInGoToDashboard />
        <section class="panel narrow" aria-labelledby=id>
            <h1 id=id>{move || title(i18n.get_locale())}</h1>
            {children()}
        </section>
    }
}

/// The token of an emailed link's page (`/…/:token`).
fn link_token() -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("token").unwrap_or_default()
}

/// Sends a visitor who is already signed in on to the dashboard, or to their account page
/// while a second factor they must have is not set up (nothing else is open to them).
#[component]
fn WhenSignedInGoToDashboard() -> impl IntoView {
    let session = use_session();
    view! {
        <Transition fallback=|| ()>
            {move || {
                session.viewer.get().and_then(|result| result.ok().flatten()).map(|viewer| {
                    let path = if viewer.second_factor.must_set_up() { "/account" } else { "/dashboard" };
                    view! { <Redirect path /> }
                })
            }}
        </Transition>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let second_step = move || matches!(session.sign_in.value().get(), Some(Ok(SignInStep::SecondFactor)));
    view! {
        <AuthPanel title=|locale| td_string!(locale, auth.sign_in_title) id="sign-in-title">
            <Show when=second_step fallback=|| view! { <PasswordStep /> }>
                <SecondStep />
            </Show>
        </AuthPanel>
    }
}

/// The second step of a sign-in: the code of the authenticator app, or a recovery code.
#[component]
fn SecondStep() -> impl IntoView {
    let session = use_session();
    let error = action_error(session.finish_sign_in);
    let i18n = use_i18n();
    view! {
        <p>{t!(i18n, auth.second_step_intro)}</p>
        <ActionForm action=session.finish_sign_in>
            <FormAlert error=Signal::derive(move || form_level(error.get())) />
            <CodeField error with_recovery=true />
            <button type="submit" class="button" disabled=move || session.finish_sign_in.pending().get()>
                {t!(i18n, auth.confirm_code)}
            </button>
        </ActionForm>
        <div class="passkey-choice">
            <PasskeyButton action=session.passkey_second_step>{t!(i18n, auth.use_passkey)}</PasskeyButton>
        </div>
        <p class="aside">{t!(i18n, auth.second_step_lost)}</p>
    }
}

#[component]
fn PasswordStep() -> impl IntoView {
    let session = use_session();
    let error = action_error(session.sign_in);
    let show_password = RwSignal::new(false);
    let i18n = use_i18n();
    view! {
            <ActionForm action=session.sign_in>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <TextField
                    label=move || t_string!(i18n, auth.email)
                    name="email"
                    input_type="email"
                    autocomplete="username"
                    error
                    required=true
                />
                <TextField
                    label=move || t_string!(i18n, auth.password)
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
                    {move || if show_password.get() { t_string!(i18n, auth.hide_password) } else { t_string!(i18n, auth.show_password) }}
                </button>
                <button type="submit" class="button" disabled=move || session.sign_in.pending().get()>
                    {move || if session.sign_in.pending().get() { t_string!(i18n, auth.signing_in) } else { t_string!(i18n, auth.sign_in_title) }}
                </button>
            </ActionForm>
            <div class="passkey-choice">
                <p class="aside">{t!(i18n, auth.passkey_hint)}</p>
                <PasskeyButton action=session.passkey_sign_in>{t!(i18n, auth.passkey_sign_in)}</PasskeyButton>
            </div>
            <p class="aside"><a href="/forgot-password">{t!(i18n, auth.forgot_password_link)}</a></p>
            <p class="aside">{t!(i18n, auth.new_to_program)} " " <a href="/sign-up">{t!(i18n, auth.sign_up_link)}</a> "."</p>
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
    let sent_to = move || session.sign_up.value().get().and_then(Result::ok);
    let i18n = use_i18n();
    view! {
        <PageTitle text=|locale| td_string!(locale, common.sign_up).to_owned() />
        <WhenSignedInGoToDashboard />
        <section class="panel narrow" aria-labelledby="sign-up-title">
            <Show
                when=move || sent_to().is_some()
                fallback=move || view! { <SignUpForm /> }
            >
                <h1 id="sign-up-title">{t!(i18n, auth.check_inbox_title)}</h1>
                <p role="status">
                    {t!(i18n, auth.check_inbox_text, email = move || view! { <strong>{sent_to()}</strong> })}
                </p>
                <p class="aside">{t!(i18n, auth.check_inbox_hint)}</p>
            </Show>
        </section>
    }
}

#[component]
fn SignUpForm() -> impl IntoView {
    let session = use_session();
    let error = action_error(session.sign_up);
    let kind_message = Memo::new(move |_| error.get().and_then(|error| error.field_message("org_kind")));
    let i18n = use_i18n();
    view! {
            <h1 id="sign-up-title">{t!(i18n, auth.sign_up_title)}</h1>
            <p>{t!(i18n, auth.sign_up_intro)}</p>
            <ActionForm action=session.sign_up>
                <FormAlert error=Signal::derive(move || form_level(error.get())) />
                <fieldset class="choice" aria-describedby="org-kind-message">
                    <legend>{t!(i18n, auth.we_are_a)}</legend>
                    <label>
                        <input type="radio" name="org_kind" value="partner" checked=true />
                        " " {t!(i18n, auth.kind_partner)}
                    </label>
                    <label>
                        <input type="radio" name="org_kind" value="customer" />
                        " " {t!(i18n, auth.kind_customer)}
                    </label>
                    {move || kind_message.get().map(|text| view! { <p class="field-error" id="org-kind-message">{text}</p> })}
                </fieldset>
                <TextField label=move || t_string!(i18n, auth.org_name) name="org_name" autocomplete="organization" maxlength=OrgName::MAX_CHARS error required=true />
                <TextField label=move || t_string!(i18n, auth.your_name) name="name" autocomplete="name" maxlength=PersonName::MAX_CHARS error required=true />
                <TextField label=move || t_string!(i18n, auth.work_email) name="email" input_type="email" autocomplete="email" maxlength=EmailAddress::MAX_CHARS error required=true />
                <NewPasswordField label=move || t_string!(i18n, auth.password) name="password" error />
                <button type="submit" class="button" disabled=move || session.sign_up.pending().get()>
                    {t!(i18n, auth.create_organisation)}
                </button>
            </ActionForm>
            <p class="aside">{t!(i18n, auth.already_registered)} " " <a href="/sign-in">{t!(i18n, common.sign_in)}</a> "."</p>
    }
}

/// Where the emailed sign-up link leads: one press proves the address and signs in (a
/// button, not the visit itself, so a mail scanner opening the link proves nothing).
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let session = use_session();
    let token = link_token();
    let error = action_error(session.verify_email);
    let i18n = use_i18n();
    view! {
        <AuthPanel title=|locale| td_string!(locale, auth.verify_title) id="verify-title">
            <p>{t!(i18n, auth.verify_text)}</p>
            <ActionForm action=session.verify_email>
                <FormAlert error=error />
                <input type="hidden" name="token" value=token() />
                <button type="submit" class="button" disabled=move || session.verify_email.pending().get()>
                    {move || if session.verify_email.pending().get() { t_string!(i18n, auth.verifying) } else { t_string!(i18n, auth.verify_button) }}
                </button>
            </ActionForm>
        </AuthPanel>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let preview = Resource::new(token, api::get_invitation);
    let error = action_error(session.accept_invitation);
    let i18n = use_i18n();
    view! {
        <PageTitle text=|locale| td_string!(locale, auth.join_title).to_owned() />
        <WhenSignedInGoToDashboard />
        <section class="panel narrow" aria-labelledby="invitation-title">
            <h1 id="invitation-title">{t!(i18n, auth.join_title)}</h1>
            <Loaded
                resource=preview
                view=move |invitation: InvitationPreview| {
                    let (role, org_name) = (invitation.role, invitation.org_name);
                    view! {
                        <p>
                            {t!(
                                i18n,
                                auth.invited_as,
                                org = move || view! { <strong>{org_name.clone()}</strong> },
                                person = invitation.name,
                                email = invitation.email,
                                role = move || view! { <strong>{labels::role(i18n.get_locale(), role)}</strong> }
                            )}
                        </p>
                        <ActionForm action=session.accept_invitation>
                            <FormAlert error=Signal::derive(move || form_level(error.get())) />
                            <input type="hidden" name="token" value=token() />
                            <TextField
                                label=move || t_string!(i18n, auth.choose_password)
                                name="password"
                                input_type="password"
                                autocomplete="new-password"
                                hint=move || t_string!(i18n, auth.short_password_hint)
                                maxlength=NewPassword::MAX_CHARS
                                error
                                required=true
                            />
                            <button type="submit" class="button">{t!(i18n, auth.join_and_sign_in)}</button>
                        </ActionForm>
                    }
                }
            />
        </section>
    }
}

/// "Forgot your password?": asks for the address and says the same whatever it is.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let request = ServerAction::<api::RequestPasswordReset>::new();
    let error = action_error(request);
    let sent_to = move || request.value().get().and_then(Result::ok);
    let i18n = use_i18n();
    view! {
        <AuthPanel title=|locale| td_string!(locale, auth.forgot_title) id="forgot-title">
            <Show
                when=move || sent_to().is_some()
                fallback=move || view! {
                    <p>{t!(i18n, auth.forgot_intro)}</p>
                    <ActionForm action=request>
                        <FormAlert error=Signal::derive(move || form_level(error.get())) />
                        <TextField
                            label=move || t_string!(i18n, auth.email)
                            name="email"
                            input_type="email"
                            autocomplete="username"
                            maxlength=EmailAddress::MAX_CHARS
                            error
                            required=true
                        />
                        <button type="submit" class="button" disabled=move || request.pending().get()>
                            {move || if request.pending().get() { t_string!(i18n, auth.sending) } else { t_string!(i18n, auth.send_link) }}
                        </button>
                    </ActionForm>
                }
            >
                <p role="status">{t!(i18n, auth.link_sent, email = move || view! { <strong>{sent_to()}</strong> })}</p>
            </Show>
            <p class="aside"><a href="/sign-in">{t!(i18n, common.sign_in)}</a></p>
        </AuthPanel>
    }
}

/// Where the emailed password link leads: the new password, then signed in.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let session = use_session();
    let token = link_token();
    let error = action_error(session.reset_password);
    let i18n = use_i18n();
    view! {
        <AuthPanel title=|locale| td_string!(locale, auth.reset_title) id="reset-title">
            <Show
                when=move || matches!(session.reset_password.value().get(), Some(Ok(SignInStep::SecondFactor)))
                fallback=move || {
                    let token = token.clone();
                    view! {
                    <p>{t!(i18n, auth.reset_intro)}</p>
                    <ActionForm action=session.reset_password>
                        <FormAlert error=Signal::derive(move || form_level(error.get())) />
                        <input type="hidden" name="token" value=token() />
                        <NewPasswordField label=move || t_string!(i18n, auth.new_password) name="password" error />
                        <button type="submit" class="button" disabled=move || session.reset_password.pending().get()>
                            {t!(i18n, auth.save_password)}
                        </button>
                    </ActionForm>
                    }
                }
            >
                <p role="status" class="alert alert-success">{t!(i18n, auth.password_saved_second_step)}</p>
                <SecondStep />
            </Show>
        </AuthPanel>
    }
}
