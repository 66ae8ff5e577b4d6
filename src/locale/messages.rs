//! The sentences of the domain's errors in each language. The domain names what went
//! wrong (typed enums); here each case is written out, in the language of the request
//! being answered ([`super::current`]), so a form's messages read like its labels.

use super::i18n::td_string;
use super::{current, format, labels, Locale};
use crate::domain::agreement::{AgreementError, BenefitRefusal};
use crate::domain::catalogue::{CatalogueError, CatalogueRefusal, UnknownLevel};
use crate::domain::claim::{ClaimAction, ClaimError};
use crate::domain::country::CountryError;
use crate::domain::days::LengthError;
use crate::domain::email::EmailError;
use crate::domain::entitlement::TierError;
use crate::domain::ids::InvalidId;
use crate::domain::notification::NotificationError;
use crate::domain::partner::{DateError, LocationCodeError, OnboardingRefusal};
use crate::domain::password::PasswordError;
use crate::domain::people::AccountRefusal;
use crate::domain::profile::ProfileError;
use crate::domain::report::{DeliverableError, ReportProblem};
use crate::domain::reservation::ReservationError;
use crate::domain::roles::RoleError;
use crate::domain::search::SearchError;
use crate::domain::second_factor::{FactorCodeError, FactorRefusal};
use crate::domain::text::TextError;
use crate::domain::voucher::VoucherError;
use crate::domain::voucher_code::VoucherCodeError;
use std::fmt;

pub fn reservation(locale: Locale, error: &ReservationError) -> String {
    use ReservationError as E;
    match error {
        E::NoMatch => td_string!(locale, messages.reservation.no_match).to_owned(),
        E::UnknownEngagementType => td_string!(locale, messages.reservation.unknown_engagement_type).to_owned(),
        E::NotEnrolled { offering } => {
            td_string!(locale, messages.reservation.not_enrolled, offering = offering.clone()).to_string()
        }
        E::NotQualified { engagement } => {
            td_string!(locale, messages.reservation.not_qualified, engagement = engagement.clone()).to_string()
        }
        E::UnknownLocation => td_string!(locale, messages.reservation.unknown_location).to_owned(),
        E::NoConsultant => td_string!(locale, messages.reservation.no_consultant).to_owned(),
        E::ConsultantNotQualified { name, engagement } => td_string!(
            locale,
            messages.reservation.consultant_not_qualified,
            person = name.clone(),
            engagement = engagement.clone()
        )
        .to_string(),
        E::UnknownConsultant => td_string!(locale, messages.reservation.unknown_consultant).to_owned(),
        E::StartsInPast => td_string!(locale, messages.reservation.starts_in_past).to_owned(),
        E::EndsBeforeStart => td_string!(locale, messages.reservation.ends_before_start).to_owned(),
        E::EndsAfterExpiry { expires_on } => {
            td_string!(locale, messages.reservation.ends_after_expiry, date = format::date(locale, *expires_on))
                .to_string()
        }
        E::TermsNotAccepted => td_string!(locale, messages.reservation.terms_not_accepted).to_owned(),
        E::AlreadyReserved => td_string!(locale, messages.reservation.already_reserved).to_owned(),
        E::Expired { expires_on } => {
            td_string!(locale, messages.reservation.expired, date = format::date(locale, *expires_on)).to_string()
        }
        E::NotReservable { status } => {
            let status = labels::voucher_status(locale, *status).to_lowercase();
            td_string!(locale, messages.reservation.not_reservable, status = status).to_string()
        }
        E::OfferingRetired => td_string!(locale, messages.reservation.offering_retired).to_owned(),
        E::NoSuchReservation => td_string!(locale, messages.reservation.no_such_reservation).to_owned(),
        E::AlreadyReleased => td_string!(locale, messages.reservation.already_released).to_owned(),
        E::MovedOn => td_string!(locale, messages.reservation.moved_on).to_owned(),
        E::ChooseDelivered => td_string!(locale, messages.reservation.choose_delivered).to_owned(),
        E::NothingToRedeem => td_string!(locale, messages.reservation.nothing_to_redeem).to_owned(),
        E::RedeemExpired { code, expires_on } => td_string!(
            locale,
            messages.reservation.redeem_expired,
            code = code.clone(),
            date = format::date(locale, *expires_on)
        )
        .to_string(),
        E::ChangedMeanwhile { code } => {
            td_string!(locale, messages.reservation.changed_meanwhile, code = code.clone()).to_string()
        }
        E::NotRedeemable { code, status } => {
            let status = labels::voucher_status(locale, *status).to_lowercase();
            td_string!(locale, messages.reservation.not_redeemable, code = code.clone(), status = status).to_string()
        }
    }
}

