//! The second sign-in step: who must have one, when an action needs it to be recent, the
//! codes people type (six digits from an authenticator app, or a recovery code) and the
//! passkeys they hold.

use super::access::Action;
use super::ids::PasskeyId;
use super::roles::Role;
use super::text::{single_line, TextError};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How recently a second factor must have been shown for an action that moves money.
pub const STEP_UP_MINUTES: i64 = 15;

/// How long a correct password waits for its second step before it must be typed again.
pub const PENDING_SIGN_IN_MINUTES: i64 = 10;

/// Recovery codes issued at once (each works once).
pub const RECOVERY_CODES: usize = 10;

/// The letters of a recovery code: no 0/o, 1/l/i, so it reads back unambiguously.
pub const RECOVERY_ALPHABET: &[u8; 31] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Characters in a recovery code, without the dash shown in its middle.
pub const RECOVERY_CODE_CHARS: usize = 10;

/// Where a person stands with their second factor, as the server read it for this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FactorState {
    /// The portal runs with second factors enforced (`REQUIRE_SECOND_FACTOR`).
    pub enforced: bool,
    /// They have a confirmed authenticator app or a passkey.
    pub enrolled: bool,
    /// They must have one: the operator always, anyone whose organisation asks for it.
    pub required: bool,
}

impl FactorState {
    pub fn new(enforced: bool, role: Role, organisation_requires: bool, enrolled: bool) -> Self {
        Self { enforced, enrolled, required: enforced && (role == Role::Operator || organisation_requires) }
    }

    /// Required but not set up yet: until it is, only their own account page is open.
    pub fn must_set_up(self) -> bool {
        self.required && !self.enrolled
    }

    /// Whether a missing second factor keeps them from `action` (everything but their own
    /// account and setting one up, until they have).
    pub fn blocks(self, action: Action) -> bool {
        self.must_set_up() && !matches!(action, Action::ManageOwnAccount | Action::AddSecondFactor)
    }

    /// Whether signing in with the right password still needs the second step.
    pub fn asks_at_sign_in(self) -> bool {
        self.enrolled
    }

    /// Whether `action` may go ahead now, given when the second factor was last shown in
    /// this session.
    pub fn gate(self, action: Action, verified_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> FactorGate {
        if self.blocks(action) {
            return FactorGate::SetUpFirst;
        }
        // Without enforcement, people who chose a factor still confirm before money moves.
        if !action.needs_recent_factor() || !(self.enforced || self.enrolled) {
            return FactorGate::Open;
        }
        if !self.enrolled {
            // The first one is added with nothing to show; only later ones need a recent one.
            return if action == Action::AddSecondFactor { FactorGate::Open } else { FactorGate::SetUpFirst };
        }
        match verified_at {
            Some(at) if now - at <= Duration::minutes(STEP_UP_MINUTES) && at <= now => FactorGate::Open,
            _ => FactorGate::ConfirmItIsYou,
        }
    }
}

/// What the second factor asks of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorGate {
    Open,
    /// Set up an authenticator on the account page first.
    SetUpFirst,
    /// Enter a code again (step-up): the last one is older than [`STEP_UP_MINUTES`].
    ConfirmItIsYou,
}

/// A code typed at the second step, told apart by its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactorCode {
    /// Six digits from an authenticator app.
    OneTime(String),
    /// A recovery code, normalised (lower case, no dash or spaces).
    Recovery(String),
}

/// Why a typed code was not even tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorCodeError {
    Missing,
    Malformed,
}

impl FactorCode {
    pub const MAX_CHARS: usize = 32;

    pub fn parse(input: &str) -> Result<Self, FactorCodeError> {
        if input.chars().count() > Self::MAX_CHARS {
            return Err(FactorCodeError::Malformed);
        }
        let compact: String =
            input.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_lowercase).collect();
        if compact.is_empty() {
            return Err(FactorCodeError::Missing);
        }
        if compact.len() == 6 && compact.bytes().all(|byte| byte.is_ascii_digit()) {
            return Ok(Self::OneTime(compact));
        }
        let readable = |byte: u8| RECOVERY_ALPHABET.contains(&byte);
        if compact.len() == RECOVERY_CODE_CHARS && compact.bytes().all(readable) {
            return Ok(Self::Recovery(compact));
        }
        Err(FactorCodeError::Malformed)
    }
}

