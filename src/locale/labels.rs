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

// The audit log's vocabulary: what kind of record changed, what was done to it, and the
// names of the facts it keeps. A name the log gains before it is translated here reads
// as written (`domain::audit::humanise`).

/// The kind of record an audit entry is about.
pub fn audit_entity(locale: Locale, key: &str) -> Option<&'static str> {
    Some(match key {
        "voucher" => td_string!(locale, audit.entities.voucher),
        "engagement" => td_string!(locale, audit.entities.engagement),
        "claim" => td_string!(locale, audit.entities.claim),
        "user" => td_string!(locale, audit.entities.user),
        "organisation" => td_string!(locale, audit.entities.organisation),
        "invitation" => td_string!(locale, audit.entities.invitation),
        "agreement" => td_string!(locale, audit.entities.agreement),
        "agreement_signature" => td_string!(locale, audit.entities.agreement_signature),
        "bank_account" => td_string!(locale, audit.entities.bank_account),
        "consultant_exam" => td_string!(locale, audit.entities.consultant_exam),
        "engagement_type" => td_string!(locale, audit.entities.engagement_type),
        "enrollment" => td_string!(locale, audit.entities.enrollment),
        "entitlement_tier" => td_string!(locale, audit.entities.entitlement_tier),
        "licensing_agreement" => td_string!(locale, audit.entities.licensing_agreement),
        "offering" => td_string!(locale, audit.entities.offering),
        "partner_competency" => td_string!(locale, audit.entities.partner_competency),
        "partner_location" => td_string!(locale, audit.entities.partner_location),
        "partner_training" => td_string!(locale, audit.entities.partner_training),
        "payment_registration" => td_string!(locale, audit.entities.payment_registration),
        "partner_profile" => td_string!(locale, audit.entities.partner_profile),
        "catalogue" => td_string!(locale, audit.entities.catalogue),
        _ => return None,
    })
}

/// What an audit entry says was done.
pub fn audit_action(locale: Locale, key: &str) -> Option<&'static str> {
    Some(match key {
        "added" => td_string!(locale, audit.actions.added),
        "assigned" => td_string!(locale, audit.actions.assigned),
        "benefit_activated" => td_string!(locale, audit.actions.benefit_activated),
        "cancelled" => td_string!(locale, audit.actions.cancelled),
        "claimed" => td_string!(locale, audit.actions.claimed),
        "created" => td_string!(locale, audit.actions.created),
        "dates_changed" => td_string!(locale, audit.actions.dates_changed),
        "deliverable_removed" => td_string!(locale, audit.actions.deliverable_removed),
        "deliverable_uploaded" => td_string!(locale, audit.actions.deliverable_uploaded),
        "delivered" => td_string!(locale, audit.actions.delivered),
        "disabled" => td_string!(locale, audit.actions.disabled),
        "enabled" => td_string!(locale, audit.actions.enabled),
        "enrolled" => td_string!(locale, audit.actions.enrolled),
        "published" => td_string!(locale, audit.actions.published),
        "recorded" => td_string!(locale, audit.actions.recorded),
        "redeemed" => td_string!(locale, audit.actions.redeemed),
        "registered" => td_string!(locale, audit.actions.registered),
        "renamed" => td_string!(locale, audit.actions.renamed),
        "renewed" => td_string!(locale, audit.actions.renewed),
        "report_saved" => td_string!(locale, audit.actions.report_saved),
        "reservation_released" => td_string!(locale, audit.actions.reservation_released),
        "reserved" => td_string!(locale, audit.actions.reserved),
        "retired" => td_string!(locale, audit.actions.retired),
        "role_changed" => td_string!(locale, audit.actions.role_changed),
        "role_handed_over" => td_string!(locale, audit.actions.role_handed_over),
        "saved" => td_string!(locale, audit.actions.saved),
        "set" => td_string!(locale, audit.actions.set),
        "signed" => td_string!(locale, audit.actions.signed),
        "submitted" => td_string!(locale, audit.actions.submitted),
        "updated" => td_string!(locale, audit.actions.updated),
        "email_verified" => td_string!(locale, audit.actions.email_verified),
        "expired" => td_string!(locale, audit.actions.expired),
        "joined" => td_string!(locale, audit.actions.joined),
        "seeded" => td_string!(locale, audit.actions.seeded),
        "signed_up" => td_string!(locale, audit.actions.signed_up),
        "claim_rejected" => td_string!(locale, audit.actions.claim_rejected),
        "claim_withdrawn" => td_string!(locale, audit.actions.claim_withdrawn),
        "removed_from_claim" => td_string!(locale, audit.actions.removed_from_claim),
        "paid" => td_string!(locale, audit.actions.paid),
        "approved" => td_string!(locale, audit.actions.approved),
        "returned" => td_string!(locale, audit.actions.returned),
        "rejected" => td_string!(locale, audit.actions.rejected),
        "withdrawn" => td_string!(locale, audit.actions.withdrawn),
        "resubmitted" => td_string!(locale, audit.actions.resubmitted),
        "second_factor_required" => td_string!(locale, audit.actions.second_factor_required),
        "second_factor_optional" => td_string!(locale, audit.actions.second_factor_optional),
        "second_factor_added" => td_string!(locale, audit.actions.second_factor_added),
        "second_factor_removed" => td_string!(locale, audit.actions.second_factor_removed),
        "second_factor_reset" => td_string!(locale, audit.actions.second_factor_reset),
        "recovery_codes_renewed" => td_string!(locale, audit.actions.recovery_codes_renewed),
        "passkey_added" => td_string!(locale, audit.actions.passkey_added),
        "passkey_removed" => td_string!(locale, audit.actions.passkey_removed),
        _ => return None,
    })
}