pub fn deliverable(locale: Locale, error: &DeliverableError) -> &'static str {
    match error {
        DeliverableError::Empty => td_string!(locale, messages.deliverable.empty),
        DeliverableError::TooLarge => td_string!(locale, messages.deliverable.too_large),
        DeliverableError::WrongType => td_string!(locale, messages.deliverable.wrong_type),
    }
}

pub fn report(locale: Locale, problem: &ReportProblem) -> String {
    match problem {
        ReportProblem::BeforeReservation { reserved_on } => {
            td_string!(locale, messages.report.before_reservation, date = format::date(locale, *reserved_on))
                .to_string()
        }
        ReportProblem::BeforePlannedStart { starts_on } => {
            td_string!(locale, messages.report.before_planned_start, date = format::date(locale, *starts_on))
                .to_string()
        }
        ReportProblem::AfterPlannedEnd { ends_on } => {
            td_string!(locale, messages.report.after_planned_end, date = format::date(locale, *ends_on)).to_string()
        }
        ReportProblem::AfterExpiry { expires_on } => {
            td_string!(locale, messages.report.after_expiry, date = format::date(locale, *expires_on)).to_string()
        }
        ReportProblem::MoreThanTheDates { days } => {
            td_string!(locale, messages.report.more_than_the_dates, days = format::days(locale, *days)).to_string()
        }
        ReportProblem::EndsBeforeStart => td_string!(locale, messages.report.ends_before_start).to_owned(),
        ReportProblem::InFuture => td_string!(locale, messages.report.in_future).to_owned(),
        ReportProblem::DaysDelivered { voucher_days } => {
            td_string!(locale, messages.report.days_delivered, days = voucher_days.get()).to_string()
        }
        ReportProblem::NoSuchEngagement => td_string!(locale, messages.report.no_such_engagement).to_owned(),
        ReportProblem::NoLongerChanges { status } => {
            let status = labels::voucher_status(locale, *status).to_lowercase();
            td_string!(locale, messages.report.no_longer_changes, status = status).to_string()
        }
        ReportProblem::SubmittedCannotChange => td_string!(locale, messages.report.submitted_cannot_change).to_owned(),
        ReportProblem::ChangedMeanwhile => td_string!(locale, messages.report.changed_meanwhile).to_owned(),
        ReportProblem::SaveFirst => td_string!(locale, messages.report.save_first).to_owned(),
        ReportProblem::UploadFirst => td_string!(locale, messages.report.upload_first).to_owned(),
        ReportProblem::CannotDeliver => td_string!(locale, messages.report.cannot_deliver).to_owned(),
        ReportProblem::SubmittedAlready => td_string!(locale, messages.report.submitted_already).to_owned(),
        ReportProblem::NoSuchDeliverable => td_string!(locale, messages.report.no_such_deliverable).to_owned(),
        ReportProblem::UploadUnreadable => td_string!(locale, messages.report.upload_unreadable).to_owned(),
    }
}