/// A recovery code as shown once to its owner: `abcde-fghjk`.
pub fn show_recovery_code(normalised: &str) -> String {
    let (first, second) = normalised.split_at(normalised.len() / 2);
    format!("{first}-{second}")
}

/// Why the server refused a change to a second factor (worded in `locale::messages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactorRefusal {
    /// The code matched neither the authenticator nor an unused recovery code.
    WrongCode,
    AlreadySetUp,
    /// Confirming an authenticator that was never started (or was replaced).
    NothingToConfirm,
    NotSetUp,
    /// Turning it off while the operator role or the organisation requires it.
    Required,
    /// The second step of a sign-in that was never started or took too long.
    SignInAgain,
    NoSuchPerson,
    /// The portal is not reached by a domain name (`PUBLIC_URL`), which passkeys need.
    PasskeysUnavailable,
    /// A passkey answer that does not belong to the request the server made, or took too
    /// long: start again.
    PasskeyStartAgain,
    /// The browser's passkey answer did not verify (or names no passkey of this portal).
    PasskeyNotAccepted,
    /// This passkey is registered already (here or on another account).
    PasskeyAlreadyRegistered,
    NoSuchPasskey,
    /// More passkeys than [`MAX_PASSKEYS`] on one account.
    TooManyPasskeys,
    /// A passkey asked for of someone who has none.
    NoPasskeys,
    /// The browser's passkey prompt was dismissed or timed out.
    PasskeyCancelled,
    /// This browser cannot make or use passkeys.
    PasskeysUnsupported,
}

/// Passkeys one account may hold: enough for every device and a spare security key, and
/// a bound on what a confirmation asks the browser about.
pub const MAX_PASSKEYS: usize = 10;

/// How long a passkey request waits for the browser's answer.
pub const PASSKEY_CEREMONY_MINUTES: i64 = 5;

/// The name a person gives a passkey ("Work laptop"), so they can tell theirs apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyName(String);

impl PasskeyName {
    pub const MAX_CHARS: usize = 60;

    /// One line, inner runs of white space made one space; an empty name is "Passkey".
    pub fn parse(input: &str) -> Result<Self, TextError> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Ok(Self("Passkey".to_owned()));
        }
        single_line(&name, Self::MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One of a person's passkeys, as their account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeySummary {
    pub id: PasskeyId,
    pub name: String,
    pub added_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// What the account page shows about the second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorSummary {
    pub state: FactorState,
    /// They have a confirmed authenticator app.
    pub authenticator: bool,
    pub passkeys: Vec<PasskeySummary>,
    /// Whether passkeys work here (see [`FactorRefusal::PasskeysUnavailable`]).
    pub passkeys_available: bool,
    pub recovery_codes_left: u32,
    /// Whether the organisation requires a second factor of all its members.
    pub organisation_requires: bool,
}

/// An authenticator being set up: what the person scans or types into their app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    /// The secret in base32, for apps that cannot scan.
    pub secret: String,
    /// The QR code of the `otpauth://` address, as SVG markup drawn by the server.
    pub qr_svg: String,
}

