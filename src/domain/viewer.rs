//! Who is looking at the page: the signed-in person, their organisation and role.

use super::access::Action;
use super::ids::{OrgId, UserId};
use super::roles::{OrgKind, Role};
use super::second_factor::FactorState;
use crate::locale::Locale;
use serde::{Deserialize, Serialize};

/// The signed-in user as both sides see it. The server builds it fresh from the
/// database on every request, so a role change or a disabled account takes effect at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub org_id: OrgId,
    pub org_name: String,
    pub org_kind: OrgKind,
    /// The language they chose, if they ever did (otherwise the browser's is used).
    pub language: Option<Locale>,
    pub second_factor: FactorState,
}

impl Viewer {
    /// Whether the access policy lets this viewer take `action`.
    pub fn may(&self, action: Action) -> bool {
        action.allows(self.role)
    }
}
