//! The client-side mirror of the server's authorization gate: pages render only for
//! the roles they serve. The server checks again on every call; this only spares
//! people a page they cannot use.

use super::feedback::{ErrorMessage, Loading};
use crate::domain::{access::Action, viewer::Viewer};
use crate::flows::auth::session::use_session;
use crate::locale::i18n::{t, td_string, use_i18n};
use crate::locale::labels;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use std::any::Any;
use std::collections::HashMap;
use std::panic::Location;
use std::sync::{Arc, Mutex, PoisonError};

/// What the server's builds of one gated page made once and share (`once_per_page`).
#[derive(Clone)]
struct PageBuilds {
    /// The gate's own owner: what is made here lives as long as the page, not as long as
    /// the build that happened to make it.
    owner: Owner,
    made: Arc<Mutex<HashMap<&'static Location<'static>, Box<dyn Any + Send + Sync>>>>,
}

/// Makes a gated page's resource once per server render, whichever build asks.
///
/// The server builds a gated page more than once per request (Leptos' `<Suspense>` builds
/// its children again after their resources resolve, leptos-rs/leptos#4688), and each
/// build made its resources anew: each was fetched (once, `server::request_reads`) but
/// written into the page for the browser every time, so the voucher list carried its page
/// of vouchers three times, two thirds of its HTML. Each call site (the caller's location
/// is the key) makes its resource in the first build; later builds get that one. In the
/// browser a page is built once, and each build makes its own.
#[track_caller]
pub fn once_per_page<T: Copy + Send + Sync + 'static>(make: impl FnOnce() -> T) -> T {
    let Some(builds) = use_context::<PageBuilds>() else { return make() };
    let site = Location::caller();
    let kept = builds
        .made
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(site)
        .and_then(|kept| kept.downcast_ref::<T>().copied());
    if let Some(kept) = kept {
        return kept;
    }
    let value = builds.owner.with(make);
    builds.made.lock().unwrap_or_else(PoisonError::into_inner).insert(site, Box::new(value));
    value
}

/// Renders `page` with the signed-in viewer if the access policy lets them take `action`
/// (anyone signed in when not given); sends signed-out visitors to sign-in and explains a
/// missing role.
#[component]
pub fn Gate<F, V>(#[prop(default = Action::UsePortal)] action: Action, page: F) -> impl IntoView
where
    F: Fn(Viewer) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    let rendered_by_server = Owner::current_shared_context().is_some_and(|shared| !shared.is_browser());
    if rendered_by_server {
        provide_context(PageBuilds { owner: Owner::current().unwrap_or_default(), made: Arc::default() });
    }
    view! {
        <Transition fallback=Loading>
            {move || {
                session
                    .viewer
                    .get()
                    .map(|result| match result {
                        Ok(Some(viewer)) if viewer.may(action) && viewer.second_factor.blocks(action) => {
                            let error = crate::error::AppError::SecondFactorSetUpNeeded;
                            crate::set_page_status(error.status());
                            view! { <ErrorMessage error /> }.into_any()
                        }
                        Ok(Some(viewer)) if viewer.may(action) => page(viewer).into_any(),
                        Ok(Some(viewer)) => view! { <NotForYourRole viewer action /> }.into_any(),
                        Ok(None) => view! { <Redirect path="/sign-in" /> }.into_any(),
                        Err(error) => {
                            crate::set_page_status(error.status());
                            view! { <ErrorMessage error /> }.into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn NotForYourRole(viewer: Viewer, action: Action) -> impl IntoView {
    crate::set_page_status(403);
    let i18n = use_i18n();
    let needed = move || {
        let locale = i18n.get_locale();
        let or = format!(" {} ", td_string!(locale, common.or));
        action.roles().iter().map(|role| labels::role(locale, *role)).collect::<Vec<_>>().join(&or)
    };
    let role = viewer.role;
    view! {
        <section class="panel" aria-labelledby="forbidden-title">
            <h1 id="forbidden-title">{t!(i18n, common.forbidden_title)}</h1>
            <p>
                {t!(
                    i18n,
                    common.forbidden_text,
                    needed,
                    role = move || view! { <strong>{labels::role(i18n.get_locale(), role)}</strong> },
                    org = viewer.org_name
                )}
            </p>
            <p>
                <a href="/dashboard">{t!(i18n, common.back_to_dashboard)}</a>
            </p>
        </section>
    }
}
