//! The portal's sections: who may open each one, and what it is for. The header, the
//! dashboards and the section pages all read this one list.

use crate::domain::roles::Role;

pub struct Section {
    pub path: &'static str,
    pub label: &'static str,
    /// Which program step it serves, if any.
    pub step: Option<u8>,
    pub roles: &'static [Role],
    pub summary: &'static str,
}

const PARTNER_ADMINS: &[Role] = &[Role::GlobalAdmin, Role::MpnAdmin];
const PARTNERS: &[Role] = &[Role::GlobalAdmin, Role::MpnAdmin, Role::Consultant];
const CUSTOMERS: &[Role] = &[Role::BenefitAdmin, Role::ProjectManager];

pub const SECTIONS: &[Section] = &[
    Section {
        path: "onboarding",
        label: "Onboarding",
        step: Some(1),
        roles: PARTNER_ADMINS,
        summary: "Check eligibility, sign the program agreement and enroll in offerings; renew every year.",
    },
    Section {
        path: "exams",
        label: "Exams",
        step: Some(1),
        roles: PARTNERS,
        summary: "Consultants' passed exams and assessments, which qualify them for engagements.",
    },
    Section {
        path: "reserve",
        label: "Validate & reserve",
        step: Some(5),
        roles: PARTNER_ADMINS,
        summary: "Check a customer's voucher code and reserve it for an engagement.",
    },
    Section {
        path: "engagements",
        label: "Engagements",
        step: Some(6),
        roles: PARTNERS,
        summary: "Your reserved engagements: dates, consultants and the voucher's deadline.",
    },
    Section {
        path: "claims",
        label: "Payment claims",
        step: Some(8),
        roles: PARTNER_ADMINS,
        summary: "Claim payment for redeemed vouchers and follow it to the bank.",
    },
    Section {
        path: "agreements",
        label: "Agreements & days",
        step: Some(4),
        roles: &[Role::BenefitAdmin],
        summary: "Register licensing agreements, activate the benefit, watch your pool of planning days.",
    },
    Section {
        path: "vouchers",
        label: "Vouchers",
        step: Some(4),
        roles: CUSTOMERS,
        summary: "Create vouchers from your planning days, assign them to project managers and follow them.",
    },
    Section {
        path: "partners",
        label: "Partner directory",
        step: None,
        roles: CUSTOMERS,
        summary: "Find an approved partner by offering, country and language.",
    },
    Section {
        path: "catalogue",
        label: "Catalogue",
        step: None,
        roles: &[Role::Operator],
        summary: "Offerings, engagement types with their lengths and competencies, and the program agreement.",
    },
    Section {
        path: "review",
        label: "Claims review",
        step: Some(8),
        roles: &[Role::Operator],
        summary: "Approve or reject partners' payment claims and record payments.",
    },
    Section {
        path: "audit",
        label: "Audit log",
        step: None,
        roles: &[Role::Operator],
        summary: "Every change in the program: who, when, what, before and after.",
    },
    Section {
        path: "people",
        label: "People",
        step: None,
        roles: &[Role::GlobalAdmin, Role::BenefitAdmin, Role::Operator],
        summary: "Invite colleagues and see who has access to your organisation.",
    },
    Section {
        path: "outbox",
        label: "Emails",
        step: None,
        roles: &[Role::GlobalAdmin, Role::BenefitAdmin, Role::Operator],
        summary: "Every email the portal wrote for your organisation, and whether it was delivered.",
    },
];

/// The sections `role` may open, in menu order.
pub fn sections_for(role: Role) -> impl Iterator<Item = &'static Section> {
    SECTIONS.iter().filter(move |section| section.roles.iter().any(|allowed| role.grants(*allowed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_somewhere_to_go() {
        for role in Role::ALL {
            assert!(sections_for(role).next().is_some(), "{role}");
        }
    }

    #[test]
    fn consultants_do_not_see_admin_sections() {
        let paths: Vec<_> = sections_for(Role::Consultant).map(|section| section.path).collect();
        assert_eq!(paths, vec!["exams", "engagements"]);
        assert!(!sections_for(Role::Consultant).any(|section| section.path == "onboarding"));
    }

    #[test]
    fn only_user_managers_see_people() {
        for role in Role::ALL {
            assert_eq!(sections_for(role).any(|section| section.path == "people"), role.manages_users(), "{role}");
        }
    }

    #[test]
    fn paths_are_unique() {
        let mut paths: Vec<_> = SECTIONS.iter().map(|section| section.path).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), SECTIONS.len());
    }
}
