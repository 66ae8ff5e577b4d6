//! The emails the portal sends, written in the recipient's language: the language a
//! person chose in the portal; English for a person who never chose (the program's
//! language: the sender's language says nothing about theirs); for someone without an
//! account yet (an invitee), the language of the person who invites them.
//! The words are in `locales/<lang>/mail.json`; dates, days and statuses are formatted
//! for that language like the pages.

use super::db::{notifications, outbox};
use crate::domain::{
    claim::ClaimAction,
    days::PlanningDays,
    ids::{OrgId, UserId},
    roles::Role,
};
use crate::locale::i18n::td_string;
use crate::locale::{format, labels, Locale};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// One email's facts; [`Mail::compose`] writes it in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mail {
    Invitation {
        name: String,
        inviter: String,
        org: String,
        role: Role,
        expires_at: DateTime<Utc>,
        link: String,
    },
    /// An invitation to an address that has an account elsewhere: to its owner only.
    InvitedWithAnAccount {
        name: String,
        inviter: String,
        org: String,
    },
    /// The link that proves a new sign-up's address.
    VerifyEmail {
        name: String,
        link: String,
        expires_at: DateTime<Utc>,
    },
    /// Someone signed up with an address that already has an account.
    AlreadyRegistered {
        name: String,
        sign_in: String,
    },
    /// The link that lets someone who forgot their password choose a new one.
    PasswordReset {
        name: String,
        link: String,
        expires_at: DateTime<Utc>,
    },
    /// The password was changed (or reset): if it was not them, they should act.
    PasswordChanged {
        name: String,
        forgot_password: String,
    },
    /// A second factor was added, turned off, reset by the operator, or its recovery codes
    /// renewed: if it was not them, they should act.
    SecondFactorChanged {
        name: String,
        change: FactorChange,
        account: String,
    },
    VoucherAssigned(Assignment),
    VoucherCancelled {
        name: String,
        by: String,
        code: String,
        days: PlanningDays,
        offering: String,
    },
    VoucherExpiring {
        name: String,
        code: String,
        days: PlanningDays,
        offering: String,
        expires_at: DateTime<Utc>,
    },
    VoucherExpired {
        name: String,
        code: String,
        days: PlanningDays,
        offering: String,
        days_returned: bool,
    },
    VoucherReserved(Reservation),
    ReservationReleased {
        name: String,
        partner: String,
        code: String,
    },
    DatesChanged {
        name: String,
        partner: String,
        code: String,
        now: (NaiveDate, NaiveDate),
        was: (NaiveDate, NaiveDate),
    },
    ClaimDecision {
        name: String,
        reference: String,
        action: ClaimAction,
        note: Option<ClaimNote>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub admin: String,
    pub admin_email: String,
    pub org: String,
    pub code: String,
    pub offering: String,
    pub days: PlanningDays,
    /// Empty: the whole organisation.
    pub division: String,
    pub expires_at: DateTime<Utc>,
    pub voucher_page: String,
    pub portal: String,
    /// The project manager gets a separate invitation to the portal.
    pub invited: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub name: String,
    pub partner: String,
    pub code: String,
    pub days: PlanningDays,
    pub offering: String,
    pub engagement: String,
    pub location: String,
    pub country: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub voucher_page: String,
}

/// What the operator added to a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimNote {
    /// The operator's own words (a return or a rejection), sent as written.
    Written(String),
    PaymentDue(NaiveDate),
    PaymentReference(String),
}

/// The outbox's names of the kinds whose body carries a secret link or concerns only its
/// recipient: admins reading the outbox see that they were sent, not what they say. (An
/// invitation to an address with an account elsewhere is filed as an invitation, so the
/// inviter cannot tell the two apart.)
const INVITATION: &str = "invitation";
const EMAIL_VERIFICATION: &str = "email_verification";
const ALREADY_REGISTERED: &str = "already_registered";
const PASSWORD_RESET: &str = "password_reset";
pub const PRIVATE_KINDS: [&str; 4] = [INVITATION, EMAIL_VERIFICATION, ALREADY_REGISTERED, PASSWORD_RESET];

/// What happened to a person's second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorChange {
    Added,
    TurnedOff,
    /// The operator cleared it (a lost phone).
    Reset,
    RecoveryCodesRenewed,
    PasskeyAdded,
    PasskeyRemoved,
}