pub fn claim(locale: Locale, error: &ClaimError) -> String {
    use ClaimError as E;
    match error {
        E::NotRegistered => td_string!(locale, messages.claim.not_registered).to_owned(),
        E::NothingRedeemed => td_string!(locale, messages.claim.nothing_redeemed).to_owned(),
        E::NoBankAccount => td_string!(locale, messages.claim.no_bank_account).to_owned(),
        E::UnknownLocation => td_string!(locale, messages.claim.unknown_location).to_owned(),
        E::NoVoucher => td_string!(locale, messages.claim.no_voucher).to_owned(),
        E::KeepOne => td_string!(locale, messages.claim.keep_one).to_owned(),
        E::NotInClaim => td_string!(locale, messages.claim.not_in_claim).to_owned(),
        E::WindowClosed { code, redeemed_on, deadline } => td_string!(
            locale,
            messages.claim.window_closed,
            code = code.clone(),
            redeemed_on = format::date(locale, *redeemed_on),
            deadline = format::date(locale, *deadline)
        )
        .to_string(),
        E::NotClaimable { code, status } => {
            let status = labels::voucher_status(locale, *status).to_lowercase();
            td_string!(locale, messages.claim.not_claimable, code = code.clone(), status = status).to_string()
        }
        E::InAnotherClaim { code } => {
            td_string!(locale, messages.claim.in_another_claim, code = code.clone()).to_string()
        }
        E::OtherLocation { code } => td_string!(locale, messages.claim.other_location, code = code.clone()).to_string(),
        E::NoDayRate { country } => {
            td_string!(locale, messages.claim.no_day_rate, country = country.clone()).to_string()
        }
        E::AccountNumber => td_string!(locale, messages.claim.account_number).to_owned(),
        E::TaxId => td_string!(locale, messages.claim.tax_id).to_owned(),
        E::BankCode => td_string!(locale, messages.claim.bank_code).to_owned(),
        E::NoSuchClaim => td_string!(locale, messages.claim_more.no_such_claim).to_owned(),
        E::UnknownStatus => td_string!(locale, messages.claim_more.unknown_status).to_owned(),
        E::NotPayable { reference, status } => {
            let status = labels::claim_status(locale, *status).to_lowercase();
            td_string!(locale, messages.claim_more.not_payable, reference = reference.clone(), status = status)
                .to_string()
        }
        E::CannotNow { reference, status, action } => {
            let (reference, status) = (reference.clone(), labels::claim_status(locale, *status).to_lowercase());
            match action {
                ClaimAction::Withdraw => {
                    td_string!(locale, messages.claim_more.cannot_withdraw, reference = reference, status = status)
                        .to_string()
                }
                ClaimAction::Approve => {
                    td_string!(locale, messages.claim_more.cannot_approve, reference = reference, status = status)
                        .to_string()
                }
                ClaimAction::Return => {
                    td_string!(locale, messages.claim_more.cannot_return, reference = reference, status = status)
                        .to_string()
                }
                ClaimAction::Reject => {
                    td_string!(locale, messages.claim_more.cannot_reject, reference = reference, status = status)
                        .to_string()
                }
                ClaimAction::Resubmit => {
                    td_string!(locale, messages.claim_more.cannot_resubmit, reference = reference, status = status)
                        .to_string()
                }
                ClaimAction::Pay => {
                    td_string!(locale, messages.claim_more.cannot_pay, reference = reference, status = status)
                        .to_string()
                }
            }
        }
    }
}

pub fn account(locale: Locale, refusal: &AccountRefusal) -> String {
    use AccountRefusal as R;
    match refusal {
        R::EmailTaken => td_string!(locale, messages.account.email_taken).to_owned(),
        R::Disabled => td_string!(locale, messages.account.disabled).to_owned(),
        R::CannotHandOut { inviter, role } => td_string!(
            locale,
            messages.account.cannot_hand_out,
            inviter = labels::role(locale, *inviter),
            role = labels::role(locale, *role)
        )
        .to_string(),
        R::AlreadyMember => td_string!(locale, messages.account.already_member).to_owned(),
        R::EmailNotVerified => td_string!(locale, messages.account.email_not_verified).to_owned(),
        R::VerificationGone => td_string!(locale, messages.account.verification_gone).to_owned(),
        R::ResetLinkGone => td_string!(locale, messages.account.reset_link_gone).to_owned(),
        R::WrongCurrentPassword => td_string!(locale, messages.account.wrong_current_password).to_owned(),
        R::NoSuchSession => td_string!(locale, messages.account.no_such_session).to_owned(),
        R::CannotChangeOwnRole => td_string!(locale, messages.account.cannot_change_own_role).to_owned(),
        R::NothingToHandOver => td_string!(locale, messages.account.nothing_to_hand_over).to_owned(),
        R::InvitationGone => td_string!(locale, messages.account.invitation_gone).to_owned(),
        R::NoSuchPerson => td_string!(locale, messages.account.no_such_person).to_owned(),
        R::CannotDisableSelf => td_string!(locale, messages.account.cannot_disable_self).to_owned(),
    }
}

