//! A voucher's history as a timeline, read from the audit log.

use crate::domain::audit::AuditEntry;
use leptos::prelude::*;

#[component]
pub fn Timeline(entries: Vec<AuditEntry>) -> impl IntoView {
    view! { <ol class="timeline">{entries.into_iter().map(|entry| view! { <TimelineEntry entry /> }).collect_view()}</ol> }
}

#[component]
fn TimelineEntry(entry: AuditEntry) -> impl IntoView {
    let who = match (entry.actor_name, entry.actor_org_name) {
        (Some(name), Some(org)) => format!("{name} ({org})"),
        (Some(name), None) => name,
        _ => "The portal".to_owned(),
    };
    let what = match entry.action.as_str() {
        "assigned" => "created the voucher and assigned it",
        "cancelled" => "cancelled the voucher",
        "expired" => "expired the voucher after 180 days",
        "reserved" => "reserved the voucher for an engagement",
        "reservation_released" => "gave up the reservation; the voucher is available again",
        "delivered" => "submitted the completion report: the engagement is delivered",
        "redeemed" => "redeemed the voucher",
        "claimed" => "claimed payment for the voucher",
        "claim_rejected" => "rejected the payment claim; the voucher can be claimed again",
        "claim_withdrawn" => "withdrew the payment claim",
        "removed_from_claim" => "took the voucher out of a returned payment claim; it can be claimed again",
        "paid" => "paid the partner for the voucher",
        "dates_changed" => "moved the engagement's dates",
        other => other,
    }
    .to_owned();
    let days_returned = entry
        .after
        .as_deref()
        .and_then(|after| serde_json::from_str::<serde_json::Value>(after).ok())
        .and_then(|after| after.get("days_returned").and_then(|days| days.as_u64()))
        .map(|days| format!(" ({days} days back to the pool)"));
    view! {
        <li>
            <time>{entry.at.format("%Y-%m-%d %H:%M UTC").to_string()}</time>
            " " <strong>{who}</strong> " " {what} {days_returned}
        </li>
    }
}
