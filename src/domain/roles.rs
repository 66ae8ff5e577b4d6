//! Organisation kinds and the roles people hold in them.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// The three kinds of organisation sharing the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Partner,
    Customer,
    Program,
}

impl OrgKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Partner => "partner",
            Self::Customer => "customer",
            Self::Program => "program",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::Partner => "Partner",
            Self::Customer => "Customer",
            Self::Program => "Program operator",
        }
    }

    /// The role of the person who creates the organisation by signing up.
    /// The program organisation is seeded, never signed up.
    pub const fn founding_role(self) -> Role {
        match self {
            Self::Partner => Role::GlobalAdmin,
            Self::Customer => Role::BenefitAdmin,
            Self::Program => Role::Operator,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleError {
    Unknown,
    WrongOrgKind { role: &'static str, kind: &'static str },
    NotSignUpKind,
}

impl FromStr for OrgKind {
    type Err = RoleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "partner" => Ok(Self::Partner),
            "customer" => Ok(Self::Customer),
            "program" => Ok(Self::Program),
            _ => Err(RoleError::NotSignUpKind),
        }
    }
}

impl OrgKind {
    /// Only partners and customers may sign themselves up.
    pub fn parse_sign_up(input: &str) -> Result<Self, RoleError> {
        match input.parse::<Self>() {
            Ok(kind @ (Self::Partner | Self::Customer)) => Ok(kind),
            _ => Err(RoleError::NotSignUpKind),
        }
    }
}

/// A person's role. The names are the program's own and are used verbatim in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    GlobalAdmin,
    MpnAdmin,
    Consultant,
    /// A partner's finance person: payment registration, bank accounts and claims,
    /// without being global admin.
    IncentivesAdmin,
    BenefitAdmin,
    ProjectManager,
    Operator,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Self::GlobalAdmin,
        Self::MpnAdmin,
        Self::Consultant,
        Self::IncentivesAdmin,
        Self::BenefitAdmin,
        Self::ProjectManager,
        Self::Operator,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::GlobalAdmin => "global_admin",
            Self::MpnAdmin => "mpn_admin",
            Self::Consultant => "consultant",
            Self::IncentivesAdmin => "incentives_admin",
            Self::BenefitAdmin => "benefit_admin",
            Self::ProjectManager => "project_manager",
            Self::Operator => "operator",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::GlobalAdmin => "Global admin",
            Self::MpnAdmin => "MPN admin",
            Self::Consultant => "Consultant",
            Self::IncentivesAdmin => "Incentives admin",
            Self::BenefitAdmin => "Benefit admin",
            Self::ProjectManager => "Project manager",
            Self::Operator => "Program operator",
        }
    }

    pub const fn org_kind(self) -> OrgKind {
        match self {
            Self::GlobalAdmin | Self::MpnAdmin | Self::Consultant | Self::IncentivesAdmin => OrgKind::Partner,
            Self::BenefitAdmin | Self::ProjectManager => OrgKind::Customer,
            Self::Operator => OrgKind::Program,
        }
    }

    /// The roles a user manager may hand out: every role of their own kind of organisation.
    pub fn invitable(self) -> Vec<Role> {
        if !super::access::Action::ManagePeople.allows(self) {
            return Vec::new();
        }
        Self::ALL.into_iter().filter(|role| role.org_kind() == self.org_kind()).collect()
    }

    /// The role someone keeps after handing theirs to a colleague: the next one down in
    /// their organisation (the program's only role cannot be handed over, it is shared).
    pub const fn after_hand_over(self) -> Option<Role> {
        match self {
            Self::GlobalAdmin => Some(Self::MpnAdmin),
            Self::BenefitAdmin => Some(Self::ProjectManager),
            Self::MpnAdmin | Self::Consultant | Self::IncentivesAdmin | Self::ProjectManager | Self::Operator => None,
        }
    }

    /// Parses a role that must belong to an organisation of `kind`.
    pub fn parse_for(input: &str, kind: OrgKind) -> Result<Role, RoleError> {
        let role: Role = input.parse()?;
        if role.org_kind() != kind {
            return Err(RoleError::WrongOrgKind { role: role.label(), kind: kind.label() });
        }
        Ok(role)
    }
}

impl FromStr for Role {
    type Err = RoleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|role| role.as_str() == s.trim()).ok_or(RoleError::Unknown)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn user_managers_invite_only_roles_of_their_own_kind() {
        assert_eq!(
            Role::GlobalAdmin.invitable(),
            vec![Role::GlobalAdmin, Role::MpnAdmin, Role::Consultant, Role::IncentivesAdmin]
        );
        assert_eq!(Role::BenefitAdmin.invitable(), vec![Role::BenefitAdmin, Role::ProjectManager]);
        assert!(Role::MpnAdmin.invitable().is_empty());
        assert!(Role::ProjectManager.invitable().is_empty());
    }

    #[test]
    fn handing_over_keeps_the_next_role_down_in_the_same_kind_of_organisation() {
        for role in Role::ALL {
            if let Some(kept) = role.after_hand_over() {
                assert_eq!(kept.org_kind(), role.org_kind(), "{role}");
                assert!(role.invitable().contains(&kept), "{role} could have handed out {kept}");
            }
        }
        assert_eq!(Role::GlobalAdmin.after_hand_over(), Some(Role::MpnAdmin));
        assert_eq!(Role::Operator.after_hand_over(), None);
    }

    #[test]
    fn a_role_of_another_org_kind_is_refused() {
        assert!(matches!(Role::parse_for("consultant", OrgKind::Customer), Err(RoleError::WrongOrgKind { .. })));
        assert_eq!(Role::parse_for("project_manager", OrgKind::Customer), Ok(Role::ProjectManager));
        assert_eq!(Role::parse_for("root", OrgKind::Customer), Err(RoleError::Unknown));
    }

    #[test]
    fn the_program_cannot_be_signed_up() {
        assert_eq!(OrgKind::parse_sign_up("program"), Err(RoleError::NotSignUpKind));
        assert_eq!(OrgKind::parse_sign_up("partner"), Ok(OrgKind::Partner));
    }
}
