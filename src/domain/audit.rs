//! Audit log entries: who did what to which record, and what it looked like before and after.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// The person who acted, or `None` for the system (scheduled jobs, seeding).
    pub actor_name: Option<String>,
    pub actor_org_name: Option<String>,
    pub entity: String,
    pub entity_id: String,
    /// What people call the record (a voucher's code, a claim's reference, a person's
    /// name), when the log can tell.
    pub record: Option<String>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One fact of a record as a change left it: its value before and after (either absent
/// when the change created or only reported it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The facts an entry's before and after (JSON objects) record, each once: the after's in
/// the order of their names, then any only the before had; a fact both sides hold alike is
/// left out when the other facts changed. Text that is not a JSON object is shown whole.
pub fn changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let read = |side: Option<&str>| -> Vec<(String, String)> {
        match side.map(serde_json::from_str::<serde_json::Value>) {
            None => Vec::new(),
            Some(Ok(serde_json::Value::Object(object))) => {
                object.into_iter().map(|(field, value)| (field, plain(&value))).collect()
            }
            Some(Ok(other)) => vec![(String::new(), plain(&other))],
            Some(Err(_)) => vec![(String::new(), side.unwrap_or_default().to_owned())],
        }
    };
    let (before, after) = (read(before), read(after));
    let value = |side: &[(String, String)], field: &str| {
        side.iter().find(|(name, _)| name == field).map(|(_, value)| value.clone())
    };
    let mut changes: Vec<FieldChange> = after
        .iter()
        .map(|(field, now)| FieldChange {
            field: field.clone(),
            before: value(&before, field),
            after: Some(now.clone()),
        })
        .chain(before.iter().filter(|(field, _)| value(&after, field).is_none()).map(|(field, was)| FieldChange {
            field: field.clone(),
            before: Some(was.clone()),
            after: None,
        }))
        .collect();
    if changes.iter().any(|change| change.before.is_some() && change.before != change.after) {
        changes.retain(|change| change.before != change.after);
    }
    changes
}

/// A JSON value as people read it: text without quotes, lists joined by commas.
fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(fields) => fields
            .iter()
            .map(|(field, value)| format!("{}: {}", humanise(field), plain(value)))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// Whether a fact's value is nothing but record ids (a list of them included).
pub fn is_only_ids(value: &str) -> bool {
    !value.is_empty() && value.split(", ").all(|part| uuid::Uuid::parse_str(part).is_ok())
}

/// A name the log keeps in code (`project_manager`) as words (`Project manager`).
pub fn humanise(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut letters = words.chars();
    match letters.next() {
        Some(first) => first.to_uppercase().chain(letters).collect(),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
        FieldChange { field: field.into(), before: before.map(Into::into), after: after.map(Into::into) }
    }

    #[test]
    fn a_change_shows_what_moved_and_leaves_out_what_stayed() {
        let before = r#"{"status":"assigned","days":3}"#;
        let after = r#"{"status":"reserved","days":3,"starts_on":"2027-01-04"}"#;
        assert_eq!(
            changes(Some(before), Some(after)),
            [change("starts_on", None, Some("2027-01-04")), change("status", Some("assigned"), Some("reserved"))]
        );
    }

    #[test]
    fn a_record_created_or_removed_shows_all_its_facts_readably() {
        let after = r#"{"consultants":["Carlos","Diana"],"days":3,"note":null}"#;
        assert_eq!(
            changes(None, Some(after)),
            [
                change("consultants", None, Some("Carlos, Diana")),
                change("days", None, Some("3")),
                change("note", None, Some(""))
            ]
        );
        assert_eq!(changes(Some(r#"{"name":"Madrid"}"#), None), [change("name", Some("Madrid"), None)]);
        assert_eq!(changes(None, None), []);
    }

    #[test]
    fn nested_records_read_as_words_not_json() {
        let after = r#"{"competencies":[{"competency":"Data","min_level":"gold"}]}"#;
        assert_eq!(
            changes(None, Some(after)),
            [change("competencies", None, Some("Competency: Data; Min level: gold"))]
        );
    }

    /// Ids say nothing to a reader: the record is already named beside its facts.
    #[test]
    fn facts_that_are_only_ids_are_recognised() {
        assert!(is_only_ids("5eedc000-0000-0000-0000-000300000003"));
        assert!(is_only_ids("5eedc000-0000-0000-0000-000300000003, 677ac3cd-56c2-432e-9e51-0d8bb86adf27"));
        assert!(!is_only_ids("Madrid"));
        assert!(!is_only_ids(""));
    }

    #[test]
    fn text_that_is_no_object_is_shown_whole() {
        assert_eq!(changes(None, Some("not json")), [change("", None, Some("not json"))]);
        assert_eq!(changes(None, Some("42")), [change("", None, Some("42"))]);
    }

    #[test]
    fn names_in_code_read_as_words() {
        assert_eq!(humanise("project_manager"), "Project manager");
        assert_eq!(humanise(""), "");
    }
}