pub fn factor(locale: Locale, refusal: &FactorRefusal) -> &'static str {
    use FactorRefusal as R;
    match refusal {
        R::WrongCode => td_string!(locale, messages.factor.wrong_code),
        R::AlreadySetUp => td_string!(locale, messages.factor.already_set_up),
        R::NothingToConfirm => td_string!(locale, messages.factor.nothing_to_confirm),
        R::NotSetUp => td_string!(locale, messages.factor.not_set_up),
        R::Required => td_string!(locale, messages.factor.required),
        R::SignInAgain => td_string!(locale, messages.factor.sign_in_again),
        R::NoSuchPerson => td_string!(locale, messages.factor.no_such_person),
        R::PasskeysUnavailable => td_string!(locale, messages.factor.passkeys_unavailable),
        R::PasskeyStartAgain => td_string!(locale, messages.factor.passkey_start_again),
        R::PasskeyNotAccepted => td_string!(locale, messages.factor.passkey_not_accepted),
        R::PasskeyAlreadyRegistered => td_string!(locale, messages.factor.passkey_already_registered),
        R::NoSuchPasskey => td_string!(locale, messages.factor.no_such_passkey),
        R::NoPasskeys => td_string!(locale, messages.factor.no_passkeys),
        R::TooManyPasskeys => td_string!(locale, messages.factor.too_many_passkeys),
        R::PasskeyCancelled => td_string!(locale, messages.factor.passkey_cancelled),
        R::PasskeysUnsupported => td_string!(locale, messages.factor.passkeys_unsupported),
    }
}

pub fn factor_code(locale: Locale, error: &FactorCodeError) -> &'static str {
    match error {
        FactorCodeError::Missing => td_string!(locale, messages.factor.code_missing),
        FactorCodeError::Malformed => td_string!(locale, messages.factor.code_malformed),
    }
}

pub fn unknown_language(locale: Locale, _: &super::UnknownLanguage) -> &'static str {
    td_string!(locale, messages.account.unknown_language)
}

pub fn benefit(locale: Locale, refusal: &BenefitRefusal) -> String {
    use BenefitRefusal as R;
    match refusal {
        R::AlreadyEnded => td_string!(locale, messages.benefit.already_ended).to_owned(),
        R::AlreadyRegistered => td_string!(locale, messages.benefit.already_registered).to_owned(),
        R::NoSuchAgreement => td_string!(locale, messages.benefit.no_such_agreement).to_owned(),
        R::Ended { licensing_id, on } => {
            td_string!(locale, messages.benefit.ended, id = licensing_id.clone(), date = format::date(locale, *on))
                .to_string()
        }
        R::EarnsNothing { licensing_id, licences } => td_string!(
            locale,
            messages.benefit.earns_nothing,
            id = licensing_id.clone(),
            licences = format::number(locale, i64::from(*licences))
        )
        .to_string(),
        R::AlreadyActive { licensing_id } => {
            td_string!(locale, messages.benefit.already_active, id = licensing_id.clone()).to_string()
        }
        R::NotActivated { licensing_id } => {
            td_string!(locale, messages.benefit.not_activated, id = licensing_id.clone()).to_string()
        }
        R::NoDaysLeft { licensing_id } => {
            td_string!(locale, messages.benefit.no_days_left, id = licensing_id.clone()).to_string()
        }
    }
}

pub fn catalogue_change(locale: Locale, refusal: &CatalogueRefusal) -> &'static str {
    use CatalogueRefusal as R;
    match refusal {
        R::CodeTaken => td_string!(locale, messages.catalogue_change.code_taken),
        R::ChooseOffering => td_string!(locale, messages.catalogue_change.choose_offering),
        R::NameTaken => td_string!(locale, messages.catalogue_change.name_taken),
        R::NoSuchEngagementType => td_string!(locale, messages.catalogue_change.no_such_engagement_type),
        R::RetiredMeanwhile => td_string!(locale, messages.catalogue_change.retired_meanwhile),
        R::RetiredAlready => td_string!(locale, messages.catalogue_change.retired_already),
    }
}

