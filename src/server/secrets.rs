//! Secrets at rest: bank account numbers (and, with second factors, their secrets) are
//! stored sealed with AES-256-GCM under the data key, never in clear. Each sealed value
//! names the key that sealed it, so keys can be rotated: the current key seals, retired
//! keys still open, and at start every value sealed otherwise is sealed again under the
//! current key (`reseal_all`).
//!
//! Where the key comes from: `DATA_KEY` (`<id>:<32 bytes in base64>`, required for several
//! replicas, which must share it), else a key file (`DATA_KEY_FILE`, by default
//! `data/data.key` beside the embedded database), created on first start with owner-only
//! permissions. `DATA_KEYS_RETIRED` lists former keys the same way, comma-separated.

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use std::path::Path;

/// Prefix of a sealed value: the format's version, then the key id.
const FORMAT: &str = "sealed1";
const NONCE_BYTES: usize = 12;

/// What a sealed value is, bound into its tag: a value copied to another column or table
/// does not open there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    BankAccountNumber,
    /// An authenticator's TOTP secret, in base32.
    AuthenticatorSecret,
}

impl SecretKind {
    const fn context(self) -> &'static [u8] {
        match self {
            Self::BankAccountNumber => b"bank_accounts.account_number",
            Self::AuthenticatorSecret => b"totp_factors.secret",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("{variable} must be <key id>:<32 bytes in base64> (the key id: letters, digits, - and _)")]
    BadKey { variable: &'static str },
    #[error("could not read or create the data key file {path}: {source}")]
    KeyFile { path: String, source: std::io::Error },
    #[error("a stored secret is sealed with key {0:?}, which is neither DATA_KEY nor in DATA_KEYS_RETIRED")]
    UnknownKey(String),
    #[error("a stored secret could not be opened: it was altered, or sealed for another column")]
    Tampered,
}

#[derive(Clone)]
struct DataKey {
    id: String,
    cipher: Aes256Gcm,
}

impl DataKey {
    fn parse(text: &str, variable: &'static str) -> Result<Self, SecretsError> {
        let bad = || SecretsError::BadKey { variable };
        let (id, encoded) = text.trim().split_once(':').ok_or_else(bad)?;
        let id_ok =
            !id.is_empty() && id.len() <= 40 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let bytes = BASE64.decode(encoded.trim()).map_err(|_| bad())?;
        if !id_ok || bytes.len() != 32 {
            return Err(bad());
        }
        Ok(Self { id: id.to_owned(), cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&bytes)) })
    }

    fn generate(id: &str) -> (Self, String) {
        let key = Aes256Gcm::generate_key(OsRng);
        let text = format!("{id}:{}", BASE64.encode(key));
        (Self { id: id.to_owned(), cipher: Aes256Gcm::new(&key) }, text)
    }
}

/// The current data key and the retired ones.
#[derive(Clone)]
pub struct DataKeys {
    current: DataKey,
    retired: Vec<DataKey>,
}

impl std::fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the keys themselves.
        f.debug_struct("DataKeys")
            .field("current", &self.current.id)
            .field("retired", &self.retired.iter().map(|key| &key.id).collect::<Vec<_>>())
            .finish()
    }
}

impl DataKeys {
    /// The keys from the environment's values: `data_key` (`DATA_KEY`), else the key file at
    /// `key_file`, created when missing; `retired` (`DATA_KEYS_RETIRED`).
    pub fn load(data_key: Option<&str>, key_file: &Path, retired: Option<&str>) -> Result<Self, SecretsError> {
        let current = match data_key {
            Some(text) => DataKey::parse(text, "DATA_KEY")?,
            None => key_from_file(key_file)?,
        };
        let retired = retired
            .unwrap_or_default()
            .split(',')
            .filter(|text| !text.trim().is_empty())
            .map(|text| DataKey::parse(text, "DATA_KEYS_RETIRED"))
            .collect::<Result<_, _>>()?;
        Ok(Self { current, retired })
    }

    /// A fresh random key, for tests.
    pub fn ephemeral() -> Self {
        Self { current: DataKey::generate("test").0, retired: Vec::new() }
    }

    pub fn current_id(&self) -> &str {
        &self.current.id
    }

