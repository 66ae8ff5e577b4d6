//! The frame around every page: header with role-aware navigation and the language
//! switcher, and the 404 page.

use super::language::{follow_the_viewer_language, LanguageSwitch};
use super::nav::sections_for;
use crate::flows::auth::session::use_session;
use crate::flows::notifications::{unread_count, NotificationBell};
use crate::flows::search::HeaderSearch;
use crate::locale::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::locale::labels;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    follow_the_viewer_language();
    // On a phone the navigation, search and account fold behind one button; it folds
    // again whenever a page is opened.
    let menu_open = RwSignal::new(false);
    let unread = unread_count();
    let location = use_location();
    Effect::new(move |_| {
        // Read, not only tracked: a memo nobody reads is not computed again.
        location.pathname.with(|_| ());
        location.search.with(|_| ());
        menu_open.set(false);
    });
    let menu_button = NodeRef::<leptos::html::Button>::new();
    // Escape folds an open menu and gives the focus back to its button.
    let fold_on_escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
            if let Some(button) = menu_button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <header class="site-header" on:keydown=fold_on_escape>
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"SA"</span>
                <span>{t!(i18n, common.brand)}</span>
            </a>
            <button
                type="button"
                class="menu-button"
                node_ref=menu_button
                aria-controls="site-menu"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|open| *open = !*open)
            >
                <span class="menu-icon" aria-hidden="true"></span>
                {t!(i18n, common.menu)}
                // The bell is inside the folded menu: a dot says it has news.
                {move || (unread.get() > 0).then(|| view! { <span class="menu-dot" aria-hidden="true"></span> })}
            </button>
            <div id="site-menu" class="site-menu" class:open=move || menu_open.get()>
            <Transition fallback=|| ()>
                {move || {
                    let locale = i18n.get_locale();
                    session
                        .viewer
                        .get()
                        .map(|result| match result.ok().flatten() {
                            Some(viewer) => {
                                let links = sections_for(viewer.role)
                                    .map(|section| {
                                        let href = format!("/{}", section.path);
                                        view! { <li><A href=href>{(section.label)(locale)}</A></li> }
                                    })
                                    .collect_view();
                                view! {
                                    <nav class="main-nav" aria-label=t_string!(i18n, common.main_navigation)>
                                        <ul>
                                            <li><A href="/dashboard">{t!(i18n, common.dashboard)}</A></li>
                                            {links}
                                        </ul>
                                    </nav>
                                    <HeaderSearch />
                                    <div class="who">
                                        <NotificationBell unread />
                                        <a class="who-name" href="/account" title=move || t_string!(i18n, common.your_account)>{viewer.name.clone()}</a>
                                        <span class="who-role">{labels::role(locale, viewer.role)} " · " {viewer.org_name.clone()}</span>
                                        <ActionForm action=session.sign_out attr:class="inline-form">
                                            <button type="submit" class="button button-quiet">{t!(i18n, common.sign_out)}</button>
                                        </ActionForm>
                                        <LanguageSwitch />
                                    </div>
                                }
                                    .into_any()
                            }
                            None => {
                                view! {
                                    <nav class="main-nav" aria-label=t_string!(i18n, common.main_navigation)>
                                        <ul>
                                            <li><A href="/sign-in">{t!(i18n, common.sign_in)}</A></li>
                                            <li><A href="/sign-up">{t!(i18n, common.sign_up)}</A></li>
                                        </ul>
                                    </nav>
                                    <div class="who">
                                        <LanguageSwitch />
                                    </div>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            </div>
        </header>
    }
}

/// The page's title (`<title>`, through the app's formatter) in the reader's language.
///
/// On the server leptos_meta reads the title after the page has rendered, when the
/// language's signal may be gone already: read then, it panicked, and under load pages
/// answered 500 now and then. The title keeps the language in a signal of its own, which
/// lives as long as the title, and follows the language switch in the browser.
#[component]
pub fn PageTitle<F>(text: F) -> impl IntoView
where
    F: Fn(Locale) -> String + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let locale = ArcRwSignal::new(i18n.get_locale_untracked());
    let follows = locale.clone();
    Effect::new(move |_| follows.set(i18n.get_locale()));
    view! { <Title text=move || text(locale.get()) /> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    crate::set_page_status(404);
    let i18n = use_i18n();
    view! {
        <PageTitle text=|locale| td_string!(locale, common.not_found_title).to_owned() />
        <section class="panel" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{t!(i18n, common.not_found_title)}</h1>
            <p>{t!(i18n, common.not_found_text)}</p>
            <p>
                <a href="/dashboard">{t!(i18n, common.not_found_dashboard)}</a>
                " " {t!(i18n, common.not_found_or)} " "
                <a href="/">{t!(i18n, common.not_found_home)}</a>
                "."
            </p>
        </section>
    }
}

/// The first stop for keyboard users: straight past the header to the page's content.
#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, common.skip_to_content)}</a>
        <leptos_meta::Meta name="description" content=move || t_string!(i18n, common.site_description) />
    }
}

/// The header row of a data table (the column names in the reader's language).
#[component]
pub fn TableHead(#[prop(into)] columns: Vec<&'static str>) -> impl IntoView {
    view! {
        <thead>
            <tr>{columns.into_iter().map(|column| view! { <th scope="col">{column}</th> }).collect_view()}</tr>
        </thead>
    }
}

/// The links between the pages of a list read a page at a time: back to the first page
/// when this is not it, and on to the next when there is one.
#[component]
pub fn Pager(label: &'static str, first: Option<String>, next: Option<String>, locale: Locale) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=label>
            {first.map(|href| view! { <a href=href rel="first">{td_string!(locale, common.first_page)}</a> })}
            {next.map(|href| view! { <a href=href rel="next">{td_string!(locale, common.next_page)}</a> })}
        </nav>
    }
}