pub fn onboarding(locale: Locale, refusal: &OnboardingRefusal) -> String {
    use OnboardingRefusal as R;
    match refusal {
        R::NoSuchStep => td_string!(locale, messages.onboarding.no_such_step).to_owned(),
        R::CompletionInFuture => td_string!(locale, messages.onboarding.completion_in_future).to_owned(),
        R::ChooseCompetency => td_string!(locale, messages.onboarding.choose_competency).to_owned(),
        R::CompetencyExpired => td_string!(locale, messages.onboarding.competency_expired).to_owned(),
        R::LocationTaken => td_string!(locale, messages.onboarding.location_taken).to_owned(),
        R::NoSuchCompetency => td_string!(locale, messages.onboarding.no_such_competency).to_owned(),
        R::NoSuchLocation => td_string!(locale, messages.onboarding.no_such_location).to_owned(),
        R::AgreementChanged { current } => {
            td_string!(locale, messages.onboarding.agreement_changed, version = *current).to_string()
        }
        R::NoAgreementYet => td_string!(locale, messages.onboarding.no_agreement_yet).to_owned(),
        R::NoSuchOffering => td_string!(locale, messages.onboarding.no_such_offering).to_owned(),
        R::SignFirst => td_string!(locale, messages.onboarding.sign_first).to_owned(),
        R::AlreadyEnrolled { code } => {
            td_string!(locale, messages.onboarding.already_enrolled, code = code.clone()).to_string()
        }
        R::AlreadyEnrolledUntil { code, until } => td_string!(
            locale,
            messages.onboarding.already_enrolled_until,
            code = code.clone(),
            date = format::date(locale, *until)
        )
        .to_string(),
        R::NotEnrolledYet { code } => {
            td_string!(locale, messages.onboarding.not_enrolled_yet, code = code.clone()).to_string()
        }
        R::RenewalNotOpen { code, expires_on } => td_string!(
            locale,
            messages.onboarding.renewal_not_open,
            code = code.clone(),
            date = format::date(locale, *expires_on)
        )
        .to_string(),
        R::RenewedMeanwhile { code } => {
            td_string!(locale, messages.onboarding.renewed_meanwhile, code = code.clone()).to_string()
        }
        R::AgreementTextShort { min } => {
            td_string!(locale, messages.onboarding.agreement_text_short, min = *min).to_string()
        }
        R::AgreementTextLong { max } => td_string!(
            locale,
            messages.onboarding.agreement_text_long,
            max = format::number(locale, i64::try_from(*max).unwrap_or(i64::MAX))
        )
        .to_string(),
        R::ChooseConsultant => td_string!(locale, messages.onboarding.choose_consultant).to_owned(),
        R::ExamInFuture => td_string!(locale, messages.onboarding.exam_in_future).to_owned(),
        R::TrainingFirst => td_string!(locale, messages.onboarding.training_first).to_owned(),
        R::NoQualifyingCompetency { offering } => {
            td_string!(locale, messages.onboarding.no_qualifying_competency, offering = offering.clone()).to_string()
        }
    }
}

pub fn agreement(locale: Locale, error: &AgreementError) -> &'static str {
    match error {
        AgreementError::LicensingIdEmpty => td_string!(locale, messages.agreement.licensing_id_empty),
        AgreementError::LicensingIdMalformed => td_string!(locale, messages.agreement.licensing_id_malformed),
        AgreementError::LicensesMalformed => td_string!(locale, messages.agreement.licenses_malformed),
        AgreementError::LicensesTooMany => td_string!(locale, messages.agreement.licenses_too_many),
    }
}

pub fn unknown_level(locale: Locale, _: &UnknownLevel) -> &'static str {
    td_string!(locale, messages.catalogue.unknown_level)
}

pub fn catalogue(locale: Locale, error: &CatalogueError) -> &'static str {
    match error {
        CatalogueError::BadCode => td_string!(locale, messages.catalogue.bad_code),
        CatalogueError::NoCompetency => td_string!(locale, messages.catalogue.no_competency),
        CatalogueError::BadCompetency => td_string!(locale, messages.catalogue.bad_competency),
        CatalogueError::NoLength => td_string!(locale, messages.catalogue.no_length),
    }
}

