//! The names of shared domain values (roles, kinds of organisation, the portal's
//! sections) in each language. The domain keeps its English `label()` for logs, CSV
//! exports and the audit trail; people read these.

use super::i18n::td_string;
use super::Locale;
use crate::domain::roles::{OrgKind, Role};

pub fn role(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::GlobalAdmin => td_string!(locale, common.roles.global_admin),
        Role::MpnAdmin => td_string!(locale, common.roles.mpn_admin),
        Role::Consultant => td_string!(locale, common.roles.consultant),
        Role::BenefitAdmin => td_string!(locale, common.roles.benefit_admin),
        Role::ProjectManager => td_string!(locale, common.roles.project_manager),
        Role::Operator => td_string!(locale, common.roles.operator),
    }
}

pub fn org_kind(locale: Locale, kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Partner => td_string!(locale, common.org_kinds.partner),
        OrgKind::Customer => td_string!(locale, common.org_kinds.customer),
        OrgKind::Program => td_string!(locale, common.org_kinds.program),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_name_in_each_language() {
        for value in Role::ALL {
            assert_eq!(role(Locale::en, value), value.label(), "English names are the domain's own");
            assert!(!role(Locale::es, value).is_empty());
            assert_ne!(role(Locale::es, value), value.label(), "{value} is translated");
        }
    }

    #[test]
    fn kinds_of_organisation_are_named_in_each_language() {
        for kind in [OrgKind::Partner, OrgKind::Customer, OrgKind::Program] {
            assert_eq!(org_kind(Locale::en, kind), kind.label());
            assert!(!org_kind(Locale::es, kind).is_empty());
        }
    }
}
