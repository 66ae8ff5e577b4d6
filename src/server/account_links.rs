//! Emailed single-use links that act for a person: confirming a new sign-up's address,
//! choosing a new password. The token is 256 random bits; only its SHA-256 is stored.

use super::db::account_tokens;
use super::mail::{self, Mail};
use super::state::AppState;
use crate::domain::{account::TokenPurpose, email::EmailAddress, ids::OrgId, ids::UserId};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A random token and the SHA-256 that is stored in its place.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Writes a new link for `purpose` and the email carrying it, inside the caller's
/// transaction. Without a mail server (`SMTP_URL` unset, as `make run` starts) the link is
/// also written to the server's log: the outbox shows admins that it was sent, never the
/// link itself.
#[allow(clippy::too_many_arguments)]
pub async fn issue(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    purpose: TokenPurpose,
    org_id: Option<OrgId>,
    user_id: UserId,
    email: &EmailAddress,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let (token, token_hash) = new_token();
    let expires_at = account_tokens::insert(&mut *tx, purpose, &token_hash, user_id, now).await?;
    let link = format!("{}{}{token}", state.config.public_url, purpose.path());
    if state.config.smtp_url.is_none() {
        tracing::info!(%email, %link, purpose = purpose.as_str(), "no SMTP_URL: the link is logged instead of sent");
    }
    let name = name.to_owned();
    let mail = match purpose {
        TokenPurpose::ConfirmEmail => Mail::VerifyEmail { name, link, expires_at },
        TokenPurpose::ResetPassword => Mail::PasswordReset { name, link, expires_at },
    };
    mail::send(&mut *tx, org_id, email.as_str(), mail, now).await
}

/// `issue` in a transaction of its own, for a link that is all a request writes.
pub async fn issue_alone(
    state: &AppState,
    purpose: TokenPurpose,
    user_id: UserId,
    email: &EmailAddress,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = state.db.pool.begin().await?;
    issue(&mut tx, state, purpose, None, user_id, email, name, now).await?;
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (first, first_hash) = new_token();
        let (second, _) = new_token();
        assert_ne!(first, second);
        assert_eq!(first.len(), 64);
        assert_ne!(first, first_hash);
        assert_eq!(hash_token(&first), first_hash);
    }
}
