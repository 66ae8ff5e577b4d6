//! The portal's sections: who may open each one, and what it is for. The header, the
//! dashboards and the section pages all read this one list.

use crate::domain::{access::Action, roles::Role};
use crate::locale::{i18n::td_string, Locale};

pub struct Section {
    pub path: &'static str,
    /// Its name in the reader's language.
    pub label: fn(Locale) -> &'static str,
    /// Which program step it serves, if any.
    pub step: Option<u8>,
    /// What opening it means, so the access policy says who sees it.
    pub action: Action,
    /// What it is for the reader's role, in the reader's language.
    pub summary: fn(Locale, Role) -> &'static str,
}

pub const SECTIONS: &[Section] = &[
    Section {
        path: "onboarding",
        label: |locale| td_string!(locale, common.sections.onboarding),
        step: Some(1),
        action: Action::ManageEnrollment,
        summary: |locale, _| td_string!(locale, common.sections.onboarding_summary),
    },
    Section {
        path: "exams",
        label: |locale| td_string!(locale, common.sections.exams),
        step: Some(1),
        action: Action::RecordExams,
        summary: |locale, _| td_string!(locale, common.sections.exams_summary),
    },
    Section {
        path: "reserve",
        label: |locale| td_string!(locale, common.sections.reserve),
        step: Some(5),
        action: Action::ReserveVouchers,
        summary: |locale, _| td_string!(locale, common.sections.reserve_summary),
    },
    Section {
        path: "engagements",
        label: |locale| td_string!(locale, common.sections.engagements),
        step: Some(6),
        action: Action::ReadEngagements,
        summary: |locale, _| td_string!(locale, common.sections.engagements_summary),
    },
    Section {
        path: "claims",
        label: |locale| td_string!(locale, common.sections.claims),
        step: Some(8),
        action: Action::ReadClaims,
        summary: |locale, _| td_string!(locale, common.sections.claims_summary),
    },
    Section {
        path: "agreements",
        label: |locale| td_string!(locale, common.sections.agreements),
        step: Some(4),
        action: Action::ManageAgreements,
        summary: |locale, _| td_string!(locale, common.sections.agreements_summary),
    },
    Section {
        path: "vouchers",
        label: |locale| td_string!(locale, common.sections.vouchers),
        step: Some(4),
        action: Action::ReadVouchers,
        summary: |locale, role| {
            if Action::CreateVouchers.allows(role) {
                td_string!(locale, common.sections.vouchers_summary)
            } else {
                td_string!(locale, common.sections.vouchers_summary_assigned)
            }
        },
    },
    Section {
        path: "partners",
        label: |locale| td_string!(locale, common.sections.partners),
        step: None,
        action: Action::FindPartners,
        summary: |locale, _| td_string!(locale, common.sections.partners_summary),
    },
    Section {
        path: "catalogue",
        label: |locale| td_string!(locale, common.sections.catalogue),
        step: None,
        action: Action::ManageCatalogue,
        summary: |locale, _| td_string!(locale, common.sections.catalogue_summary),
    },
    Section {
        path: "review",
        label: |locale| td_string!(locale, common.sections.review),
        step: Some(8),
        action: Action::ReviewClaims,
        summary: |locale, _| td_string!(locale, common.sections.review_summary),
    },
    Section {
        path: "audit",
        label: |locale| td_string!(locale, common.sections.audit),
        step: None,
        action: Action::ReadAuditLog,
        summary: |locale, _| td_string!(locale, common.sections.audit_summary),
    },
    Section {
        path: "people",
        label: |locale| td_string!(locale, common.sections.people),
        step: None,
        action: Action::ManagePeople,
        summary: |locale, _| td_string!(locale, common.sections.people_summary),
    },
    Section {
        path: "outbox",
        label: |locale| td_string!(locale, common.sections.outbox),
        step: None,
        action: Action::ReadOutbox,
        summary: |locale, _| td_string!(locale, common.sections.outbox_summary),
    },
];

/// The sections `role` may open, in menu order.
pub fn sections_for(role: Role) -> impl Iterator<Item = &'static Section> {
    SECTIONS.iter().filter(move |section| section.action.allows(role))
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
            assert_eq!(
                sections_for(role).any(|section| section.path == "people"),
                Action::ManagePeople.allows(role),
                "{role}"
            );
        }
    }

    #[test]
    fn every_section_is_named_and_explained_in_each_language() {
        for section in SECTIONS {
            for locale in [Locale::en, Locale::es] {
                assert!(!(section.label)(locale).is_empty(), "{}", section.path);
            }
            for role in Role::ALL.into_iter().filter(|role| section.action.allows(*role)) {
                for locale in [Locale::en, Locale::es] {
                    assert!((section.summary)(locale, role).len() > (section.label)(locale).len(), "{}", section.path);
                }
                let (english, spanish) = ((section.summary)(Locale::en, role), (section.summary)(Locale::es, role));
                assert_ne!(english, spanish, "{} is translated", section.path);
            }
        }
        let vouchers = SECTIONS.iter().find(|section| section.path == "vouchers").unwrap();
        assert_ne!(
            (vouchers.summary)(Locale::en, Role::BenefitAdmin),
            (vouchers.summary)(Locale::en, Role::ProjectManager),
            "a project manager is not told to create vouchers"
        );
    }

    #[test]
    fn paths_are_unique() {
        let mut paths: Vec<_> = SECTIONS.iter().map(|section| section.path).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), SECTIONS.len());
    }
}
