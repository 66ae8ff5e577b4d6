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
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}