pub fn country(locale: Locale, error: &CountryError) -> String {
    match error {
        CountryError::Empty => td_string!(locale, messages.country.empty).to_owned(),
        CountryError::Unknown(code) => td_string!(locale, messages.country.unknown, code = code.clone()).to_string(),
    }
}

pub fn length(locale: Locale, error: &LengthError) -> &'static str {
    match error {
        LengthError::NotAllowed => td_string!(locale, messages.length.not_allowed),
        LengthError::OverMaximum => td_string!(locale, messages.length.over_maximum),
    }
}

pub fn email(locale: Locale, error: &EmailError) -> &'static str {
    match error {
        EmailError::Empty => td_string!(locale, messages.email.empty),
        EmailError::TooLong => td_string!(locale, messages.email.too_long),
        EmailError::Malformed => td_string!(locale, messages.email.malformed),
    }
}

pub fn tier(locale: Locale, error: &TierError) -> String {
    match error {
        TierError::DaysMalformed => td_string!(locale, messages.tier.days_malformed).to_owned(),
        TierError::FallsBelow { min_licenses, below, below_from } => td_string!(
            locale,
            messages.tier.falls_below,
            min_licenses = *min_licenses,
            below = format::days(locale, *below),
            below_from = *below_from
        )
        .to_string(),
        TierError::RisesAbove { min_licenses, above, above_from } => td_string!(
            locale,
            messages.tier.rises_above,
            min_licenses = *min_licenses,
            above = format::days(locale, *above),
            above_from = *above_from
        )
        .to_string(),
    }
}

pub fn invalid_id(locale: Locale, _: &InvalidId) -> &'static str {
    td_string!(locale, messages.invalid_id)
}

pub fn date(locale: Locale, error: &DateError) -> &'static str {
    match error {
        DateError::Empty => td_string!(locale, messages.date.empty),
        DateError::Malformed => td_string!(locale, messages.date.malformed),
    }
}

pub fn location_code(locale: Locale, error: &LocationCodeError) -> String {
    match error {
        LocationCodeError::Empty => td_string!(locale, messages.location_code.empty).to_owned(),
        LocationCodeError::TooLong { max } => {
            td_string!(locale, messages.location_code.too_long, max = *max).to_string()
        }
        LocationCodeError::Invalid => td_string!(locale, messages.location_code.invalid).to_owned(),
    }
}

pub fn password(locale: Locale, error: &PasswordError) -> String {
    match error {
        PasswordError::TooShort { min } => td_string!(locale, messages.password.too_short, min = *min).to_string(),
        PasswordError::TooLong { max } => td_string!(locale, messages.password.too_long, max = *max).to_string(),
        PasswordError::Missing => td_string!(locale, messages.password.missing).to_owned(),
        PasswordError::Unreadable => td_string!(locale, messages.password.unreadable).to_owned(),
    }
}

pub fn profile(locale: Locale, error: &ProfileError) -> String {
    match error {
        ProfileError::WebsiteEmpty => td_string!(locale, messages.profile.website_empty).to_owned(),
        ProfileError::WebsiteMalformed => td_string!(locale, messages.profile.website_malformed).to_owned(),
        ProfileError::NoLanguage => td_string!(locale, messages.profile.no_language).to_owned(),
        ProfileError::UnknownLanguage(code) => {
            td_string!(locale, messages.profile.unknown_language, code = code.clone()).to_string()
        }
        ProfileError::TooMany { max, what: "languages" } => {
            td_string!(locale, messages.profile.too_many_languages, max = *max).to_string()
        }
        ProfileError::TooMany { max, .. } => {
            td_string!(locale, messages.profile.too_many_industries, max = *max).to_string()
        }
        ProfileError::IndustryTooLong { max } => {
            td_string!(locale, messages.profile.industry_too_long, max = *max).to_string()
        }
        ProfileError::DescriptionTooShort { min } => {
            td_string!(locale, messages.profile.description_too_short, min = *min).to_string()
        }
        ProfileError::DescriptionTooLong { max } => {
            td_string!(locale, messages.profile.description_too_long, max = *max).to_string()
        }
        ProfileError::EnrollFirst => td_string!(locale, messages.profile_more.enroll_first).to_owned(),
        ProfileError::LocationFirst => td_string!(locale, messages.profile_more.location_first).to_owned(),
        ProfileError::NotInDirectory => td_string!(locale, messages.profile_more.not_in_directory).to_owned(),
    }
}