impl Mail {
    /// The outbox's name for this kind of message.
    pub fn kind(&self) -> &'static str {
        match self {
            Mail::Invitation { .. } | Mail::InvitedWithAnAccount { .. } => INVITATION,
            Mail::VerifyEmail { .. } => EMAIL_VERIFICATION,
            Mail::AlreadyRegistered { .. } => ALREADY_REGISTERED,
            Mail::PasswordReset { .. } => PASSWORD_RESET,
            Mail::PasswordChanged { .. } => "password_changed",
            Mail::SecondFactorChanged { .. } => "second_factor_changed",
            Mail::VoucherAssigned(_) => "voucher_assigned",
            Mail::VoucherCancelled { .. } => "voucher_cancelled",
            Mail::VoucherExpiring { .. } => "voucher_expiring",
            Mail::VoucherExpired { .. } => "voucher_expired",
            Mail::VoucherReserved(_) => "voucher_reserved",
            Mail::ReservationReleased { .. } => "reservation_released",
            Mail::DatesChanged { .. } => "engagement_dates_changed",
            Mail::ClaimDecision { .. } => "claim_decision",
        }
    }

    /// The portal page the message is about, for the recipient's notification; `None` for
    /// the messages that carry a secret link or reach someone before they have an account.
    /// Voucher and claim messages open the search for the code or reference, which shows
    /// the voucher or the claim as it stands now and leads to its page.
    pub fn portal_page(&self) -> Option<String> {
        let code = |found: &str| format!("/search?find={found}");
        match self {
            Mail::Invitation { .. }
            | Mail::InvitedWithAnAccount { .. }
            | Mail::VerifyEmail { .. }
            | Mail::AlreadyRegistered { .. }
            | Mail::PasswordReset { .. } => None,
            Mail::PasswordChanged { .. } | Mail::SecondFactorChanged { .. } => Some("/account".to_owned()),
            Mail::VoucherAssigned(Assignment { code: voucher, .. })
            | Mail::VoucherReserved(Reservation { code: voucher, .. })
            | Mail::VoucherCancelled { code: voucher, .. }
            | Mail::VoucherExpiring { code: voucher, .. }
            | Mail::VoucherExpired { code: voucher, .. }
            | Mail::ReservationReleased { code: voucher, .. }
            | Mail::DatesChanged { code: voucher, .. } => Some(code(voucher)),
            Mail::ClaimDecision { reference, .. } => Some(code(reference)),
        }
    }

    fn recipient_name(&self) -> &str {
        match self {
            Mail::Invitation { name, .. }
            | Mail::InvitedWithAnAccount { name, .. }
            | Mail::VerifyEmail { name, .. }
            | Mail::AlreadyRegistered { name, .. }
            | Mail::PasswordReset { name, .. }
            | Mail::PasswordChanged { name, .. }
            | Mail::SecondFactorChanged { name, .. }
            | Mail::VoucherCancelled { name, .. }
            | Mail::VoucherExpiring { name, .. }
            | Mail::VoucherExpired { name, .. }
            | Mail::ReservationReleased { name, .. }
            | Mail::DatesChanged { name, .. }
            | Mail::ClaimDecision { name, .. } => name,
            Mail::VoucherAssigned(assignment) => &assignment.name,
            Mail::VoucherReserved(reservation) => &reservation.name,
        }
    }

    /// Subject and body in `locale`.
    pub fn compose(&self, locale: Locale) -> (String, String) {
        let (subject, paragraphs) = self.parts(locale);
        let greeting = td_string!(locale, mail.greeting, name = self.recipient_name().to_owned()).to_string();
        let mut body = greeting;
        for paragraph in paragraphs.iter().filter(|paragraph| !paragraph.is_empty()) {
            body.push_str("\n\n");
            body.push_str(paragraph);
        }
        body.push('\n');
        (subject, body)
    }

    fn parts(&self, locale: Locale) -> (String, Vec<String>) {
        let date = |day: NaiveDate| format::date(locale, day);
        let days = |days: PlanningDays| format::days(locale, days);
        match self {
            Mail::Invitation { inviter, org, role, expires_at, link, .. } => (
                td_string!(locale, mail.invitation_subject, org = org.clone()).to_string(),
                vec![td_string!(
                    locale,
                    mail.invitation_body,
                    inviter = inviter.clone(),
                    org = org.clone(),
                    role = labels::role(locale, *role),
                    expires = format::date_time(locale, *expires_at),
                    link = link.clone()
                )
                .to_string()],
            ),
            Mail::InvitedWithAnAccount { inviter, org, .. } => (
                td_string!(locale, mail.invitation_subject, org = org.clone()).to_string(),
                vec![td_string!(locale, mail.invited_with_account_body, inviter = inviter.clone(), org = org.clone())
                    .to_string()],
            ),
            Mail::VerifyEmail { link, expires_at, .. } => (
                td_string!(locale, mail.verify_subject).to_owned(),
                vec![td_string!(
                    locale,
                    mail.verify_body,
                    expires = format::date_time(locale, *expires_at),
                    link = link.clone()
                )
                .to_string()],
            ),
            Mail::AlreadyRegistered { sign_in, .. } => (
                td_string!(locale, mail.already_registered_subject).to_owned(),
                vec![td_string!(locale, mail.already_registered_body, link = sign_in.clone()).to_string()],
            ),
            Mail::PasswordReset { link, expires_at, .. } => (
                td_string!(locale, mail.reset_subject).to_owned(),
                vec![td_string!(
                    locale,
                    mail.reset_body,
                    expires = format::date_time(locale, *expires_at),
                    link = link.clone()
                )
                .to_string()],
            ),
            Mail::PasswordChanged { forgot_password, .. } => (
                td_string!(locale, mail.changed_subject).to_owned(),
                vec![td_string!(locale, mail.changed_body, link = forgot_password.clone()).to_string()],
            ),
            Mail::SecondFactorChanged { change, account, .. } => {
                let what = match change {
                    FactorChange::Added => td_string!(locale, mail.factor_added),
                    FactorChange::TurnedOff => td_string!(locale, mail.factor_turned_off),
                    FactorChange::Reset => td_string!(locale, mail.factor_reset),
                    FactorChange::RecoveryCodesRenewed => td_string!(locale, mail.factor_codes_renewed),
                    FactorChange::PasskeyAdded => td_string!(locale, mail.factor_passkey_added),
                    FactorChange::PasskeyRemoved => td_string!(locale, mail.factor_passkey_removed),
                };
                (
                    td_string!(locale, mail.factor_subject).to_owned(),
                    vec![what.to_owned(), td_string!(locale, mail.factor_check, link = account.clone()).to_string()],
                )
            }
            Mail::VoucherAssigned(a) => {
                let division = labels::division(locale, &a.division);
                let invited =
                    if a.invited { td_string!(locale, mail.assigned_invited).to_owned() } else { String::new() };
                (
                    td_string!(locale, mail.assigned_subject, days = days(a.days), offering = a.offering.clone())
                        .to_string(),
                    vec![
                        td_string!(
                            locale,
                            mail.assigned_body,
                            admin = a.admin.clone(),
                            org = a.org.clone(),
                            code = a.code.clone(),
                            offering = a.offering.clone(),
                            days = days(a.days),
                            division = division,
                            expires = date(a.expires_at.date_naive()),
                            portal = a.portal.clone(),
                            admin_email = a.admin_email.clone()
                        )
                        .to_string(),
                        invited,
                        td_string!(locale, mail.voucher_page, link = a.voucher_page.clone()).to_string(),
                    ],
                )
            }
            Mail::VoucherCancelled { by, code, days: count, offering, .. } => (
                td_string!(locale, mail.cancelled_subject, code = code.clone()).to_string(),
                vec![td_string!(
                    locale,
                    mail.cancelled_body,
                    by = by.clone(),
                    code = code.clone(),
                    days = days(*count),
                    offering = offering.clone()
                )
                .to_string()],
            ),
            Mail::VoucherExpiring { code, days: count, offering, expires_at, .. } => (
                td_string!(locale, mail.expiring_subject, code = code.clone(), date = date(expires_at.date_naive()))
                    .to_string(),
                vec![td_string!(
                    locale,
                    mail.expiring_body,
                    code = code.clone(),
                    days = days(*count),
                    offering = offering.clone(),
                    date = date(expires_at.date_naive())
                )
                .to_string()],
            ),
            Mail::VoucherExpired { code, days: count, offering, days_returned, .. } => {
                let fate = if *days_returned {
                    td_string!(locale, mail.expired_returned, days = days(*count)).to_string()
                } else {
                    td_string!(locale, mail.expired_lost).to_owned()
                };
                let expired = td_string!(
                    locale,
                    mail.expired_body,
                    code = code.clone(),
                    days = days(*count),
                    offering = offering.clone()
                );
                (
                    td_string!(locale, mail.expired_subject, code = code.clone()).to_string(),
                    vec![format!("{expired} {fate}")],
                )
            }
            Mail::VoucherReserved(r) => (
                td_string!(locale, mail.reserved_subject, partner = r.partner.clone(), code = r.code.clone())
                    .to_string(),
                vec![
                    td_string!(
                        locale,
                        mail.reserved_body,
                        partner = r.partner.clone(),
                        code = r.code.clone(),
                        days = days(r.days),
                        offering = r.offering.clone(),
                        engagement = r.engagement.clone(),
                        location = r.location.clone(),
                        country = r.country.clone(),
                        starts = date(r.starts_on),
                        ends = date(r.ends_on)
                    )
                    .to_string(),
                    td_string!(locale, mail.voucher_page, link = r.voucher_page.clone()).to_string(),
                ],
            ),
            Mail::ReservationReleased { partner, code, .. } => (
                td_string!(locale, mail.released_subject, partner = partner.clone(), code = code.clone()).to_string(),
                vec![td_string!(locale, mail.released_body, partner = partner.clone(), code = code.clone()).to_string()],
            ),
            Mail::DatesChanged { partner, code, now, was, .. } => (
                td_string!(locale, mail.dates_subject, code = code.clone()).to_string(),
                vec![td_string!(
                    locale,
                    mail.dates_body,
                    partner = partner.clone(),
                    code = code.clone(),
                    starts = date(now.0),
                    ends = date(now.1),
                    old_starts = date(was.0),
                    old_ends = date(was.1)
                )
                .to_string()],
            ),
            Mail::ClaimDecision { reference, action, note, .. } => {
                let (done, subject_word) = claim_action_words(locale, *action);
                let note = match note {
                    None => String::new(),
                    Some(ClaimNote::Written(text)) => text.clone(),
                    Some(ClaimNote::PaymentDue(due)) => {
                        td_string!(locale, mail.claim_due, date = date(*due)).to_string()
                    }
                    Some(ClaimNote::PaymentReference(reference)) => {
                        td_string!(locale, mail.claim_paid_reference, reference = reference.clone()).to_string()
                    }
                };
                (
                    td_string!(locale, mail.claim_subject, reference = reference.clone(), action = subject_word)
                        .to_string(),
                    vec![
                        td_string!(locale, mail.claim_body, action = done, reference = reference.clone()).to_string(),
                        note,
                    ],
                )
            }
        }
    }
}

