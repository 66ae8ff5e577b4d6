//! The one error type every server function returns, shared with the client.
//!
//! Each variant carries a message fit for the person using the portal; internal
//! details (SQL text, stack traces) are logged on the server and never sent.

use crate::domain::validation::FieldError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every kind of failure a server function answers with. The words people read are in
/// `crate::locale::errors`, in each language; `Display` gives the English ones (logs, tests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// Form input that breaks a rule; each field gets its own message.
    Validation(Vec<FieldError>),
    Unauthenticated,
    /// Deliberately the same for an unknown email and a wrong password.
    InvalidCredentials,
    Forbidden,
    /// A state-changing request a browser sent from another site (CSRF defence).
    CrossSite,
    /// Their role or organisation requires a second factor they have not set up yet.
    SecondFactorSetUpNeeded,
    /// The action moves money: a second factor must have been shown in the last minutes.
    StepUpNeeded,
    /// Too many attempts (sign-in, voucher validation) from one account or address.
    TooManyAttempts {
        minutes: u32,
    },
    /// Carries the whole sentence, e.g. "This invitation link is no longer valid."
    NotFound(String),
    /// The request was fine but the state of things does not allow it now
    /// (a duplicate, a voucher already reserved, ...).
    Conflict(String),
    Internal,
    /// Raised by the server-function machinery itself: unreadable arguments on the
    /// server, or an unreachable server on the client.
    Transport(ServerFnErrorErr),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::locale::errors::message(crate::locale::Locale::en, self))
    }
}

impl std::error::Error for AppError {}

impl AppError {
    /// A validation failure on a single field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    /// The message for `field`, if this error has one.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            Self::Validation(errors) => {
                errors.iter().find(|error| error.field == field).map(|error| error.message.clone())
            }
            _ => None,
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Validation(_) => 422,
            Self::Unauthenticated | Self::InvalidCredentials => 401,
            Self::Forbidden | Self::CrossSite | Self::SecondFactorSetUpNeeded | Self::StepUpNeeded => 403,
            Self::TooManyAttempts { .. } => 429,
            Self::NotFound(_) => 404,
            Self::Conflict(_) => 409,
            Self::Internal => 500,
            Self::Transport(
                ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_),
            ) => 400,
            Self::Transport(ServerFnErrorErr::UnsupportedRequestMethod(_)) => 405,
            Self::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// The machinery's own words may quote the request (serde_qs repeats an offending key
    /// whole), so they are cut short: an answer never echoes unbounded input.
    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        Self::Transport(bounded(error))
    }
}

/// The longest detail of a transport error that is kept, in characters.
const TRANSPORT_DETAIL_CHARS: usize = 120;

fn bounded(error: ServerFnErrorErr) -> ServerFnErrorErr {
    use ServerFnErrorErr as E;
    let cut = |detail: String| -> String {
        match detail.char_indices().nth(TRANSPORT_DETAIL_CHARS) {
            Some((end, _)) => format!("{}…", &detail[..end]),
            None => detail,
        }
    };
    match error {
        E::Registration(detail) => E::Registration(cut(detail)),
        E::UnsupportedRequestMethod(detail) => E::UnsupportedRequestMethod(cut(detail)),
        E::Request(detail) => E::Request(cut(detail)),
        E::ServerError(detail) => E::ServerError(cut(detail)),
        E::MiddlewareError(detail) => E::MiddlewareError(cut(detail)),
        E::Deserialization(detail) => E::Deserialization(cut(detail)),
        E::Serialization(detail) => E::Serialization(cut(detail)),
        E::Args(detail) => E::Args(cut(detail)),
        E::MissingArg(detail) => E::MissingArg(cut(detail)),
        E::Response(detail) => E::Response(cut(detail)),
    }
}

impl From<crate::domain::validation::FormErrors> for AppError {
    fn from(errors: crate::domain::validation::FormErrors) -> Self {
        Self::Validation(errors.into_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_input_problems_are_4xx_and_only_our_own_faults_are_5xx() {
        assert_eq!(AppError::field("email", "bad").status(), 422);
        assert_eq!(AppError::Transport(ServerFnErrorErr::Args("x".into())).status(), 400);
        assert_eq!(AppError::Transport(ServerFnErrorErr::MissingArg("x".into())).status(), 400);
        assert_eq!(AppError::InvalidCredentials.status(), 401);
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn transport_errors_never_show_raw_internals() {
        let error = AppError::Transport(ServerFnErrorErr::Args("serde_qs: invalid type at line 3".into()));
        assert!(!error.to_string().contains("serde_qs"));
    }

    #[test]
    fn transport_details_never_echo_more_than_a_line_of_the_request() {
        let key = "k".repeat(70_000);
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args(format!("duplicate field `{key}`")));
        let AppError::Transport(ServerFnErrorErr::Args(detail)) = &error else { panic!("{error:?}") };
        assert_eq!(detail.chars().count(), TRANSPORT_DETAIL_CHARS + 1, "cut, with an ellipsis");
        assert!(error.ser().len() < 1_000);
        let short = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("email".into()));
        assert_eq!(short, AppError::Transport(ServerFnErrorErr::MissingArg("email".into())));
        let multibyte = AppError::from_server_fn_error(ServerFnErrorErr::Args("é".repeat(500)));
        assert!(multibyte.ser().len() < 1_000, "cut on a character boundary");
    }

    #[test]
    fn errors_survive_the_wire() {
        let error = AppError::Validation(vec![FieldError::new("email", "Enter an email address.")]);
        let bytes = error.ser();
        assert_eq!(AppError::de(bytes), error);
    }
}