pub fn role(locale: Locale, error: &RoleError) -> String {
    match error {
        RoleError::Unknown => td_string!(locale, messages.role.unknown).to_owned(),
        RoleError::WrongOrgKind { role, kind } => {
            td_string!(locale, messages.role.wrong_org_kind, role = *role, kind = *kind).to_string()
        }
        RoleError::NotSignUpKind => td_string!(locale, messages.role.not_sign_up_kind).to_owned(),
    }
}

pub fn text(locale: Locale, error: &TextError) -> String {
    match error {
        TextError::Empty => td_string!(locale, messages.text.empty).to_owned(),
        TextError::TooLong { max, found } => {
            td_string!(locale, messages.text.too_long, max = *max, found = *found).to_string()
        }
        TextError::TooShort { min } => td_string!(locale, messages.text.too_short, min = *min).to_string(),
        TextError::ControlCharacter => td_string!(locale, messages.text.control_character).to_owned(),
        TextError::AngleBracket => td_string!(locale, messages.text.angle_bracket).to_owned(),
        TextError::Unreadable => td_string!(locale, messages.text.unreadable).to_owned(),
    }
}

pub fn voucher(locale: Locale, error: &VoucherError) -> String {
    match error {
        VoucherError::UnknownAgreement => td_string!(locale, messages.voucher.unknown_agreement).to_owned(),
        VoucherError::UnknownOffering => td_string!(locale, messages.voucher.unknown_offering).to_owned(),
        VoucherError::DaysMissing => td_string!(locale, messages.voucher.days_missing).to_owned(),
        VoucherError::LengthNotOffered { allowed } => {
            td_string!(locale, messages.voucher.length_not_offered, allowed = allowed.clone()).to_string()
        }
        VoucherError::BeyondPool { left } => {
            td_string!(locale, messages.voucher.beyond_pool, left = format::days(locale, *left)).to_string()
        }
        VoucherError::DivisionTooLong => td_string!(locale, messages.voucher.division_too_long).to_owned(),
        VoucherError::SecondFifteenDayVoucher { division } => {
            let division = labels::division_in_sentence(locale, division);
            td_string!(locale, messages.voucher.second_fifteen_day_voucher, division = division).to_string()
        }
        VoucherError::ProjectManagerMissing => td_string!(locale, messages.voucher.project_manager_missing).to_owned(),
        VoucherError::ChooseSomeone => td_string!(locale, messages.voucher_more.choose_someone).to_owned(),
        VoucherError::NotMember => td_string!(locale, messages.voucher_more.not_member).to_owned(),
        VoucherError::AccountDisabled => td_string!(locale, messages.voucher_more.account_disabled).to_owned(),
        VoucherError::OtherOrganisation => td_string!(locale, messages.voucher_more.other_organisation).to_owned(),
        VoucherError::NoSuchVoucher => td_string!(locale, messages.voucher_more.no_such_voucher).to_owned(),
        VoucherError::OnlyAssignedCancel { status } => {
            let status = labels::voucher_status(locale, *status).to_lowercase();
            td_string!(locale, messages.voucher_more.only_assigned_cancel, status = status).to_string()
        }
        VoucherError::ChangedMeanwhile => td_string!(locale, messages.voucher_more.changed_meanwhile).to_owned(),
    }
}

pub fn voucher_code(locale: Locale, error: &VoucherCodeError) -> String {
    match error {
        VoucherCodeError::Empty => td_string!(locale, messages.voucher_code.empty).to_owned(),
        VoucherCodeError::WrongLength { expected, found } => {
            td_string!(locale, messages.voucher_code.wrong_length, expected = *expected, found = *found).to_string()
        }
        VoucherCodeError::InvalidCharacter(character) => {
            td_string!(locale, messages.voucher_code.invalid_character, character = *character).to_string()
        }
        VoucherCodeError::CheckFailed => td_string!(locale, messages.voucher_code.check_failed).to_owned(),
    }
}

