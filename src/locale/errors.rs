//! What went wrong, in the reader's language: the portal's own errors are written here
//! (English included, so the two languages cannot drift apart); sentences the server
//! composed about a particular case (`NotFound`, `Conflict`, a field's message) are
//! shown as it wrote them.

use super::i18n::td_string;
use super::Locale;
use crate::error::AppError;
use leptos::server_fn::error::ServerFnErrorErr;

pub fn message(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Validation(_) => td_string!(locale, common.errors.validation).to_owned(),
        AppError::Unauthenticated => td_string!(locale, common.errors.unauthenticated).to_owned(),
        AppError::InvalidCredentials => td_string!(locale, common.errors.invalid_credentials).to_owned(),
        AppError::Forbidden => td_string!(locale, common.errors.forbidden).to_owned(),
        AppError::CrossSite => td_string!(locale, common.errors.cross_site).to_owned(),
        AppError::SecondFactorSetUpNeeded => td_string!(locale, common.errors.second_factor_setup).to_owned(),
        AppError::StepUpNeeded => td_string!(locale, common.errors.step_up).to_owned(),
        AppError::TooManyAttempts { minutes } => {
            td_string!(locale, common.errors.too_many_attempts, minutes = *minutes).to_string()
        }
        AppError::NotFound(sentence) | AppError::Conflict(sentence) => sentence.clone(),
        AppError::Internal => td_string!(locale, common.errors.internal).to_owned(),
        AppError::Transport(
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_),
        ) => td_string!(locale, common.errors.unreadable).to_owned(),
        AppError::Transport(ServerFnErrorErr::Request(_)) => td_string!(locale, common.errors.unreachable).to_owned(),
        AppError::Transport(_) => td_string!(locale, common.errors.transport).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::FieldError;

    fn every_kind() -> Vec<AppError> {
        vec![
            AppError::Validation(vec![FieldError::new("email", "Enter an email address.")]),
            AppError::Unauthenticated,
            AppError::InvalidCredentials,
            AppError::Forbidden,
            AppError::CrossSite,
            AppError::SecondFactorSetUpNeeded,
            AppError::StepUpNeeded,
            AppError::TooManyAttempts { minutes: 15 },
            AppError::NotFound("No such voucher.".into()),
            AppError::Conflict("Already reserved.".into()),
            AppError::Internal,
            AppError::Transport(ServerFnErrorErr::Args("serde_qs: bad".into())),
            AppError::Transport(ServerFnErrorErr::Request("offline".into())),
            AppError::Transport(ServerFnErrorErr::Response("garbled".into())),
        ]
    }

    #[test]
    fn every_error_reads_in_both_languages_without_internals() {
        for error in every_kind() {
            let (english, spanish) = (message(Locale::en, &error), message(Locale::es, &error));
            assert!(!english.is_empty() && !spanish.is_empty(), "{error:?}");
            assert!(!english.contains("serde") && !spanish.contains("serde"), "{error:?}");
            let composed_by_the_server = matches!(error, AppError::NotFound(_) | AppError::Conflict(_));
            assert_eq!(english == spanish, composed_by_the_server, "{error:?} is translated");
        }
        assert!(message(Locale::es, &AppError::TooManyAttempts { minutes: 15 }).contains("15 minutos"));
    }
}