/// The verb for the body ("approved") and the word for the subject ("aprobada" in Spanish,
/// which agrees with the claim).
fn claim_action_words(locale: Locale, action: ClaimAction) -> (&'static str, &'static str) {
    match action {
        ClaimAction::Withdraw => {
            (td_string!(locale, mail.action_withdrawn), td_string!(locale, mail.subject_withdrawn))
        }
        ClaimAction::Approve => (td_string!(locale, mail.action_approved), td_string!(locale, mail.subject_approved)),
        ClaimAction::Return => (td_string!(locale, mail.action_returned), td_string!(locale, mail.subject_returned)),
        ClaimAction::Reject => (td_string!(locale, mail.action_rejected), td_string!(locale, mail.subject_rejected)),
        ClaimAction::Resubmit => {
            (td_string!(locale, mail.action_resubmitted), td_string!(locale, mail.subject_resubmitted))
        }
        ClaimAction::Pay => (td_string!(locale, mail.action_paid), td_string!(locale, mail.subject_paid)),
    }
}

/// The accounts behind `addresses`, those that have one, with the language to write to each in.
async fn accounts(
    db: &mut AnyConnection,
    addresses: &[&str],
) -> Result<HashMap<String, (UserId, Locale)>, sqlx::Error> {
    let mut found = HashMap::new();
    for chunk in addresses.chunks(super::db::ROWS_PER_STATEMENT) {
        let sql = format!(
            "SELECT email, id, language FROM users WHERE email IN ({})",
            super::db::placeholder_list(chunk.len(), 1)
        );
        let query = chunk.iter().fold(sqlx::query_as::<_, (String, String, Option<String>)>(&sql), |query, address| {
            query.bind(address.to_string())
        });
        for (email, id, chosen) in query.fetch_all(&mut *db).await? {
            let language = chosen.and_then(|code| crate::locale::parse(&code).ok()).unwrap_or(Locale::en);
            found.insert(email, (super::db::parse_stored("users.id", &id)?, language));
        }
    }
    Ok(found)
}

