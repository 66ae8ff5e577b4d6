//! CSV exports: a button that prepares the file on the server, then a link that saves it.

use super::feedback::FormAlert;
use crate::error::AppError;
use crate::locale::format;
use crate::locale::i18n::{t_string, td_string, use_i18n};
use leptos::prelude::*;

/// `prepare` asks the server for the CSV; `csv` is its answer. The link carries the file
/// in a `data:` URL, so the download needs no second request.
#[component]
pub fn CsvExport(
    /// The button, in the reader's language.
    label: &'static str,
    file_name: &'static str,
    /// What a row is, singular and plural, in the reader's language: ("voucher", "vouchers").
    noun: (&'static str, &'static str),
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] csv: Signal<Option<Result<String, AppError>>>,
    prepare: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || csv.get().and_then(Result::err));
    view! {
        <section class="panel export">
            <button type="button" class="button button-quiet" disabled=move || pending.get() on:click=move |_| prepare.run(())>
                {move || if pending.get() { t_string!(i18n, common.preparing_csv) } else { label }}
            </button>
            {move || csv.get().and_then(Result::ok).map(|csv| {
                let locale = i18n.get_locale();
                let rows = match csv.lines().count().saturating_sub(1) {
                    1 => format!("1 {}", noun.0),
                    n => format!("{} {}", format::number(locale, n as i64), noun.1),
                };
                let text = td_string!(locale, common.download_csv, file = file_name, rows = rows).to_string();
                view! {
                    <a class="button" id="download-csv" download=file_name href=format!("data:text/csv;charset=utf-8,{}", percent_encode(&csv))>
                        {text}
                    </a>
                }
            })}
            <FormAlert error />
        </section>
    }
}

/// Percent-encodes text (everything but unreserved characters): `data:` links, and the
/// tests' form bodies.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
