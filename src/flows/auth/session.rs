//! The browser's view of the session: who is signed in, refreshed after every
//! sign-in (and its second step), sign-up, sign-out, invitation acceptance, proof of an address or a new
//! password chosen through an emailed link.

use super::api::{
    begin_passkey_sign_in, finish_passkey_sign_in, who_am_i, AcceptInvitation, FinishSignIn, ResetPassword, SignIn,
    SignOut, SignUp, VerifyEmail,
};
use crate::components::passkey::{ceremony, passkey_action, PasskeyAction, PasskeyPrompt};
use crate::domain::viewer::Viewer;
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionContext {
    pub viewer: Resource<Result<Option<Viewer>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    /// The second step of a sign-in (a code), after `sign_in` or `reset_password`.
    pub finish_sign_in: ServerAction<FinishSignIn>,
    /// Signing in with a passkey alone.
    pub passkey_sign_in: PasskeyAction<()>,
    /// A passkey as the second step, after the password.
    pub passkey_second_step: PasskeyAction<()>,
    pub sign_up: ServerAction<SignUp>,
    pub sign_out: ServerAction<SignOut>,
    pub accept_invitation: ServerAction<AcceptInvitation>,
    pub verify_email: ServerAction<VerifyEmail>,
    pub reset_password: ServerAction<ResetPassword>,
}

pub fn provide_session() {
    let sign_in = ServerAction::<SignIn>::new();
    let finish_sign_in = ServerAction::<FinishSignIn>::new();
    let with_passkey = |second_step: bool| {
        passkey_action(move |locale, ()| async move {
            ceremony(locale, PasskeyPrompt::Get, begin_passkey_sign_in(second_step).await, finish_passkey_sign_in).await
        })
    };
    let passkey_sign_in = with_passkey(false);
    let passkey_second_step = with_passkey(true);
    let sign_up = ServerAction::<SignUp>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let accept_invitation = ServerAction::<AcceptInvitation>::new();
    let verify_email = ServerAction::<VerifyEmail>::new();
    let reset_password = ServerAction::<ResetPassword>::new();
    // Blocking: pages answer 302 to sign-in or 403 from the viewer, so the response
    // must wait for it before any header is sent.
    let viewer = Resource::new_blocking(
        move || {
            (
                sign_in.version().get(),
                finish_sign_in.version().get(),
                passkey_sign_in.version().get(),
                passkey_second_step.version().get(),
                sign_up.version().get(),
                sign_out.version().get(),
                accept_invitation.version().get(),
                verify_email.version().get(),
                reset_password.version().get(),
            )
        },
        |_| who_am_i(),
    );
    provide_context(SessionContext {
        viewer,
        sign_in,
        finish_sign_in,
        passkey_sign_in,
        passkey_second_step,
        sign_up,
        sign_out,
        accept_invitation,
        verify_email,
        reset_password,
    });
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