/// One message of several written at once.
pub struct Outgoing {
    /// The organisation whose admins may read it in the app.
    pub org_id: Option<OrgId>,
    pub to: String,
    pub mail: Mail,
}

/// Writes `mail` in its recipient's language and puts it in the outbox, inside the
/// caller's transaction (the message is sent only if the change it reports commits);
/// a recipient with an account also finds it among their notifications.
pub async fn send(
    db: &mut AnyConnection,
    org_id: Option<OrgId>,
    to: &str,
    mail: Mail,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    send_all(db, vec![Outgoing { org_id, to: to.to_owned(), mail }], at).await
}

/// `send` for many messages at once (a job's batch): a few statements for the lot. Someone
/// without an account gets the message in the language of the change that wrote it.
pub async fn send_all(db: &mut AnyConnection, messages: Vec<Outgoing>, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let addresses: Vec<&str> = messages.iter().map(|message| message.to.as_str()).collect();
    let accounts = accounts(db, &addresses).await?;
    /// A message written in its recipient's language.
    struct Written<'a> {
        message: &'a Outgoing,
        account: Option<UserId>,
        subject: String,
        body: String,
        link: Option<String>,
    }
    let written: Vec<Written> = messages
        .iter()
        .map(|message| {
            let (account, language) = accounts
                .get(&message.to)
                .map_or((None, crate::locale::current()), |(id, language)| (Some(*id), *language));
            let (subject, body) = message.mail.compose(language);
            Written { message, account, subject, body, link: message.mail.portal_page() }
        })
        .collect();
    let notifications: Vec<notifications::NewNotification> = written
        .iter()
        .filter_map(|written| {
            Some(notifications::NewNotification {
                user_id: written.account?,
                kind: written.message.mail.kind(),
                subject: &written.subject,
                link: written.link.as_deref()?,
            })
        })
        .collect();
    notifications::record_all(&mut *db, &notifications, at).await?;
    let outgoing: Vec<outbox::NewMessage> = written
        .iter()
        .map(|written| outbox::NewMessage {
            org_id: written.message.org_id,
            kind: written.message.mail.kind(),
            to: &written.message.to,
            subject: written.subject.clone(),
            body: written.body.clone(),
        })
        .collect();
    outbox::enqueue_all(&mut *db, &outgoing, at).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expiring() -> Mail {
        Mail::VoucherExpiring {
            name: "Pablo".into(),
            code: "ABCD-EFGH".into(),
            days: PlanningDays::new(3),
            offering: "Data Platform".into(),
            expires_at: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap().and_hms_opt(12, 0, 0).unwrap().and_utc(),
        }
    }

    #[test]
    fn an_email_reads_in_the_language_it_is_written_in_with_dates_formatted_for_it() {
        let (subject, body) = expiring().compose(Locale::en);
        assert_eq!(subject, "Voucher ABCD-EFGH expires on 1 Mar 2027");
        assert!(
            body.starts_with("Hello Pablo,\n\nThe Planning Services voucher ABCD-EFGH (3 days of Data Platform)"),
            "{body}"
        );
        let (subject, body) = expiring().compose(Locale::es);
        assert_eq!(subject, "El vale ABCD-EFGH caduca el 1 mar 2027");
        assert!(
            body.starts_with("Hola, Pablo:\n\nEl vale de Planning Services ABCD-EFGH (3 días de Data Platform)"),
            "{body}"
        );
    }

    #[test]
    fn optional_paragraphs_are_left_out_rather_than_left_blank() {
        let decision = |note| Mail::ClaimDecision {
            name: "Marta".into(),
            reference: "SAVB-2026-1".into(),
            action: ClaimAction::Approve,
            note,
        };
        let (subject, plain) = decision(None).compose(Locale::en);
        assert_eq!(subject, "Payment claim SAVB-2026-1 approved");
        assert_eq!(plain, "Hello Marta,\n\nThe program operator approved your payment claim SAVB-2026-1.\n");
        let due = NaiveDate::from_ymd_opt(2026, 12, 26).unwrap();
        let (subject, body) = decision(Some(ClaimNote::PaymentDue(due))).compose(Locale::es);
        assert_eq!(subject, "Solicitud de pago SAVB-2026-1 aprobada");
        assert!(
            body.ends_with(
                "El operador del programa aprobó su solicitud de pago SAVB-2026-1.\n\nEl pago vence el 26 dic 2026.\n"
            ),
            "{body}"
        );
    }
}
