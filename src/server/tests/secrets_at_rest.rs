//! Secrets at rest: whatever a copy of the database holds, no bank account number, no
//! authenticator secret and no session id is in it in clear.

use super::claims::{ready_to_claim, redeemed};
use super::helpers::{on_both_backends, TestApp};
use super::reports::contoso;
use crate::domain::claim::ClaimsOverview;
use crate::server::db::Backend;
use axum::http::StatusCode;

/// The tables (and how many of their rows) whose text holds `needle` anywhere.
async fn tables_holding(app: &TestApp, needle: &str) -> Vec<String> {
    let tables: Vec<String> = match app.backend() {
        Backend::Sqlite => {
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        }
        Backend::Postgres => sqlx::query_scalar("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'"),
    }
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let mut found = Vec::new();
    for table in tables {
        let row_text = match app.backend() {
            // Every column of the row, as text, joined.
            Backend::Sqlite => {
                let columns: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                        .fetch_all(&app.db.pool)
                        .await
                        .unwrap();
                columns
                    .iter()
                    .map(|column| format!("COALESCE(CAST(\"{column}\" AS TEXT), '')"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ")
            }
            Backend::Postgres => format!("CAST(\"{table}\".* AS TEXT)").replace(".*", ""),
        };
        let sql = format!("SELECT COUNT(*) FROM \"{table}\" WHERE {row_text} LIKE $1");
        let count: i64 = sqlx::query_scalar(&sql).bind(format!("%{needle}%")).fetch_one(&app.db.pool).await.unwrap();
        if count > 0 {
            found.push(format!("{table} ({count} rows)"));
        }
    }
    found
}

on_both_backends! {
    async fn a_scan_of_the_database_finds_no_bank_number_or_session_id_in_clear(app: TestApp) {
        let contoso = contoso(&app).await;
        redeemed(&app, &contoso).await;
        ready_to_claim(&app, &contoso).await;
        // The scan itself can see what it looks for: the masked tail is stored in clear (the
        // audit entry shows it), so it must be found.
        assert!(!tables_holding(&app, "1332").await.is_empty(), "the scan reads every table");
        assert_eq!(tables_holding(&app, "0418450200051332").await, Vec::<String>::new(), "the account number");
        assert_eq!(tables_holding(&app, "0418 4502").await, Vec::<String>::new(), "the account number as typed");
        let id = contoso.partner.split_once('=').unwrap().1;
        assert_eq!(tables_holding(&app, id).await, Vec::<String>::new(), "the session id");
        // An authenticator's secret and recovery codes.
        let begun = app.call("begin_authenticator", &[], Some(&contoso.partner)).await;
        let setup: crate::domain::second_factor::TotpSetup = serde_json::from_str(&begun.body).unwrap();
        let secret = setup.secret.replace(' ', "");
        assert_eq!(tables_holding(&app, &secret).await, Vec::<String>::new(), "the authenticator's secret");
        assert_eq!(tables_holding(&app, &secret.to_lowercase()).await, Vec::<String>::new(), "the secret in lower case");
        // It is sealed, and the partner still sees it masked.
        let stored: String = sqlx::query_scalar("SELECT account_number FROM bank_accounts").fetch_one(&app.db.pool).await.unwrap();
        assert!(stored.starts_with("sealed1:test:"), "{stored}");
        let response = app.call("get_claims", &[], Some(&contoso.partner)).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let overview: ClaimsOverview = serde_json::from_str(&response.body).unwrap();
        assert_eq!(overview.bank_accounts[0].account_masked, "•••• 1332");
    }
}

on_both_backends! {
    async fn numbers_stored_before_sealing_are_sealed_at_start(app: TestApp) {
        let contoso = contoso(&app).await;
        redeemed(&app, &contoso).await;
        ready_to_claim(&app, &contoso).await;
        // As a database from before this release holds it.
        sqlx::query("UPDATE bank_accounts SET account_number = 'ES9121000418450200051332'").execute(&app.db.pool).await.unwrap();
        assert_eq!(tables_holding(&app, "0418450200051332").await, ["bank_accounts (1 rows)"], "the scan finds a number in clear");
        let resealed = crate::server::secrets::reseal_all(&app.db, &app.state.keys).await.unwrap();
        assert_eq!(resealed, 1);
        assert_eq!(tables_holding(&app, "0418450200051332").await, Vec::<String>::new());
        assert_eq!(crate::server::secrets::reseal_all(&app.db, &app.state.keys).await.unwrap(), 0, "once");
        let overview: ClaimsOverview = serde_json::from_str(&app.call("get_claims", &[], Some(&contoso.partner)).await.body).unwrap();
        assert_eq!(overview.bank_accounts[0].account_masked, "•••• 1332");
    }
}