/// One fact an audit entry keeps of a record.
pub fn audit_field(locale: Locale, key: &str) -> Option<&'static str> {
    Some(match key {
        "status" => td_string!(locale, audit.fields.status),
        "starts_on" => td_string!(locale, audit.fields.starts_on),
        "ends_on" => td_string!(locale, audit.fields.ends_on),
        "role" => td_string!(locale, audit.fields.role),
        "name" => td_string!(locale, audit.fields.name),
        "expires_on" => td_string!(locale, audit.fields.expires_on),
        "expires_at" => td_string!(locale, audit.fields.expires_at),
        "engagement" => td_string!(locale, audit.fields.engagement),
        "email" => td_string!(locale, audit.fields.email),
        "days" => td_string!(locale, audit.fields.days),
        "version" => td_string!(locale, audit.fields.version),
        "partner" => td_string!(locale, audit.fields.partner),
        "offering" => td_string!(locale, audit.fields.offering),
        "location" => td_string!(locale, audit.fields.location),
        "from_role" => td_string!(locale, audit.fields.from_role),
        "file_name" => td_string!(locale, audit.fields.file_name),
        "deliverable" => td_string!(locale, audit.fields.deliverable),
        "days_returned" => td_string!(locale, audit.fields.days_returned),
        "completed_on" => td_string!(locale, audit.fields.completed_on),
        "claim" => td_string!(locale, audit.fields.claim),
        "active" => td_string!(locale, audit.fields.active),
        "vouchers" => td_string!(locale, audit.fields.vouchers),
        "valid_until" => td_string!(locale, audit.fields.valid_until),
        "title" => td_string!(locale, audit.fields.title),
        "tax_id" => td_string!(locale, audit.fields.tax_id),
        "size" => td_string!(locale, audit.fields.size),
        "signer_title" => td_string!(locale, audit.fields.signer_title),
        "signer_name" => td_string!(locale, audit.fields.signer_name),
        "reference" => td_string!(locale, audit.fields.reference),
        "qualifying_licenses" => td_string!(locale, audit.fields.qualifying_licenses),
        "project_manager" => td_string!(locale, audit.fields.project_manager),
        "payment_reference" => td_string!(locale, audit.fields.payment_reference),
        "passed_on" => td_string!(locale, audit.fields.passed_on),
        "note" => td_string!(locale, audit.fields.note),
        "location_id" => td_string!(locale, audit.fields.location_id),
        "licensing_id" => td_string!(locale, audit.fields.licensing_id),
        "level" => td_string!(locale, audit.fields.level),
        "legal_name" => td_string!(locale, audit.fields.legal_name),
        "entitled_days" => td_string!(locale, audit.fields.entitled_days),
        "engagement_type" => td_string!(locale, audit.fields.engagement_type),
        "due_on" => td_string!(locale, audit.fields.due_on),
        "division" => td_string!(locale, audit.fields.division),
        "delivery_country" => td_string!(locale, audit.fields.delivery_country),
        "delivered_to" => td_string!(locale, audit.fields.delivered_to),
        "days_delivered" => td_string!(locale, audit.fields.days_delivered),
        "country" => td_string!(locale, audit.fields.country),
        "consultants" => td_string!(locale, audit.fields.consultants),
        "consultant" => td_string!(locale, audit.fields.consultant),
        "competency" => td_string!(locale, audit.fields.competency),
        "bank_code" => td_string!(locale, audit.fields.bank_code),
        "amount" => td_string!(locale, audit.fields.amount),
        "agreement" => td_string!(locale, audit.fields.agreement),
        "account" => td_string!(locale, audit.fields.account),
        "exam" => td_string!(locale, audit.fields.exam),
        _ => return None,
    })
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
