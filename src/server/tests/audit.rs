//! The operator's audit log.

use super::claims::{claimed, Claimed};
use super::helpers::{on_both_backends, TestApp};
use super::reports::contoso;
use super::reservations::ok;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::flows::audit::api::{AuditPage, PAGE_SIZE};
use axum::http::StatusCode;

on_both_backends! {
    async fn the_operator_reads_every_change_newest_first(app: TestApp) {
        // Arrange: a change made by a customer admin.
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let invited = app.call("invite_user", &[("name", "Audit Ann"), ("email", "ann@fabrikam.example"), ("role", "project_manager")], Some(&admin)).await;
        assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
        let operator = app.sign_in_demo(Role::Operator).await;
        // Act
        let response = app.call("list_audit_log", &[("after", "")], Some(&operator)).await;
        // Assert
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let page: AuditPage = serde_json::from_str(&response.body).unwrap();
        let newest = &page.entries[0];
        assert_eq!((newest.entity.as_str(), newest.action.as_str()), ("invitation", "created"));
        assert_eq!(newest.actor_name.as_deref(), Some("Beatriz Benefit"));
        assert_eq!(newest.actor_org_name.as_deref(), Some("Fabrikam Industries"));
        assert!(newest.after.as_deref().unwrap().contains("ann@fabrikam.example"));
        assert!(page.entries.windows(2).all(|pair| pair[0].at >= pair[1].at), "newest first");
    }
}

on_both_backends! {
    async fn pages_hold_fifty_entries_and_lead_to_every_older_one(app: TestApp) {
        let operator = app.sign_in_demo(Role::Operator).await;
        // More than two pages of entries: invitations by the customer admin.
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        for n in 0..(2 * PAGE_SIZE) {
            let email = format!("person{n}@fabrikam.example");
            let invited = app.call("invite_user", &[("name", "Paged Person"), ("email", &email), ("role", "project_manager")], Some(&admin)).await;
            assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
        }
        let total = app.count("SELECT COUNT(*) FROM audit_log").await;
        let read = |after: String| {
            let (app, operator) = (&app, &operator);
            async move {
                let response = app.call("list_audit_log", &[("after", &after)], Some(operator)).await;
                assert_eq!(response.status, StatusCode::OK, "{}", response.body);
                serde_json::from_str::<AuditPage>(&response.body).unwrap()
            }
        };
        // Walk from the newest page to the last through each page's `next`.
        let (mut seen, mut pages, mut after) = (Vec::new(), 0, String::new());
        loop {
            let page = read(after).await;
            pages += 1;
            assert!(page.entries.len() <= PAGE_SIZE as usize);
            seen.extend(page.entries);
            match page.next {
                Some(next) => after = next,
                None => break,
            }
        }
        assert_eq!(seen.len() as i64, total, "every entry once, over {pages} pages");
        assert!(pages >= 3);
        assert!(seen.windows(2).all(|pair| pair[0].at >= pair[1].at), "newest first across pages");
        // A cursor the server did not make starts over at the newest page, it is no error.
        let newest = read(String::new()).await;
        for garbage in ["1; DROP TABLE audit_log", "12.not-a-uuid", "x", "9999999999999999999999.0"] {
            assert_eq!(read(garbage.to_owned()).await, newest, "{garbage}");
        }
    }
}

on_both_backends! {
    async fn nobody_but_the_operator_reads_the_audit_log(app: TestApp) {
        for role in Role::ALL.into_iter().filter(|role| *role != Role::Operator) {
            let cookie = app.sign_in_demo(role).await;
            let response = app.call("list_audit_log", &[("after", "")], Some(&cookie)).await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{role}");
            assert_eq!(response.app_error(), AppError::Forbidden);
        }
        let page = app.get("/audit", Some(&app.sign_in_demo(Role::Operator).await)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Audit log"));
    }
}

on_both_backends! {
    async fn the_audit_log_is_append_only_in_the_database(app: TestApp) {
        let before = app.count("SELECT COUNT(*) FROM audit_log").await;
        assert!(before > 0, "the seed wrote entries");
        for statement in ["UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log"] {
            let refused = sqlx::query(statement).execute(&app.db.pool).await.expect_err(statement);
            assert!(refused.to_string().contains("append-only"), "{statement}: {refused}");
        }
        if app.backend() == crate::server::db::Backend::Postgres {
            let refused = sqlx::query("TRUNCATE audit_log").execute(&app.db.pool).await.expect_err("truncate");
            assert!(refused.to_string().contains("append-only"), "{refused}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, before);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'forged'").await, 0);
    }
}

/// No code path of the application changes or removes audit entries.
#[test]
fn no_code_updates_or_deletes_audit_entries() {
    fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("tests") {
                sources(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    assert!(files.len() > 50, "read the whole source tree ({} files)", files.len());
    for file in files {
        let text =
            std::fs::read_to_string(&file).unwrap().to_uppercase().split_whitespace().collect::<Vec<_>>().join(" ");
        for forbidden in ["UPDATE AUDIT_LOG", "DELETE FROM AUDIT_LOG", "TRUNCATE AUDIT_LOG"] {
            assert!(!text.contains(forbidden), "{} contains {forbidden}", file.display());
        }
    }
}

on_both_backends! {
    async fn the_log_names_each_record_as_people_call_it(app: TestApp) {
        // A voucher reserved, delivered, redeemed and claimed, and a person renamed.
        let contoso = contoso(&app).await;
        let Claimed { code, reference } = claimed(&app, &contoso).await;
        ok(&app, "rename_self", &[("name", "Carla Consultant")], &contoso.consultant).await;

        let operator = app.sign_in_demo(Role::Operator).await;
        let page: AuditPage = serde_json::from_str(&ok(&app, "list_audit_log", &[("after", "")], &operator).await).unwrap();
        let named = |entity: &str, action: &str| {
            page.entries.iter().find(|entry| entry.entity == entity && entry.action == action).and_then(|entry| entry.record.clone())
        };
        assert_eq!(named("voucher", "reserved").as_deref(), Some(code.as_str()), "a voucher by its code, grouped");
        assert_eq!(named("voucher", "claimed").as_deref(), Some(code.as_str()));
        assert_eq!(named("engagement", "report_saved").as_deref(), Some(code.as_str()), "an engagement by its voucher's code");
        assert_eq!(named("claim", "submitted").as_deref(), Some(reference.as_str()));
        assert_eq!(named("user", "renamed").as_deref(), Some("Carla Consultant"));
        assert_eq!(named("partner_location", "added").as_deref(), Some("Madrid"));
        assert_eq!(named("partner_training", "recorded").as_deref(), Some("Contoso Consulting"));
    }
}