/// What a successful second step or a set-up answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInStep {
    /// Signed in.
    Done,
    /// The password was right; now the second factor.
    SecondFactor,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn the_operator_must_have_a_second_factor_when_enforced_and_others_when_their_organisation_asks() {
        assert!(FactorState::new(true, Role::Operator, false, false).must_set_up());
        assert!(!FactorState::new(true, Role::GlobalAdmin, false, false).must_set_up());
        assert!(FactorState::new(true, Role::Consultant, true, false).must_set_up());
        assert!(!FactorState::new(true, Role::Consultant, true, true).must_set_up());
        assert!(!FactorState::new(false, Role::Operator, true, false).must_set_up(), "not enforced");
    }

    #[test]
    fn until_it_is_set_up_only_the_own_account_is_open() {
        let state = FactorState::new(true, Role::Operator, false, false);
        let open = [Action::ManageOwnAccount, Action::AddSecondFactor];
        for action in open {
            assert_eq!(state.gate(action, None, at(0)), FactorGate::Open, "{action:?}");
        }
        for action in Action::ALL.into_iter().filter(|action| !open.contains(action)) {
            assert_eq!(state.gate(action, None, at(0)), FactorGate::SetUpFirst, "{action:?}");
        }
    }

    #[test]
    fn money_moves_only_within_fifteen_minutes_of_a_code() {
        let state = FactorState::new(true, Role::GlobalAdmin, false, true);
        let shown = Some(at(0));
        assert_eq!(state.gate(Action::SetBankAccounts, shown, at(15)), FactorGate::Open);
        assert_eq!(state.gate(Action::SetBankAccounts, shown, at(16)), FactorGate::ConfirmItIsYou);
        assert_eq!(state.gate(Action::SetBankAccounts, None, at(0)), FactorGate::ConfirmItIsYou);
        assert_eq!(
            state.gate(Action::SetBankAccounts, Some(at(5)), at(0)),
            FactorGate::ConfirmItIsYou,
            "from the future"
        );
        assert_eq!(state.gate(Action::ReadClaims, None, at(0)), FactorGate::Open, "reading needs no step-up");
        let without = FactorState::new(true, Role::GlobalAdmin, false, false);
        assert_eq!(without.gate(Action::SubmitClaims, None, at(0)), FactorGate::SetUpFirst);
        let relaxed = FactorState::new(false, Role::GlobalAdmin, false, false);
        assert_eq!(relaxed.gate(Action::SubmitClaims, None, at(0)), FactorGate::Open, "not enforced, none chosen");
        let chosen = FactorState::new(false, Role::GlobalAdmin, false, true);
        assert_eq!(chosen.gate(Action::SubmitClaims, None, at(0)), FactorGate::ConfirmItIsYou, "chosen, so used");
    }

    #[test]
    fn the_first_factor_is_added_freely_and_later_ones_after_showing_one() {
        let must = FactorState::new(true, Role::Operator, false, false);
        assert_eq!(must.gate(Action::AddSecondFactor, None, at(0)), FactorGate::Open);
        let relaxed = FactorState::new(false, Role::Consultant, false, false);
        assert_eq!(relaxed.gate(Action::AddSecondFactor, None, at(0)), FactorGate::Open);
        let enrolled = FactorState::new(false, Role::Consultant, false, true);
        assert_eq!(enrolled.gate(Action::AddSecondFactor, None, at(0)), FactorGate::ConfirmItIsYou);
        assert_eq!(enrolled.gate(Action::AddSecondFactor, Some(at(0)), at(10)), FactorGate::Open);
    }

    #[test]
    fn a_passkey_name_is_tidied_bounded_and_never_empty() {
        assert_eq!(PasskeyName::parse("  Work   laptop ").unwrap().as_str(), "Work laptop");
        assert_eq!(PasskeyName::parse(" \t ").unwrap().as_str(), "Passkey");
        assert_eq!(PasskeyName::parse(&"x".repeat(60)).unwrap().as_str().len(), 60);
        assert_eq!(PasskeyName::parse(&"x".repeat(61)), Err(TextError::TooLong { max: 60, found: 61 }));
        assert_eq!(PasskeyName::parse(&" ".repeat(100_000)).unwrap().as_str(), "Passkey");
        assert_eq!(PasskeyName::parse("Laptop\0"), Err(TextError::ControlCharacter), "PostgreSQL text holds no NUL");
        assert_eq!(PasskeyName::parse("Lap\u{fffd}top"), Err(TextError::Unreadable));
    }

    #[test]
    fn codes_are_told_apart_by_shape() {
        assert_eq!(FactorCode::parse(" 123 456 "), Ok(FactorCode::OneTime("123456".into())));
        assert_eq!(FactorCode::parse("ABCDE-FGHJK"), Ok(FactorCode::Recovery("abcdefghjk".into())));
        assert_eq!(FactorCode::parse(""), Err(FactorCodeError::Missing));
        assert_eq!(FactorCode::parse("12345"), Err(FactorCodeError::Malformed));
        assert_eq!(FactorCode::parse("abcde-fghj1"), Err(FactorCodeError::Malformed), "1 is not in the alphabet");
        assert_eq!(FactorCode::parse(&"9".repeat(10_000)), Err(FactorCodeError::Malformed));
        assert_eq!(show_recovery_code("abcdefghjk"), "abcde-fghjk");
    }

    proptest! {
        #[test]
        fn any_input_parses_or_is_refused_without_panicking(input in ".{0,64}") {
            let _ = FactorCode::parse(&input);
        }

        #[test]
        fn a_shown_recovery_code_parses_back(code in "[abcdefghjkmnpqrstuvwxyz23456789]{10}") {
            prop_assert_eq!(FactorCode::parse(&show_recovery_code(&code)), Ok(FactorCode::Recovery(code)));
        }
    }
}
