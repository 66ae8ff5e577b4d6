//! The names of shared domain values (roles, kinds of organisation, the portal's
//! sections) in each language. The domain keeps its English `label()` for logs, CSV
//! exports and the audit trail; people read these.

use super::i18n::td_string;
use super::Locale;
use crate::domain::claim::ClaimStatus;
use crate::domain::eligibility::OfferingStatus;
use crate::domain::partner::OnboardingStep;
use crate::domain::people::InvitationState;
use crate::domain::roles::{OrgKind, Role};
use crate::domain::voucher_status::VoucherStatus;

/// A voucher's division as written, or the whole organisation when it names none.
pub fn division(locale: Locale, name: &str) -> String {
    division_or(name, td_string!(locale, common.whole_organisation))
}

/// The same, inside a sentence ("…for the whole organisation").
pub fn division_in_sentence(locale: Locale, name: &str) -> String {
    division_or(name, td_string!(locale, common.the_whole_organisation))
}

fn division_or(name: &str, whole_organisation: &str) -> String {
    if name.trim().is_empty() { whole_organisation } else { name }.to_owned()
}

pub fn role(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::GlobalAdmin => td_string!(locale, common.roles.global_admin),
        Role::MpnAdmin => td_string!(locale, common.roles.mpn_admin),
        Role::Consultant => td_string!(locale, common.roles.consultant),
        Role::BenefitAdmin => td_string!(locale, common.roles.benefit_admin),
        Role::ProjectManager => td_string!(locale, common.roles.project_manager),
        Role::IncentivesAdmin => td_string!(locale, common.roles.incentives_admin),
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

pub fn voucher_status(locale: Locale, status: VoucherStatus) -> &'static str {
    match status {
        VoucherStatus::Assigned => td_string!(locale, vouchers.statuses.assigned),
        VoucherStatus::Reserved => td_string!(locale, vouchers.statuses.reserved),
        VoucherStatus::Delivered => td_string!(locale, vouchers.statuses.delivered),
        VoucherStatus::Redeemed => td_string!(locale, vouchers.statuses.redeemed),
        VoucherStatus::Claimed => td_string!(locale, vouchers.statuses.claimed),
        VoucherStatus::Paid => td_string!(locale, vouchers.statuses.paid),
        VoucherStatus::Cancelled => td_string!(locale, vouchers.statuses.cancelled),
        VoucherStatus::Expired => td_string!(locale, vouchers.statuses.expired),
    }
}

pub fn claim_status(locale: Locale, status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Submitted => td_string!(locale, claims.statuses.submitted),
        ClaimStatus::Returned => td_string!(locale, claims.statuses.returned),
        ClaimStatus::Approved => td_string!(locale, claims.statuses.approved),
        ClaimStatus::Rejected => td_string!(locale, claims.statuses.rejected),
        ClaimStatus::Paid => td_string!(locale, claims.statuses.paid),
        ClaimStatus::Withdrawn => td_string!(locale, claims.statuses.withdrawn),
    }
}

/// A language a partner delivers in, by its ISO 639-1 code (the directory's list).
pub fn language(locale: Locale, code: &str) -> Option<&'static str> {
    Some(match code {
        "ar" => td_string!(locale, directory.languages.ar),
        "cs" => td_string!(locale, directory.languages.cs),
        "da" => td_string!(locale, directory.languages.da),
        "de" => td_string!(locale, directory.languages.de),
        "el" => td_string!(locale, directory.languages.el),
        "en" => td_string!(locale, directory.languages.en),
        "es" => td_string!(locale, directory.languages.es),
        "fi" => td_string!(locale, directory.languages.fi),
        "fr" => td_string!(locale, directory.languages.fr),
        "he" => td_string!(locale, directory.languages.he),
        "hi" => td_string!(locale, directory.languages.hi),
        "hu" => td_string!(locale, directory.languages.hu),
        "it" => td_string!(locale, directory.languages.it),
        "ja" => td_string!(locale, directory.languages.ja),
        "ko" => td_string!(locale, directory.languages.ko),
        "nl" => td_string!(locale, directory.languages.nl),
        "no" => td_string!(locale, directory.languages.no),
        "pl" => td_string!(locale, directory.languages.pl),
        "pt" => td_string!(locale, directory.languages.pt),
        "ro" => td_string!(locale, directory.languages.ro),
        "ru" => td_string!(locale, directory.languages.ru),
        "sv" => td_string!(locale, directory.languages.sv),
        "tr" => td_string!(locale, directory.languages.tr),
        "uk" => td_string!(locale, directory.languages.uk),
        "zh" => td_string!(locale, directory.languages.zh),
        _ => return None,
    })
}

