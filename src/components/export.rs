//! CSV exports: a button that prepares the file on the server, then a link that saves it.

use super::feedback::FormAlert;
use crate::error::AppError;
use leptos::prelude::*;

/// `prepare` asks the server for the CSV; `csv` is its answer. The link carries the file
/// in a `data:` URL, so the download needs no second request.
#[component]
pub fn CsvExport(
    label: &'static str,
    file_name: &'static str,
    /// What a row is, singular and plural: ("voucher", "vouchers").
    noun: (&'static str, &'static str),
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] csv: Signal<Option<Result<String, AppError>>>,
    prepare: Callback<()>,
) -> impl IntoView {
    let error = Signal::derive(move || csv.get().and_then(Result::err));
    view! {
        <section class="panel export">
            <button type="button" class="button button-quiet" disabled=move || pending.get() on:click=move |_| prepare.run(())>
                {move || if pending.get() { "Preparing CSV…" } else { label }}
            </button>
            {move || csv.get().and_then(Result::ok).map(|csv| {
                let rows = match csv.lines().count().saturating_sub(1) {
                    1 => format!("1 {}", noun.0),
                    n => format!("{n} {}", noun.1),
                };
                view! {
                    <a class="button" id="download-csv" download=file_name href=format!("data:text/csv;charset=utf-8,{}", percent_encode(&csv))>
                        "Download " {file_name} " (" {rows} ")"
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