pub fn notification(locale: Locale, error: &NotificationError) -> String {
    match error {
        NotificationError::NoSuchNotification => td_string!(locale, messages.notification.no_such).to_owned(),
    }
}

pub fn search(locale: Locale, error: &SearchError) -> String {
    match error {
        SearchError::Empty => td_string!(locale, messages.search.empty).to_owned(),
        SearchError::Unrecognised => td_string!(locale, messages.search.unrecognised).to_owned(),
    }
}

/// Each error reads in the current language wherever it is shown or turned into a
/// field's message.
macro_rules! written_in_the_current_language {
    ($($error:ty => $sentence:path),* $(,)?) => {$(
        impl fmt::Display for $error {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&$sentence(current(), self))
            }
        }

        impl std::error::Error for $error {}
    )*};
}

written_in_the_current_language! {
    ReservationError => reservation,
    DeliverableError => deliverable,
    ReportProblem => report,
    ClaimError => claim,
    AgreementError => agreement,
    UnknownLevel => unknown_level,
    CatalogueError => catalogue,
    CountryError => country,
    LengthError => length,
    EmailError => email,
    TierError => tier,
    InvalidId => invalid_id,
    DateError => date,
    LocationCodeError => location_code,
    PasswordError => password,
    ProfileError => profile,
    RoleError => role,
    TextError => text,
    VoucherError => voucher,
    VoucherCodeError => voucher_code,
    AccountRefusal => account,
    FactorRefusal => factor,
    FactorCodeError => factor_code,
    super::UnknownLanguage => unknown_language,
    BenefitRefusal => benefit,
    CatalogueRefusal => catalogue_change,
    OnboardingRefusal => onboarding,
    SearchError => search,
    NotificationError => notification,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::days::PlanningDays;
    use chrono::NaiveDate;

    #[test]
    fn domain_errors_read_in_english_outside_a_request_and_in_both_languages() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let cases: Vec<(String, String, String)> = vec![
            (
                ReservationError::EndsAfterExpiry { expires_on: day }.to_string(),
                reservation(Locale::en, &ReservationError::EndsAfterExpiry { expires_on: day }),
                reservation(Locale::es, &ReservationError::EndsAfterExpiry { expires_on: day }),
            ),
            (
                ClaimError::AccountNumber.to_string(),
                claim(Locale::en, &ClaimError::AccountNumber),
                claim(Locale::es, &ClaimError::AccountNumber),
            ),
            (
                ReportProblem::DaysDelivered { voucher_days: PlanningDays::new(3) }.to_string(),
                report(Locale::en, &ReportProblem::DaysDelivered { voucher_days: PlanningDays::new(3) }),
                report(Locale::es, &ReportProblem::DaysDelivered { voucher_days: PlanningDays::new(3) }),
            ),
            (
                DeliverableError::WrongType.to_string(),
                deliverable(Locale::en, &DeliverableError::WrongType).to_owned(),
                deliverable(Locale::es, &DeliverableError::WrongType).to_owned(),
            ),
        ];
        for (shown, english, spanish) in cases {
            assert_eq!(shown, english, "no request: English");
            assert_ne!(english, spanish);
        }
        assert_eq!(
            reservation(Locale::es, &ReservationError::EndsAfterExpiry { expires_on: day }),
            "El proyecto debe terminar como tarde el 1 mar 2027, cuando caduca el vale."
        );
        assert_eq!(
            report(Locale::en, &ReportProblem::DaysDelivered { voucher_days: PlanningDays::new(3) }),
            "Enter the days delivered, from 1 to the voucher's 3."
        );
        // A status inside a sentence is named in the sentence's language.
        use crate::domain::voucher_status::VoucherStatus;
        let not_redeemable = ReservationError::NotRedeemable { code: "X".into(), status: VoucherStatus::Reserved };
        assert_eq!(
            reservation(Locale::en, &not_redeemable),
            "Voucher X is reserved: only delivered vouchers can be redeemed."
        );
        assert!(reservation(Locale::es, &not_redeemable).contains("está reservado"));
    }
}