pub fn invitation_state(locale: Locale, state: InvitationState) -> &'static str {
    match state {
        InvitationState::Open => td_string!(locale, people.states.open),
        InvitationState::Accepted => td_string!(locale, people.states.accepted),
        InvitationState::Expired => td_string!(locale, people.states.expired),
        InvitationState::Revoked => td_string!(locale, people.states.revoked),
    }
}

pub fn onboarding_step(locale: Locale, step: OnboardingStep) -> &'static str {
    match step {
        OnboardingStep::Qualifications => td_string!(locale, onboarding.steps.qualifications),
        OnboardingStep::Locations => td_string!(locale, onboarding.steps.locations),
        OnboardingStep::Consultants => td_string!(locale, onboarding.steps.consultants),
        OnboardingStep::Eligibility => td_string!(locale, onboarding.steps.eligibility),
        OnboardingStep::Agreement => td_string!(locale, onboarding.steps.agreement),
        OnboardingStep::Enrollment => td_string!(locale, onboarding.steps.enrollment),
        OnboardingStep::Profile => td_string!(locale, onboarding.steps.profile),
        OnboardingStep::Summary => td_string!(locale, onboarding.steps.summary),
    }
}

pub fn offering_status(locale: Locale, status: OfferingStatus) -> &'static str {
    match status {
        OfferingStatus::NotStarted => td_string!(locale, onboarding.offering_statuses.not_started),
        OfferingStatus::InProgress => td_string!(locale, onboarding.offering_statuses.in_progress),
        OfferingStatus::Active => td_string!(locale, onboarding.offering_statuses.active),
        OfferingStatus::Expired => td_string!(locale, onboarding.offering_statuses.expired),
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
    fn every_voucher_status_has_a_name_in_each_language() {
        for status in VoucherStatus::ALL {
            assert_eq!(voucher_status(Locale::en, status), status.label());
            assert_ne!(voucher_status(Locale::es, status), status.label(), "{status} is translated");
        }
    }

    #[test]
    fn every_claim_status_has_a_name_in_each_language() {
        use ClaimStatus::*;
        for status in [Submitted, Returned, Approved, Rejected, Paid, Withdrawn] {
            assert_eq!(claim_status(Locale::en, status), status.label());
            assert_ne!(claim_status(Locale::es, status), status.label(), "{status:?} is translated");
        }
    }

    #[test]
    fn every_directory_language_is_named_in_each_language() {
        for (code, english) in crate::domain::profile::LANGUAGES {
            assert_eq!(language(Locale::en, code), Some(*english));
            assert!(language(Locale::es, code).is_some_and(|spanish| !spanish.is_empty()), "{code}");
        }
        assert_eq!(language(Locale::es, "es"), Some("Español"));
        assert_eq!(language(Locale::es, "xx"), None);
    }

    #[test]
    fn onboarding_steps_and_offering_states_are_named_in_each_language() {
        for step in OnboardingStep::ALL {
            assert_eq!(onboarding_step(Locale::en, step), step.label());
            assert_ne!(onboarding_step(Locale::es, step), step.label(), "{step:?} is translated");
        }
        use OfferingStatus::*;
        for status in [NotStarted, InProgress, Active, Expired] {
            assert_eq!(offering_status(Locale::en, status), status.label());
            assert_ne!(offering_status(Locale::es, status), status.label(), "{status:?} is translated");
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
