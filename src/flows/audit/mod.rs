//! The operator's audit log: every change in the program, who made it, before and after.

pub mod api;

use crate::components::feedback::Loaded;
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{audit::AuditEntry, roles::Role};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    view! {
        <Title text="Audit log" />
        <Gate roles=&[Role::Operator] page=|_| view! { <AuditLog /> } />
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let entries = Resource::new(after, api::list_audit_log);
    view! {
        <h1>"Audit log"</h1>
        <p class="lead">"Every change in the program, newest first. Nothing is ever deleted."</p>
        <Loaded
            resource=entries
            view=move |audit: api::AuditPage| {
                if audit.entries.is_empty() {
                    return view! { <p>"No entries on this page."</p> }.into_any();
                }
                let newest = (!after().is_empty()).then_some("/audit");
                let older = audit.next.map(|next| format!("/audit?after={next}"));
                view! {
                    <div class="panel">
                        <table tabindex="0" class="table audit">
                            <TableHead columns=&["When (UTC)", "Who", "What", "Record", "Change"] />
                            <tbody>{audit.entries.into_iter().map(|entry| view! { <AuditRow entry /> }).collect_view()}</tbody>
                        </table>
                        <nav class="pager" aria-label="Audit log pages">
                            {newest.map(|href| view! { <a href=href rel="first">"← Newest"</a> })}
                            {older.map(|href| view! { <a href=href rel="next">"Older →"</a> })}
                        </nav>
                    </div>
                }
                    .into_any()
            }
        />
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let who = match (entry.actor_name, entry.actor_org_name) {
        (Some(name), Some(org)) => format!("{name} ({org})"),
        (Some(name), None) => name,
        _ => "System".to_owned(),
    };
    view! {
        <tr>
            <td>{entry.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
            <td>{who}</td>
            <td>{entry.entity} " " {entry.action}</td>
            <td><code>{entry.entity_id}</code></td>
            <td class="audit-change">
                {entry.before.map(|before| view! { <div><span class="muted">"before "</span><code>{before}</code></div> })}
                {entry.after.map(|after| view! { <div><span class="muted">"after "</span><code>{after}</code></div> })}
            </td>
        </tr>
    }
}
