//! A voucher's history as a timeline, read from the audit log.

use crate::domain::audit::AuditEntry;
use crate::domain::days::PlanningDays;
use crate::locale::i18n::{td_string, use_i18n};
use crate::locale::{format, Locale};
use leptos::prelude::*;

#[component]
pub fn Timeline(entries: Vec<AuditEntry>) -> impl IntoView {
    view! { <ol class="timeline">{entries.into_iter().map(|entry| view! { <TimelineEntry entry /> }).collect_view()}</ol> }
}

/// What an audit action did to a voucher, as a sentence's predicate.
fn what(locale: Locale, action: &str) -> Option<&'static str> {
    Some(match action {
        "assigned" => td_string!(locale, common.timeline.assigned),
        "cancelled" => td_string!(locale, common.timeline.cancelled),
        "expired" => td_string!(locale, common.timeline.expired),
        "reserved" => td_string!(locale, common.timeline.reserved),
        "reservation_released" => td_string!(locale, common.timeline.reservation_released),
        "delivered" => td_string!(locale, common.timeline.delivered),
        "redeemed" => td_string!(locale, common.timeline.redeemed),
        "claimed" => td_string!(locale, common.timeline.claimed),
        "claim_rejected" => td_string!(locale, common.timeline.claim_rejected),
        "claim_withdrawn" => td_string!(locale, common.timeline.claim_withdrawn),
        "removed_from_claim" => td_string!(locale, common.timeline.removed_from_claim),
        "paid" => td_string!(locale, common.timeline.paid),
        "dates_changed" => td_string!(locale, common.timeline.dates_changed),
        _ => return None,
    })
}

#[component]
fn TimelineEntry(entry: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let days_returned = entry
        .after
        .as_deref()
        .and_then(|after| serde_json::from_str::<serde_json::Value>(after).ok())
        .and_then(|after| after.get("days_returned").and_then(|days| days.as_u64()))
        .and_then(|days| u32::try_from(days).ok())
        .map(PlanningDays::new);
    move || {
        let locale = i18n.get_locale();
        let who = match (&entry.actor_name, &entry.actor_org_name) {
            (Some(name), Some(org)) => format!("{name} ({org})"),
            (Some(name), None) => name.clone(),
            _ => td_string!(locale, common.timeline.the_portal).to_owned(),
        };
        let what = what(locale, &entry.action).map_or_else(|| entry.action.clone(), str::to_owned);
        let days_returned = days_returned.map(|days| {
            format!(" {}", td_string!(locale, common.timeline.days_returned, days = format::days(locale, days)))
        });
        view! {
            <li>
                <time datetime=entry.at.to_rfc3339()>{format::date_time(locale, entry.at)}</time>
                " " <strong>{who}</strong> " " {what} {days_returned}
            </li>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_recorded_voucher_action_reads_in_both_languages() {
        for action in [
            "assigned",
            "cancelled",
            "expired",
            "reserved",
            "reservation_released",
            "delivered",
            "redeemed",
            "claimed",
            "claim_rejected",
            "claim_withdrawn",
            "removed_from_claim",
            "paid",
            "dates_changed",
        ] {
            let (english, spanish) = (what(Locale::en, action), what(Locale::es, action));
            assert!(english.is_some() && spanish.is_some() && english != spanish, "{action}");
        }
        assert_eq!(what(Locale::es, "something_new"), None, "an unknown action is shown as recorded");
    }
}
