//! The client-side mirror of the server's authorization gate: pages render only for
//! the roles they serve. The server checks again on every call; this only spares
//! people a page they cannot use.

use super::feedback::{ErrorMessage, Loading};
use crate::domain::{roles::Role, viewer::Viewer};
use crate::flows::auth::session::use_session;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Renders `page` with the signed-in viewer if they hold one of `roles` (any role when
/// empty); sends signed-out visitors to sign-in and explains a missing role.
#[component]
pub fn Gate<F, V>(#[prop(optional)] roles: &'static [Role], page: F) -> impl IntoView
where
    F: Fn(Viewer) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    view! {
        <Transition fallback=Loading>
            {move || {
                session
                    .viewer
                    .get()
                    .map(|result| match result {
                        Ok(Some(viewer)) if roles.is_empty() || viewer.has_any(roles) => page(viewer).into_any(),
                        Ok(Some(viewer)) => view! { <NotForYourRole viewer roles /> }.into_any(),
                        Ok(None) => view! { <Redirect path="/sign-in" /> }.into_any(),
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn NotForYourRole(viewer: Viewer, roles: &'static [Role]) -> impl IntoView {
    crate::set_page_status(403);
    let needed = roles.iter().map(|role| role.label()).collect::<Vec<_>>().join(" or ");
    view! {
        <section class="panel" aria-labelledby="forbidden-title">
            <h1 id="forbidden-title">"Not available for your role"</h1>
            <p>
                "This page is for " {needed} ". You are signed in as " <strong>{viewer.role.label()}</strong> " of "
                {viewer.org_name} "."
            </p>
            <p>
                <a href="/dashboard">"Back to your dashboard"</a>
            </p>
        </section>
    }
}
