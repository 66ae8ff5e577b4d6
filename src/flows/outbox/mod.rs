//! The outbox: every email the portal wrote for an organisation, and whether it went out.
//! Admins can read a message here even when no mail server is configured.

pub mod api;

use crate::components::feedback::Loaded;
use crate::components::gate::Gate;
use crate::domain::{outbox::OutboxMessage, roles::Role};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OutboxPage() -> impl IntoView {
    view! {
        <Title text="Emails" />
        <Gate roles=&[Role::GlobalAdmin, Role::BenefitAdmin, Role::Operator] page=|_| view! { <Outbox /> } />
    }
}

#[component]
fn Outbox() -> impl IntoView {
    let messages = Resource::new(|| (), |_| api::list_outbox());
    view! {
        <h1>"Emails"</h1>
        <p class="lead">"The latest 200 emails the portal wrote for your organisation, newest first, and whether they were delivered."</p>
        <Loaded
            resource=messages
            view={|messages: Vec<OutboxMessage>| {
                if messages.is_empty() {
                    return view! { <p class="empty">"No emails yet."</p> }.into_any();
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
    let delivery = message.delivery();
    let tone = match delivery {
        "Sent" => "badge-ok",
        "Retrying" => "badge-warn",
        _ => "badge-muted",
    };
    let detail = match (&message.sent_at, &message.last_error) {
        (Some(at), _) => format!("sent {}", at.format("%Y-%m-%d %H:%M UTC")),
        (None, Some(error)) => format!("{} attempts, last error: {error}", message.attempts),
        (None, None) => "waiting for the mail server".to_owned(),
    };
    view! {
        <li class="panel outbox-item">
            <details>
                <summary>
                    <span class=format!("badge {tone}")>{delivery}</span>
                    " " <strong>{message.subject.clone()}</strong>
                    " " <span class="muted">"to " {message.to.clone()} " · " {message.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}</span>
                </summary>
                <p class="muted">{detail}</p>
                <pre class="email-body">{message.body.clone()}</pre>
            </details>
        </li>
    }
}
