//! The access policy: every action a person can take in the portal, and who may take it.
//!
//! Server functions, the pages' gate and the navigation all ask [`Action::allows`]; no
//! other place lists roles. (The authorization matrix in the server's tests is the
//! independent check: it writes down, call by call, who must get through.)

use super::roles::Role;
use serde::{Deserialize, Serialize};

/// What a person can do. Reading and changing data of one organisation is further limited
/// to that organisation's own data by the code that reads it; this says who may try.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// The dashboard, one's own account, the partner directory, a report or deliverable
    /// one's organisation may read: anyone signed in.
    UsePortal,
    /// One's own name, password, sessions and second factor: open even to someone who
    /// must still set up a second factor.
    ManageOwnAccount,
    /// Set up an authenticator app or add a passkey: open to someone who must still set
    /// one up; whoever has a second factor already shows it recently first (a stolen
    /// session must not add its own way in).
    AddSecondFactor,
    /// Turn one's authenticator off, remove a passkey or get new recovery codes: needs a
    /// recent second factor.
    ChangeSecondFactors,
    /// The operator clears a person's second factors (a lost phone), audited.
    ResetSecondFactors,
    /// People of one's own organisation: list, invite, disable.
    ManagePeople,
    /// The emails the portal wrote for one's organisation (the operator: all of them).
    ReadOutbox,
    ReadAuditLog,
    /// Offerings, engagement types, entitlement tiers, the agreement text.
    ManageCatalogue,
    /// Training, competencies, locations, the program agreement, enrollment and renewal.
    ManageEnrollment,
    /// The business profile customers find in the directory.
    ManageProfile,
    /// The consultants' passed exams.
    RecordExams,
    /// Customers: search the partner directory. (A published profile, or one's own, is open
    /// to anyone signed in.)
    FindPartners,
    /// Customers: licensing agreements and the Planning Services benefit.
    ManageAgreements,
    CreateVouchers,
    CancelVouchers,
    /// Customers: the vouchers (a project manager, those assigned to them).
    ReadVouchers,
    /// Partners: validate a voucher and reserve it.
    ReserveVouchers,
    /// Partners: give a reservation up or move its dates.
    ManageReservations,
    /// Partners: the engagements (a consultant, those naming them).
    ReadEngagements,
    /// Partners: every engagement and every consultant's exams of the organisation, not
    /// only one's own.
    OverseeConsultants,
    /// The completion report's draft and its deliverables.
    DraftReports,
    SubmitReports,
    Redeem,
    /// Partners: their claims and what can be claimed.
    ReadClaims,
    /// Partners: the organisation's legal registration for payment.
    RegisterForPayment,
    SetBankAccounts,
    /// Partners: submit, answer and withdraw claims.
    SubmitClaims,
    /// The operator's queue of every claim.
    ReviewClaims,
    /// Approve, return or reject a claim.
    DecideClaims,
    MarkClaimsPaid,
    /// The claims' payment-status report as CSV.
    ExportClaims,
}

use Role::{BenefitAdmin, Consultant, GlobalAdmin, IncentivesAdmin, MpnAdmin, Operator, ProjectManager};

impl Action {
    /// Every action, for the tests that walk the whole policy.
    pub const ALL: [Action; 32] = [
        Self::UsePortal,
        Self::ManageOwnAccount,
        Self::AddSecondFactor,
        Self::ChangeSecondFactors,
        Self::ResetSecondFactors,
        Self::ManagePeople,
        Self::ReadOutbox,
        Self::ReadAuditLog,
        Self::ManageCatalogue,
        Self::ManageEnrollment,
        Self::ManageProfile,
        Self::RecordExams,
        Self::FindPartners,
        Self::ManageAgreements,
        Self::CreateVouchers,
        Self::CancelVouchers,
        Self::ReadVouchers,
        Self::ReserveVouchers,
        Self::ManageReservations,
        Self::ReadEngagements,
        Self::OverseeConsultants,
        Self::DraftReports,
        Self::SubmitReports,
        Self::Redeem,
        Self::ReadClaims,
        Self::RegisterForPayment,
        Self::SetBankAccounts,
        Self::SubmitClaims,
        Self::ReviewClaims,
        Self::DecideClaims,
        Self::MarkClaimsPaid,
        Self::ExportClaims,
    ];

