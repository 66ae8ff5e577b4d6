//! Generates the `i18n` module (locales, keys, `t!` macros) from `locales/<lang>/*.json`
//! with leptos_i18n's code generator: a missing or surplus key is a build warning, a
//! key used in code but absent from the files is a compile error.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// One file per area of the portal in each language's folder.
const NAMESPACES: [&str; 18] = [
    "common",
    "auth",
    "account",
    "dashboard",
    "vouchers",
    "reservations",
    "claims",
    "reports",
    "agreements",
    "directory",
    "audit",
    "people",
    "outbox",
    "catalogue",
    "onboarding",
    "messages",
    "mail",
    "search",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    // sqlx::migrate! embeds the migrations at compile time: a new file must rebuild.
    println!("cargo::rerun-if-changed=migrations");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is set by cargo")?).join("i18n");
    let config = Config::new("en")?
        .add_locale("es")?
        .add_namespaces(NAMESPACES)?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
