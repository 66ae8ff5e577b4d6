//! Notifications: each emailed event also reaches its person's bell, only theirs, in
//! their language, and is marked read when they open it.

use super::helpers::{on_both_backends, TestApp};
use super::reports::{contoso, reserve_for};
use super::reservations::ok;
use crate::domain::notification::Notifications;
use crate::domain::roles::Role;
use crate::server::seed::DEMO_PASSWORD;
use axum::http::StatusCode;

async fn notifications(app: &TestApp, cookie: &str) -> Notifications {
    serde_json::from_str(&ok(app, "get_notifications", &[], cookie).await).unwrap()
}

async fn unread(app: &TestApp, cookie: &str) -> u32 {
    serde_json::from_str(&ok(app, "unread_notifications", &[], cookie).await).unwrap()
}

on_both_backends! {
    async fn each_person_reads_and_opens_only_their_own_notifications(app: TestApp) {
        let manager = app.sign_in_demo(Role::ProjectManager).await;
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let before = notifications(&app, &manager).await;
        let admin_before = notifications(&app, &admin).await;

        // Fabrikam assigns a voucher to its project manager and Contoso reserves it: each
        // time the manager is emailed, and finds the same news under the bell.
        let contoso = contoso(&app).await;
        let reserved = reserve_for(&app, &contoso).await;
        let code: String = sqlx::query_scalar("SELECT code FROM vouchers WHERE id = $1").bind(&reserved.voucher_id).fetch_one(&app.db.pool).await.unwrap();
        let code = crate::domain::voucher_code::VoucherCode::parse(&code).unwrap().to_string();
        let mail = crate::server::db::outbox::for_recipient(&app.db.pool, "project.manager@fabrikam.example").await.unwrap();
        assert_eq!(mail[0].0, "voucher_reserved");
        let after = notifications(&app, &manager).await;
        assert_eq!(after.unread, before.unread + 2, "assigned, then reserved");
        let newest = after.items[0].clone();
        assert_eq!(newest.subject, mail[0].1, "the notification says what the email's subject says");
        assert!(newest.subject.contains(&code), "{}", newest.subject);
        assert!(!newest.read);
        assert_eq!(unread(&app, &manager).await, after.unread);

        // Nobody else has it, nor can open it.
        let admin_after = notifications(&app, &admin).await;
        assert!(admin_after.items.iter().all(|item| item.id != newest.id));
        assert_eq!(admin_after.unread, admin_before.unread, "both were mailed to the project manager only");
        for stranger in [&admin, &contoso.partner] {
            let refused = app.call("open_notification", &[("id", &newest.id.to_string())], Some(stranger)).await;
            assert_eq!(refused.status, StatusCode::NOT_FOUND);
        }
        assert!(!notifications(&app, &manager).await.items[0].read, "still unread after the strangers' attempts");

        // Opening it marks it read and names its page: the voucher, found by its code.
        let link: String = serde_json::from_str(&ok(&app, "open_notification", &[("id", &newest.id.to_string())], &manager).await).unwrap();
        assert_eq!(link, format!("/search?find={code}"));
        let opened = notifications(&app, &manager).await;
        assert!(opened.items[0].read);
        assert_eq!(opened.unread, after.unread - 1);
        let again: String = serde_json::from_str(&ok(&app, "open_notification", &[("id", &newest.id.to_string())], &manager).await).unwrap();
        assert_eq!(again, link, "opening it again still leads there");
        for bad in ["", "not-an-id", &"x".repeat(10_000)] {
            assert_eq!(app.call("open_notification", &[("id", bad)], Some(&manager)).await.status, StatusCode::NOT_FOUND);
        }

        // Mark all as read: the manager's bell is quiet; the admin's is untouched.
        ok(&app, "read_all_notifications", &[], &manager).await;
        assert_eq!(unread(&app, &manager).await, 0);
        assert_eq!(unread(&app, &admin).await, admin_after.unread);

        // Messages that carry a secret link are never copied to the bell.
        let here = app.sign_in_demo(Role::Consultant).await;
        ok(&app, "change_password", &[("current_password", DEMO_PASSWORD), ("new_password", "a brand new passphrase")], &here).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'password_changed'").await, 1, "a changed password is news to its owner");
        app.call("request_password_reset", &[("email", "consultant@contoso.example")], None).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'password_reset'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'password_reset'").await, 0);
        assert_eq!(app.call("get_notifications", &[], None).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.call("unread_notifications", &[], None).await.body, "0", "a visitor's bell is quiet");
    }
}