    /// `sealed1:<key id>:<base64 of nonce and ciphertext>`.
    pub fn seal(&self, kind: SecretKind, plaintext: &str) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let payload = Payload { msg: plaintext.as_bytes(), aad: kind.context() };
        // Encrypting a short value in memory cannot fail (aes-gcm refuses only messages
        // beyond 64 GiB).
        let ciphertext = self.current.cipher.encrypt(&nonce, payload).unwrap_or_default();
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&ciphertext);
        format!("{FORMAT}:{}:{}", self.current.id, BASE64.encode(bytes))
    }

    /// Opens a sealed value (with whichever known key sealed it).
    pub fn open(&self, kind: SecretKind, sealed: &str) -> Result<String, SecretsError> {
        let (key_id, bytes) = parse_sealed(sealed).ok_or(SecretsError::Tampered)?;
        let key = std::iter::once(&self.current)
            .chain(&self.retired)
            .find(|key| key.id == key_id)
            .ok_or_else(|| SecretsError::UnknownKey(key_id.to_owned()))?;
        if bytes.len() <= NONCE_BYTES {
            return Err(SecretsError::Tampered);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let payload = Payload { msg: ciphertext, aad: kind.context() };
        let plain = key.cipher.decrypt(Nonce::from_slice(nonce), payload).map_err(|_| SecretsError::Tampered)?;
        String::from_utf8(plain).map_err(|_| SecretsError::Tampered)
    }

    /// Whether `stored` is sealed under the current key (else `reseal_all` seals it again).
    pub fn is_current(&self, stored: &str) -> bool {
        parse_sealed(stored).is_some_and(|(key_id, _)| key_id == self.current.id)
    }

    /// A stored value as it should be now: opened (or, from before sealing existed, taken
    /// as it is) and sealed under the current key.
    pub fn reseal(&self, kind: SecretKind, stored: &str) -> Result<String, SecretsError> {
        let plain = if stored.starts_with(FORMAT) { self.open(kind, stored)? } else { stored.to_owned() };
        Ok(self.seal(kind, &plain))
    }
}

fn parse_sealed(sealed: &str) -> Option<(&str, Vec<u8>)> {
    let rest = sealed.strip_prefix(FORMAT)?.strip_prefix(':')?;
    let (key_id, encoded) = rest.split_once(':')?;
    Some((key_id, BASE64.decode(encoded).ok()?))
}

/// The key in `path`, or a new one written there readable by its owner only.
fn key_from_file(path: &Path) -> Result<DataKey, SecretsError> {
    let failed = |source| SecretsError::KeyFile { path: path.display().to_string(), source };
    match std::fs::read_to_string(path) {
        Ok(text) => DataKey::parse(&text, "DATA_KEY_FILE"),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            use std::io::Write;
            use std::os::unix::fs::OpenOptionsExt;
            if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) {
                std::fs::create_dir_all(folder).map_err(failed)?;
            }
            let id = format!("k{}", chrono::Utc::now().format("%Y%m%d"));
            let (key, text) = DataKey::generate(&id);
            // create_new: two replicas starting at once on one folder keep the first key.
            match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
                Ok(mut file) => {
                    file.write_all(format!("{text}\n").as_bytes()).map_err(failed)?;
                    tracing::info!(path = %path.display(), "created the data key (keep it safe, and with the backups)");
                    Ok(key)
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => key_from_file(path),
                Err(error) => Err(failed(error)),
            }
        }
        Err(error) => Err(failed(error)),
    }
}

