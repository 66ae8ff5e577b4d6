//! The frame around every page: header with role-aware navigation, and the 404 page.

use super::nav::sections_for;
use crate::flows::auth::session::use_session;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"SA"</span>
                <span>"Planning Services"</span>
            </a>
            <Transition fallback=|| ()>
                {move || {
                    session
                        .viewer
                        .get()
                        .map(|result| match result.ok().flatten() {
                            Some(viewer) => {
                                let links = sections_for(viewer.role)
                                    .map(|section| {
                                        let href = format!("/{}", section.path);
                                        view! { <li><A href=href>{section.label}</A></li> }
                                    })
                                    .collect_view();
                                view! {
                                    <nav class="main-nav" aria-label="Main">
                                        <ul>
                                            <li><A href="/dashboard">"Dashboard"</A></li>
                                            {links}
                                        </ul>
                                    </nav>
                                    <div class="who">
                                        <span class="who-name">{viewer.name.clone()}</span>
                                        <span class="who-role">{viewer.role.label()} " · " {viewer.org_name.clone()}</span>
                                        <ActionForm action=session.sign_out attr:class="inline-form">
                                            <button type="submit" class="button button-quiet">"Sign out"</button>
                                        </ActionForm>
                                    </div>
                                }
                                    .into_any()
                            }
                            None => {
                                view! {
                                    <nav class="main-nav" aria-label="Main">
                                        <ul>
                                            <li><A href="/sign-in">"Sign in"</A></li>
                                            <li><A href="/sign-up">"Sign up"</A></li>
                                        </ul>
                                    </nav>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </header>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    crate::set_page_status(404);
    view! {
        <Title text="Page not found" />
        <section class="panel" aria-labelledby="not-found-title">
            <h1 id="not-found-title">"Page not found"</h1>
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p>
                <a href="/dashboard">"Go to your dashboard"</a>
                " or "
                <a href="/">"the home page"</a>
                "."
            </p>
        </section>
    }
}

/// The header row of a data table.
#[component]
pub fn TableHead(columns: &'static [&'static str]) -> impl IntoView {
    view! {
        <thead>
            <tr>{columns.iter().map(|column| view! { <th scope="col">{*column}</th> }).collect_view()}</tr>
        </thead>
    }
}
