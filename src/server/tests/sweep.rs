//! The bad-input sweep: malformed, over-long, wrong-type, non-UTF-8 and injection payloads
//! sent to every server function (from the authorization table, as a caller allowed to
//! use it), every field at once and each field alone. Zero 5xx, and nothing stored.

use super::authorization::{callers, expected, table, world, Expected, Transport, CHANGES};
use super::helpers::{on_both_backends, TestApp};

/// Values no field of the portal accepts: nothing may be stored when a form holds one.
fn never_valid() -> Vec<String> {
    vec![String::new(), "x".repeat(100_000), "\u{0}\u{1}\u{7f}".into(), "a\u{FFFD}b".into()]
}

/// Hostile or wrong-typed values that some free-text field may legitimately hold (a
/// comment may quote SQL): they must never cause a 5xx, run as code or corrupt data.
fn hostile() -> Vec<String> {
    vec![
        "'; DROP TABLE users; --".into(),
        "<script>alert(document.cookie)</script>".into(),
        "../../../../etc/passwd".into(),
        "-1".into(),
        "99999999999999999999999999".into(),
        "1e309".into(),
        "NaN".into(),
        "\u{202e}gnp.exe".into(),
        "😀".repeat(2_000),
        "{\"$ne\": null}".into(),
    ]
}

/// Bodies that are not a readable form at all.
fn raw_bodies(fields: &[&str]) -> Vec<Vec<u8>> {
    let first = fields.first().copied().unwrap_or("field");
    vec![
        vec![0xff, 0xfe, 0x00, 0x01],
        format!("{first}=%FF%FE%FD").into_bytes(),
        format!("{first}=\u{0}").into_bytes().into_iter().chain([0xc3, 0x28]).collect(),
        b"{\"json\": \"instead of a form\"}".to_vec(),
        format!("{first}[]=a&{first}[]=b").into_bytes(),
        format!("{first}={first}&{first}=twice").into_bytes(),
    ]
}

on_both_backends! {
    async fn no_bad_input_gets_a_500_or_stores_anything(app: TestApp) {
        let world = world(&app).await;
        let callers = callers(&app).await;
        let intact = "SELECT (SELECT COUNT(*) FROM users) * 1000000 + (SELECT COUNT(*) FROM organisations) * 1000 + (SELECT COUNT(*) FROM vouchers)";
        let people_and_vouchers = app.count(intact).await;
        let (mut requests, mut rows_swept) = (0usize, 0usize);
        let mut faults = Vec::new();
        for row in table() {
            // Signing out changes a session, not data: nothing to sweep.
            if row.endpoint == "sign_out" {
                continue;
            }
            let Some(caller) = callers.iter().find(|caller| expected(&row, caller) == Expected::Allow) else {
                continue;
            };
            rows_swept += 1;
            let cookie = caller.cookie.as_deref();
            let names: Vec<&str> = (row.form)(&world, caller.role).iter().map(|(name, _)| *name).collect();
            let mut forms: Vec<(bool, Vec<(&str, String)>)> = Vec::new();
            let payloads = never_valid().into_iter().map(|payload| (payload, false)).chain(hostile().into_iter().map(|payload| (payload, true)));
            for (payload, may_be_stored) in payloads {
                forms.push((may_be_stored, names.iter().map(|name| (*name, payload.clone())).collect()));
                if names.len() > 1 {
                    // Each field alone, the others as the table fills them.
                    for name in &names {
                        let mut form = (row.form)(&world, caller.role);
                        for field in form.iter_mut().filter(|(field, _)| field == name) {
                            field.1 = payload.clone();
                        }
                        forms.push((may_be_stored, form));
                    }
                }
            }
            for (may_be_stored, form) in forms {
                let before = app.count(CHANGES).await;
                let borrowed: Vec<(&str, &str)> = form.iter().map(|(name, value)| (*name, value.as_str())).collect();
                let response = match row.transport {
                    Transport::Form => app.call(row.endpoint, &borrowed, cookie).await,
                    Transport::Multipart => app.upload(row.endpoint, &borrowed, ("x.html", b"<html><script>alert(1)</script>"), cookie).await,
                    Transport::Get => {
                        // Addresses longer than this are refused by the HTTP layer itself (414).
                        let query: Vec<String> = borrowed.iter().map(|(name, value)| format!("{name}={}", crate::components::export::percent_encode(&value.chars().take(2_000).collect::<String>()))).collect();
                        app.get(&format!("/api/{}?{}", row.endpoint, query.join("&")), cookie).await
                    }
                };
                requests += 1;
                let summary = || format!("{} as {} with {:.60?}", row.endpoint, caller.label, borrowed);
                if response.status.is_server_error() {
                    faults.push(format!("{}: {} {:.200}", summary(), response.status, response.body));
                }
                if !may_be_stored && app.count(CHANGES).await != before {
                    faults.push(format!("{}: {} and stored something", summary(), response.status));
                }
            }
            if matches!(row.transport, Transport::Form) {
                for body in raw_bodies(&names) {
                    let before = app.count(CHANGES).await;
                    let response = app.call_raw(row.endpoint, body.clone(), cookie).await;
                    requests += 1;
                    if response.status.is_server_error() || app.count(CHANGES).await != before {
                        faults.push(format!("{} with {:?}: {}", row.endpoint, String::from_utf8_lossy(&body), response.status));
                    }
                }
            }
        }
        assert_eq!(app.count(intact).await, people_and_vouchers, "no account, organisation or voucher appeared or vanished");
        let broken = crate::server::integrity::violations(&app.db).await.unwrap();
        assert!(broken.is_empty(), "the data keeps its invariants: {broken:#?}");
        println!("bad-input sweep: {requests} requests to {rows_swept} server functions, {} faults (5xx or data stored)", faults.len());
        assert!(faults.is_empty(), "{}", faults.join("\n"));
    }
}