/// Seals again, under the current key, every stored secret that is not (values from
/// before sealing, or sealed under a retired key). Runs at start; each row is a
/// compare-and-set on its old value, so replicas starting together do it once.
pub async fn reseal_all(db: &super::db::Db, keys: &DataKeys) -> Result<u64, ResealError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, account_number FROM bank_accounts").fetch_all(&db.pool).await?;
    let mut resealed = 0;
    for (id, stored) in rows.into_iter().filter(|(_, stored)| !keys.is_current(stored)) {
        let sealed = keys.reseal(SecretKind::BankAccountNumber, &stored)?;
        let done = sqlx::query("UPDATE bank_accounts SET account_number = $1 WHERE id = $2 AND account_number = $3")
            .bind(sealed)
            .bind(&id)
            .bind(&stored)
            .execute(&db.pool)
            .await?;
        resealed += done.rows_affected();
    }
    let secrets = super::db::second_factors::sealed_secrets(&db.pool).await?;
    for (user_id, stored) in secrets.into_iter().filter(|(_, stored)| !keys.is_current(stored)) {
        let sealed = keys.reseal(SecretKind::AuthenticatorSecret, &stored)?;
        resealed += super::db::second_factors::reseal_secret(&db.pool, &user_id, &stored, &sealed).await?;
    }
    Ok(resealed)
}

#[derive(Debug, thiserror::Error)]
pub enum ResealError {
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_as_what_it_was_sealed_as() {
        let keys = DataKeys::ephemeral();
        let sealed = keys.seal(SecretKind::BankAccountNumber, "ES9121000418450200051332");
        assert!(!sealed.contains("0418450200051332"));
        assert!(sealed.starts_with("sealed1:test:"));
        assert_eq!(keys.open(SecretKind::BankAccountNumber, &sealed).unwrap(), "ES9121000418450200051332");
        assert_ne!(
            sealed,
            keys.seal(SecretKind::BankAccountNumber, "ES9121000418450200051332"),
            "a fresh nonce each time"
        );
        // One changed character anywhere and it no longer opens.
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(matches!(keys.open(SecretKind::BankAccountNumber, &tampered), Err(SecretsError::Tampered)));
        assert!(matches!(keys.open(SecretKind::BankAccountNumber, "ES91 in clear"), Err(SecretsError::Tampered)));
    }

    #[test]
    fn rotation_opens_with_retired_keys_and_reseals_under_the_current_one() {
        let (old, old_text) = DataKey::generate("old");
        let (_, new_text) = DataKey::generate("new");
        let before = DataKeys { current: old, retired: Vec::new() };
        let sealed = before.seal(SecretKind::BankAccountNumber, "GB33BUKB20201555555555");
        let after = DataKeys::load(Some(&new_text), Path::new("unused"), Some(&old_text)).unwrap();
        assert!(!after.is_current(&sealed));
        let resealed = after.reseal(SecretKind::BankAccountNumber, &sealed).unwrap();
        assert!(after.is_current(&resealed) && resealed.starts_with("sealed1:new:"));
        assert_eq!(after.open(SecretKind::BankAccountNumber, &resealed).unwrap(), "GB33BUKB20201555555555");
        // Without the old key, the old value cannot be read, and says why.
        let forgot = DataKeys::load(Some(&new_text), Path::new("unused"), None).unwrap();
        assert!(
            matches!(forgot.open(SecretKind::BankAccountNumber, &sealed), Err(SecretsError::UnknownKey(id)) if id == "old")
        );
        // A value from before sealing is sealed as it is.
        let legacy = after.reseal(SecretKind::BankAccountNumber, "DE89370400440532013000").unwrap();
        assert_eq!(after.open(SecretKind::BankAccountNumber, &legacy).unwrap(), "DE89370400440532013000");
    }

    #[test]
    fn malformed_keys_are_refused_with_the_variable_named() {
        for text in
            ["", "nokey", "id:not base64!", "id:c2hvcnQ=", "bad id:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]
        {
            assert!(
                matches!(DataKey::parse(text, "DATA_KEY"), Err(SecretsError::BadKey { variable: "DATA_KEY" })),
                "{text}"
            );
        }
    }

    #[test]
    fn the_key_file_is_created_once_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let folder = std::env::temp_dir().join(format!("ps-key-{}", uuid::Uuid::new_v4().simple()));
        let path = folder.join("data.key");
        let first = DataKeys::load(None, &path, None).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let again = DataKeys::load(None, &path, None).unwrap();
        let sealed = first.seal(SecretKind::BankAccountNumber, "NL91ABNA0417164300");
        assert_eq!(again.open(SecretKind::BankAccountNumber, &sealed).unwrap(), "NL91ABNA0417164300", "the same key");
        std::fs::remove_dir_all(folder).unwrap();
    }
}
