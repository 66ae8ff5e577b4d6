//! The operator's audit log: every change in the program, who made it, before and after.

pub mod api;

use crate::components::feedback::Loaded;
use crate::components::gate::Gate;
use crate::components::layout::TableHead;
use crate::domain::{access::Action, audit::AuditEntry};
use crate::locale::format;
use crate::locale::i18n::{t, t_string, td_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, audit.title) />
        <Gate action=Action::ReadAuditLog page=|_| view! { <AuditLog /> } />
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let entries = Resource::new(after, api::list_audit_log);
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, audit.title)}</h1>
        <p class="lead">{t!(i18n, audit.lead)}</p>
        <Loaded
            resource=entries
            view=move |audit: api::AuditPage| {
                let locale = i18n.get_locale();
                if audit.entries.is_empty() {
                    return view! { <p>{td_string!(locale, audit.empty)}</p> }.into_any();
                }
                let columns = [
                    td_string!(locale, audit.when),
                    td_string!(locale, audit.who),
                    td_string!(locale, audit.what),
                    td_string!(locale, audit.record),
                    td_string!(locale, audit.change),
                ];
                let newest = (!after().is_empty()).then_some("/audit");
                let older = audit.next.map(|next| format!("/audit?after={next}"));
                view! {
                    <div class="panel">
                        <table tabindex="0" class="table audit">
                            <TableHead columns />
                            <tbody>{audit.entries.into_iter().map(|entry| view! { <AuditRow entry /> }).collect_view()}</tbody>
                        </table>
                        <nav class="pager" aria-label=td_string!(locale, audit.pages_label)>
                            {newest.map(|href| view! { <a href=href rel="first">{td_string!(locale, audit.newest)}</a> })}
                            {older.map(|href| view! { <a href=href rel="next">{td_string!(locale, audit.older)}</a> })}
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
    let locale = use_i18n().get_locale_untracked();
    let who = match (entry.actor_name, entry.actor_org_name) {
        (Some(name), Some(org)) => format!("{name} ({org})"),
        (Some(name), None) => name,
        _ => td_string!(locale, audit.system).to_owned(),
    };
    view! {
        <tr>
            <td><time datetime=entry.at.to_rfc3339()>{format::date_time(locale, entry.at)}</time></td>
            <td>{who}</td>
            <td>{entry.entity} " " {entry.action}</td>
            <td><code>{entry.entity_id}</code></td>
            <td class="audit-change">
                {entry.before.map(|before| view! { <div><span class="muted">{td_string!(locale, audit.before)} " "</span><code>{before}</code></div> })}
                {entry.after.map(|after| view! { <div><span class="muted">{td_string!(locale, audit.after)} " "</span><code>{after}</code></div> })}
            </td>
        </tr>
    }
}
