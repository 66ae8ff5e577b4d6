//! Notifications: the bell in the header, the list of one's notifications, and opening
//! one (which marks it read and goes to the page it concerns).

pub mod api;

use crate::components::feedback::{ErrorMessage, Loaded, Loading};
use crate::components::form::server_action_success;
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::PageTitle;
use crate::domain::notification::{badge, Notification, Notifications};
use crate::locale::format;
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use api::*;
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_location, use_params_map};
use leptos_router::NavigateOptions;

/// Tells the bell to count again (after notifications were marked read on a page).
#[derive(Clone, Copy)]
pub struct BellRefresh(RwSignal<usize>);

impl BellRefresh {
    /// Provided above the header and the pages, so a page can reach the header's bell.
    pub fn provide() {
        provide_context(BellRefresh(RwSignal::new(0)));
    }

    fn ring() {
        if let Some(BellRefresh(count)) = use_context::<BellRefresh>() {
            count.update(|count| *count += 1);
        }
    }
}

/// The unread count for the header's bell, asked again on every page opened and whenever
/// a page rings the bell. Asked by the browser only, once the page is live: a count that
/// the server rendered could change before the page hydrates, and a resource created in
/// the header would shift the ids by which the page's own resources are hydrated.
pub fn unread_count() -> ReadSignal<u32> {
    let count = RwSignal::new(0);
    let location = use_location();
    let refresh = use_context::<BellRefresh>().map(|BellRefresh(rings)| rings);
    // Reading the path (not only tracking it) keeps its memo computed, so each new page
    // re-runs the effect.
    Effect::new(move |_| {
        location.pathname.with(|_| ());
        if let Some(rings) = refresh {
            rings.track();
        }
        leptos::task::spawn_local(async move {
            // A bell that cannot be read stays as it was rather than get in the way.
            if let Ok(unread) = unread_notifications().await {
                let _ = count.try_set(unread);
            }
        });
    });
    count.read_only()
}

/// The header's bell with the unread count.
#[component]
pub fn NotificationBell(unread: ReadSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || {
        let count = unread.get();
        if count == 0 {
            t_string!(i18n, common.notifications).to_owned()
        } else {
            t_string!(i18n, common.notifications_unread, count = count).to_string()
        }
    };
    view! {
        <A href="/notifications" attr:class="bell" attr:title=label attr:data-unread=move || unread.get().to_string()>
            <svg class="bell-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
            </svg>
            <span class="visually-hidden">{label}</span>
            {move || badge(unread.get()).map(|count| view! { <span class="bell-count" aria-hidden="true">{count}</span> })}
        </A>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, common.notifications).to_owned() />
        <Gate page=|_| view! { <NotificationList /> } />
    }
}

#[component]
fn NotificationList() -> impl IntoView {
    let read_all = ServerAction::<ReadAllNotifications>::new();
    let read = server_action_success(read_all);
    Effect::watch(move || read.get(), |_, _, _| BellRefresh::ring(), false);
    let list = once_per_page(|| Resource::new(move || read.get(), |_| get_notifications()));
    let i18n = use_i18n();
    view! {
        <div class="page-head">
            <h1>{t!(i18n, common.notifications)}</h1>
        </div>
        <p class="lead">{t!(i18n, common.notifications_lead)}</p>
        <Loaded
            resource=list
            view=move |notifications: Notifications| {
                let locale = i18n.get_locale();
                if notifications.items.is_empty() {
                    return view! { <p class="empty">{td_string!(locale, common.notifications_none)}</p> }.into_any();
                }
                view! {
                    {(notifications.unread > 0).then(|| view! {
                        <ActionForm action=read_all attr:class="inline-form">
                            <button type="submit" class="button button-quiet" disabled=move || read_all.pending().get()>
                                {td_string!(locale, common.notifications_read_all)}
                            </button>
                        </ActionForm>
                    })}
                    <ul class="notifications" role="list">
                        {notifications.items.into_iter().map(|item| view! { <Item item /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }
        />
    }
}

#[component]
fn Item(item: Notification) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let state = if item.read { "read" } else { "unread" };
    view! {
        <li class=format!("panel notification notification-{state}") data-read=item.read.to_string()>
            {(!item.read).then(|| view! { <span class="badge badge-ok">{td_string!(locale, common.notification_new)}</span> })}
            <a href=format!("/notifications/{}", item.id)>{item.subject}</a>
            <time class="muted" datetime=item.created_at.to_rfc3339()>{format::date_time(locale, item.created_at)}</time>
        </li>
    }
}

/// Opening a notification marks it read and goes on to its page (also without script:
/// the server answers with the redirect).
#[component]
pub fn OpenNotificationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let i18n = use_i18n();
    view! {
        <PageTitle text=|locale| td_string!(locale, common.notifications).to_owned() />
        <Gate page=move |_| {
            let opened = once_per_page(|| Resource::new(id, open_notification));
            view! {
                <Transition fallback=Loading>
                    {move || opened.get().map(|result| match result {
                        // Replacing this page in the history: Back returns to the list.
                        Ok(link) => view! { <Redirect path=link options=NavigateOptions { replace: true, ..Default::default() } /> }.into_any(),
                        Err(error) => {
                            crate::set_page_status(error.status());
                            view! {
                                <ErrorMessage error />
                                <p><a href="/notifications">{t!(i18n, common.notifications_back)}</a></p>
                            }
                                .into_any()
                        }
                    })}
                </Transition>
            }
        } />
    }
}
