//! The operator's audit log: every change in the program, who made it, before and after.

pub mod api;

use crate::components::feedback::Loaded;
use crate::components::gate::{once_per_page, Gate};
use crate::components::layout::PageTitle;
use crate::components::layout::TableHead;
use crate::domain::audit::{changes, humanise, is_only_ids, AuditEntry};
use crate::domain::{access::Action, claim::ClaimStatus, roles::Role, voucher_status::VoucherStatus};
use crate::locale::i18n::{t, td_string, use_i18n};
use crate::locale::{format, labels, Locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    view! {
        <PageTitle text=|locale| td_string!(locale, audit.title).to_owned() />
        <Gate action=Action::ReadAuditLog page=|_| view! { <AuditLog /> } />
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let entries = once_per_page(|| Resource::new(after, api::list_audit_log));
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
                let columns = audit_columns(locale);
                let newest = (!after().is_empty()).then_some("/audit");
                let older = audit.next.map(|next| format!("/audit?after={next}"));
                view! {
                    <div class="panel">
                        <table tabindex="0" class="table audit stack">
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
    let [when, who_label, what_label, record_label, change_label] = audit_columns(locale);
    let who = match (entry.actor_name, entry.actor_org_name) {
        (Some(name), Some(org)) => format!("{name} ({org})"),
        (Some(name), None) => name,
        _ => td_string!(locale, audit.system).to_owned(),
    };
    let kind = labels::audit_entity(locale, &entry.entity).map_or_else(|| humanise(&entry.entity), str::to_owned);
    let what = labels::audit_action(locale, &entry.action).map_or_else(|| humanise(&entry.action), str::to_owned);
    // A record the log cannot name is shown by the start of its id (the whole id on hover).
    let record = entry.record.clone().unwrap_or_else(|| {
        let short: String = entry.entity_id.chars().take(8).collect();
        td_string!(locale, audit.record_id, id = short).to_string()
    });
    let facts = changes(entry.before.as_deref(), entry.after.as_deref())
        .into_iter()
        .filter(|change| ![&change.before, &change.after].into_iter().flatten().all(|value| is_only_ids(value)))
        .map(|change| {
            let name = if change.field.is_empty() {
                td_string!(locale, audit.change).to_owned()
            } else {
                labels::audit_field(locale, &change.field).map_or_else(|| humanise(&change.field), str::to_owned)
            };
            let read = |value: String| fact_value(locale, &entry.entity, &change.field, value);
            let value = match (change.before.map(read), change.after.map(read)) {
                (Some(before), Some(after)) => format!("{before} → {after}"),
                (None, Some(after)) => after,
                (Some(before), None) => format!("{} {before}", td_string!(locale, audit.before)),
                (None, None) => String::new(),
            };
            view! { <dt>{name}</dt> <dd>{value}</dd> }
        })
        .collect_view();
    view! {
        <tr>
            <td data-label=when><time datetime=entry.at.to_rfc3339()>{format::date_time(locale, entry.at)}</time></td>
            <td data-label=who_label>{who}</td>
            <td data-label=what_label><strong>{kind}</strong> " · " {what}</td>
            <td data-label=record_label title=entry.entity_id.clone()>{record}</td>
            <td data-label=change_label class="audit-change"><dl class="audit-facts">{facts}</dl></td>
        </tr>
    }
}

/// The log's column names, in the header and beside each value on a phone.
fn audit_columns(locale: Locale) -> [&'static str; 5] {
    [
        td_string!(locale, audit.when),
        td_string!(locale, audit.who),
        td_string!(locale, audit.what),
        td_string!(locale, audit.record),
        td_string!(locale, audit.change),
    ]
}

/// A fact's value in the reader's words where the portal has them (statuses, roles, yes
/// and no); as recorded otherwise, and "(none)" for an empty one.
fn fact_value(locale: Locale, entity: &str, field: &str, value: String) -> String {
    let named = match (entity, field) {
        ("voucher" | "engagement", "status") => {
            value.parse::<VoucherStatus>().ok().map(|status| labels::voucher_status(locale, status))
        }
        ("claim", "status") => value.parse::<ClaimStatus>().ok().map(|status| labels::claim_status(locale, status)),
        (_, "role" | "from_role") => value.parse::<Role>().ok().map(|role| labels::role(locale, role)),
        _ if value.len() > 20 && chrono::DateTime::parse_from_rfc3339(&value).is_ok() => {
            let at = chrono::DateTime::parse_from_rfc3339(&value).map(|at| at.with_timezone(&chrono::Utc));
            return at.map_or(value, |at| format::date_time(locale, at));
        }
        _ => match value.as_str() {
            "true" => Some(td_string!(locale, audit.yes)),
            "false" => Some(td_string!(locale, audit.no)),
            "" => Some(td_string!(locale, audit.none)),
            _ => None,
        },
    };
    named.map_or(value, str::to_owned)
}