    /// The roles that may take this action. A role's organisation kind comes with it
    /// (`Role::org_kind`), so this also says which kind of organisation may.
    pub const fn roles(self) -> &'static [Role] {
        match self {
            Self::UsePortal | Self::ManageOwnAccount | Self::AddSecondFactor | Self::ChangeSecondFactors => &Role::ALL,
            Self::ManagePeople | Self::ReadOutbox => &[GlobalAdmin, BenefitAdmin, Operator],
            Self::ReadAuditLog
            | Self::ManageCatalogue
            | Self::ReviewClaims
            | Self::DecideClaims
            | Self::MarkClaimsPaid
            | Self::ResetSecondFactors => &[Operator],
            Self::ManageEnrollment
            | Self::ManageProfile
            | Self::ReserveVouchers
            | Self::ManageReservations
            | Self::SubmitReports
            | Self::Redeem
            | Self::OverseeConsultants => &[GlobalAdmin, MpnAdmin],
            Self::ReadClaims | Self::SubmitClaims => &[GlobalAdmin, MpnAdmin, IncentivesAdmin],
            Self::RecordExams | Self::ReadEngagements | Self::DraftReports => &[GlobalAdmin, MpnAdmin, Consultant],
            Self::ManageAgreements | Self::CreateVouchers | Self::CancelVouchers => &[BenefitAdmin],
            Self::ReadVouchers | Self::FindPartners => &[BenefitAdmin, ProjectManager],
            Self::RegisterForPayment | Self::SetBankAccounts => &[GlobalAdmin, IncentivesAdmin],
            Self::ExportClaims => &[GlobalAdmin, MpnAdmin, IncentivesAdmin, Operator],
        }
    }

    /// Actions that move money or change who gets it, and those that weaken the second
    /// factor itself: a second factor must have been shown within the last
    /// `second_factor::STEP_UP_MINUTES`.
    pub const fn needs_recent_factor(self) -> bool {
        matches!(
            self,
            Self::RegisterForPayment
                | Self::SetBankAccounts
                | Self::SubmitClaims
                | Self::MarkClaimsPaid
                | Self::AddSecondFactor
                | Self::ChangeSecondFactors
        )
    }

    /// Whether someone holding `role` may take this action.
    pub fn allows(self, role: Role) -> bool {
        self.roles().contains(&role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_listed_once() {
        for (index, action) in Action::ALL.iter().enumerate() {
            assert!(!Action::ALL[..index].contains(action), "{action:?} twice");
        }
    }

    #[test]
    fn a_global_admin_may_do_all_an_mpn_admin_may() {
        for action in Action::ALL {
            if action.allows(MpnAdmin) {
                assert!(action.allows(GlobalAdmin), "{action:?}");
            }
        }
    }

    #[test]
    fn each_action_belongs_to_the_kinds_of_organisation_it_serves() {
        use super::super::roles::OrgKind;
        let kinds = |action: Action| {
            let mut kinds: Vec<OrgKind> = action.roles().iter().map(|role| role.org_kind()).collect();
            kinds.dedup();
            kinds
        };
        assert_eq!(kinds(Action::ReserveVouchers), [OrgKind::Partner]);
        assert_eq!(kinds(Action::CreateVouchers), [OrgKind::Customer]);
        assert_eq!(kinds(Action::MarkClaimsPaid), [OrgKind::Program]);
        assert!(!Action::SetBankAccounts.allows(MpnAdmin), "bank accounts are the global admin's");
        assert!(!Action::SubmitClaims.allows(Consultant));
        for money in [Action::RegisterForPayment, Action::SetBankAccounts, Action::SubmitClaims, Action::ReadClaims] {
            assert!(money.allows(IncentivesAdmin), "{money:?}: the finance role's work");
        }
        for other in [Action::ReserveVouchers, Action::ManagePeople, Action::ManageEnrollment, Action::Redeem] {
            assert!(!other.allows(IncentivesAdmin), "{other:?}: not the finance role's");
        }
        assert!(Action::UsePortal.roles().len() == Role::ALL.len());
    }
}
