//! Configuration from the environment, with defaults that run the portal out of the box.

use std::net::SocketAddr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// A yes/no setting: unset or empty means `default`.
fn flag(lookup: &impl Fn(&str) -> Option<String>, name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match lookup(name).as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some("1") | Some("true") | Some("yes") => Ok(true),
        Some("0") | Some("false") | Some("no") => Ok(false),
        Some(other) => Err(ConfigError::Invalid { name, reason: format!("expected true or false, got {other:?}") }),
    }
}

/// What a first start on an empty database creates besides the program's catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoSeed {
    Off,
    /// The demo organisations and one login per role, nothing else.
    Logins,
    /// The logins and eight months of the program played through (`seed::play_history`).
    LivedIn,
}

impl DemoSeed {
    fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        match lookup("DEMO_SEED").as_deref().map(str::trim) {
            Some("logins") => Ok(Self::Logins),
            _ => Ok(if flag(lookup, "DEMO_SEED", true)? { Self::LivedIn } else { Self::Off }),
        }
    }

    pub fn creates_logins(self) -> bool {
        self != Self::Off
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://data/portal.db` (default, created on first start) or `postgres://…`.
    pub database_url: String,
    /// Where the server listens.
    pub listen_addr: SocketAddr,
    /// The address people reach the portal at, used in emailed links.
    pub public_url: String,
    /// What to create on an empty database besides the catalogue.
    pub demo_seed: DemoSeed,
    /// `tracing` filter, e.g. `info,planning_portal=debug`.
    pub log_filter: String,
    /// Where emails go (`smtps://user:pass@host`, `smtp://host:587?tls=required`); without
    /// it, messages stay in the outbox, readable by admins in the app.
    pub smtp_url: Option<String>,
    /// The sender of every email.
    pub mail_from: String,
    /// Whether a reverse proxy in front sets `X-Forwarded-For` (its last entry is then the
    /// client's address for abuse limits); off, the connection's peer address is used.
    pub trust_forwarded_for: bool,
    /// `DATA_KEY`: the key that seals secrets at rest (`server::secrets`); unset, the key
    /// file below is used.
    pub data_key: Option<String>,
    /// `DATA_KEY_FILE`: where the data key is kept when `DATA_KEY` is unset (created on
    /// first start, owner-only).
    pub data_key_file: std::path::PathBuf,
    /// `DATA_KEYS_RETIRED`: former keys, still used to open what they sealed.
    pub data_keys_retired: Option<String>,
    /// `REQUIRE_SECOND_FACTOR` (on unless `false`): the operator, and members of
    /// organisations that ask for it, must set up an authenticator, and everyone needs a
    /// recent code before money moves. Off, second factors are each person's choice (a
    /// quick local tour of the demo).
    pub require_second_factor: bool,
}

impl Config {
    pub const DEFAULT_DATABASE_URL: &'static str = "sqlite://data/portal.db";

    pub const DEFAULT_DATA_KEY_FILE: &'static str = "data/data.key";

    pub const DEFAULT_MAIL_FROM: &'static str = "Planning Services <no-reply@planning-services.example>";

    /// Reads `DATABASE_URL`, `PUBLIC_URL`, `DEMO_SEED`, `RUST_LOG`, `SMTP_URL`, `MAIL_FROM`,
    /// `TRUST_FORWARDED_FOR`, `DATA_KEY`, `DATA_KEY_FILE`, `DATA_KEYS_RETIRED`,
    /// `REQUIRE_SECOND_FACTOR`; the listen address
    /// comes from `LEPTOS_SITE_ADDR` (default 127.0.0.1:3000).
    pub fn from_env(listen_addr: SocketAddr) -> Result<Self, ConfigError> {
        Self::from_lookup(listen_addr, |name| std::env::var(name).ok())
    }

    pub fn from_lookup(listen_addr: SocketAddr, lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let database_url = lookup("DATABASE_URL").unwrap_or_else(|| Self::DEFAULT_DATABASE_URL.to_owned());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid {
                name: "DATABASE_URL",
                reason: "use sqlite://path/to/file.db or postgres://user@host/db".into(),
            });
        }
        // Served on this machine only: `localhost` rather than the address, because passkeys
        // need a domain name (an IP address is no WebAuthn relying party).
        let public_url = lookup("PUBLIC_URL").unwrap_or_else(|| {
            let ip = listen_addr.ip();
            if ip.is_loopback() || ip.is_unspecified() {
                format!("http://localhost:{}", listen_addr.port())
            } else {
                format!("http://{listen_addr}")
            }
        });
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                name: "PUBLIC_URL",
                reason: "it must start with http:// or https://".into(),
            });
        }
        let demo_seed = DemoSeed::from_lookup(&lookup)?;
        let trust_forwarded_for = flag(&lookup, "TRUST_FORWARDED_FOR", false)?;
        let require_second_factor = flag(&lookup, "REQUIRE_SECOND_FACTOR", true)?;
        Ok(Self {
            database_url,
            listen_addr,
            public_url: public_url.trim_end_matches('/').to_owned(),
            demo_seed,
            log_filter: lookup("RUST_LOG").unwrap_or_else(|| "info,sqlx=warn,tower_sessions=warn".to_owned()),
            smtp_url: lookup("SMTP_URL").map(|url| url.trim().to_owned()).filter(|url| !url.is_empty()),
            mail_from: lookup("MAIL_FROM").unwrap_or_else(|| Self::DEFAULT_MAIL_FROM.to_owned()),
            trust_forwarded_for,
            data_key: lookup("DATA_KEY").filter(|key| !key.trim().is_empty()),
            data_key_file: lookup("DATA_KEY_FILE").unwrap_or_else(|| Self::DEFAULT_DATA_KEY_FILE.to_owned()).into(),
            data_keys_retired: lookup("DATA_KEYS_RETIRED"),
            require_second_factor,
        })
    }

    /// Cookies carry `Secure` when people reach the portal over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr() -> SocketAddr {
        "127.0.0.1:3000".parse().unwrap()
    }

    #[test]
    fn defaults_run_on_embedded_sqlite_with_the_demo() {
        let config = Config::from_lookup(addr(), |_| None).unwrap();
        assert_eq!(config.database_url, Config::DEFAULT_DATABASE_URL);
        assert_eq!(config.public_url, "http://localhost:3000", "a domain name, for passkeys");
        assert_eq!(config.demo_seed, DemoSeed::LivedIn);
        assert!(config.require_second_factor, "second factors are enforced unless switched off");
        assert!(!config.secure_cookies());
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let config =
            Config::from_lookup(addr(), |name| (name == "PUBLIC_URL").then(|| "https://portal.example/".into()))
                .unwrap();
        assert!(config.secure_cookies());
        assert_eq!(config.public_url, "https://portal.example");
    }

    #[test]
    fn nonsense_is_refused_with_the_variable_named() {
        let error =
            Config::from_lookup(addr(), |name| (name == "DATABASE_URL").then(|| "mysql://x".into())).unwrap_err();
        assert!(error.to_string().contains("DATABASE_URL"));
        assert!(Config::from_lookup(addr(), |name| (name == "DEMO_SEED").then(|| "maybe".into())).is_err());
        let seed = |value: &str| {
            Config::from_lookup(addr(), |name| (name == "DEMO_SEED").then(|| value.into())).unwrap().demo_seed
        };
        assert_eq!(seed("logins"), DemoSeed::Logins);
        assert_eq!(seed("false"), DemoSeed::Off);
        assert_eq!(seed("true"), DemoSeed::LivedIn);
    }
}
