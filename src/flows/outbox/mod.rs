//! The outbox: every email the portal wrote for an organisation, and whether it went out.
//! Admins can read a message here even when no mail server is configured.

pub mod api;

use crate::components::feedback::Loaded;
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::PageTitle;
use crate::domain::access::Action;
use crate::domain::outbox::{Delivery, OutboxMessage};
use crate::locale::format;
use crate::locale::i18n::{t, td_string, use_i18n};
use leptos::prelude::*;

#[component]
pub fn OutboxPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, outbox.title).to_owned() />
        <Gate action=Action::ReadOutbox page=|_| view! { <Outbox /> } />
    }
}

#[component]
fn Outbox() -> impl IntoView {
    let messages = once_per_page(|| Resource::new(|| (), |_| api::list_outbox()));
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, outbox.title)}</h1>
        <p class="lead">{t!(i18n, outbox.lead)}</p>
        <Loaded
            resource=messages
            view={move |messages: Vec<OutboxMessage>| {
                if messages.is_empty() {
                    return view! { <p class="empty">{t!(i18n, outbox.empty)}</p> }.into_any();
                }
                view! {
                    <ul class="outbox">
                        {messages.into_iter().map(|message| view! { <OutboxItem message /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        />
    }
}

#[component]
fn OutboxItem(message: OutboxMessage) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (tone, delivery) = match message.delivery() {
        Delivery::Sent => ("badge-ok", td_string!(locale, outbox.sent)),
        Delivery::Retrying => ("badge-warn", td_string!(locale, outbox.retrying)),
        Delivery::Waiting => ("badge-muted", td_string!(locale, outbox.waiting)),
    };
    let detail = match (&message.sent_at, &message.last_error) {
        (Some(at), _) => td_string!(locale, outbox.sent_at, at = format::date_time(locale, *at)).to_string(),
        (None, Some(error)) => {
            td_string!(locale, outbox.failed, attempts = message.attempts, error = error.clone()).to_string()
        }
        (None, None) => td_string!(locale, outbox.waiting_detail).to_owned(),
    };
    let sent_to = td_string!(
        locale,
        outbox.to,
        recipient = message.to.clone(),
        at = format::date_time(locale, message.created_at)
    )
    .to_string();
    view! {
        <li class="panel outbox-item">
            <details>
                <summary>
                    <span class=format!("badge {tone}")>{delivery}</span>
                    " " <strong>{message.subject.clone()}</strong>
                    " " <span class="muted">{sent_to}</span>
                </summary>
                <p class="muted">{detail}</p>
                {match message.body.clone() {
                    Some(body) => view! { <pre class="email-body">{body}</pre> }.into_any(),
                    None => view! { <p class="muted">{td_string!(locale, outbox.private)}</p> }.into_any(),
                }}
            </details>
        </li>
    }
}
