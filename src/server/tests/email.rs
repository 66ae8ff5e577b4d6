//! Email delivery through a real SMTP server on loopback: sent once, retried while the
//! server is down, never lost.

use super::helpers::{on_both_backends, TestApp};
use super::smtp_sink::SmtpSink;
use crate::domain::roles::Role;
use crate::server::email::{deliver_due, Mailer};
use axum::http::StatusCode;
use chrono::Duration;

async fn pending(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await
}

on_both_backends! {
    async fn the_outbox_is_delivered_over_smtp_and_retried_while_the_server_is_down(app: TestApp) {
        // An invitation puts one message in the outbox.
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let invited = app
            .call("invite_user", &[("name", "Nadia Novak"), ("email", "nadia@fabrikam.example"), ("role", "project_manager")], Some(&admin))
            .await;
        assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
        let queued = pending(&app).await;
        assert!(queued >= 1);

        // Nothing listens on the port yet: the attempt fails and the message stays.
        let sink = SmtpSink::start(0).await;
        let port = sink.port;
        sink.stop();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), "Planning Services <no-reply@planning.example>").unwrap();
        let failed = deliver_due(&app.db, &mailer, app.clock_now()).await.unwrap();
        assert_eq!((failed.sent, failed.failed as i64), (0, queued));
        assert_eq!(pending(&app).await, queued, "nothing is lost");
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE last_error IS NOT NULL AND attempts = 1").await, queued);
        // Not retried before its back-off has passed.
        assert_eq!(deliver_due(&app.db, &mailer, app.clock_now()).await.unwrap().failed, 0);

        // The server comes up; after the back-off the message goes out, once.
        let sink = SmtpSink::start(port).await;
        app.clock.advance(Duration::seconds(31));
        let sent = deliver_due(&app.db, &mailer, app.clock_now()).await.unwrap();
        assert_eq!((sent.sent as i64, sent.failed), (queued, 0));
        assert_eq!(pending(&app).await, 0);
        app.clock.advance(Duration::hours(2));
        assert_eq!(deliver_due(&app.db, &mailer, app.clock_now()).await.unwrap().sent, 0, "sent messages are not sent again");
        let messages = sink.messages();
        assert_eq!(messages.len() as i64, queued);
        let invitation = messages.iter().find(|message| message.contains("nadia@fabrikam.example")).expect("the invitation");
        assert!(invitation.contains("Subject: Fabrikam Industries invites you to the Planning Services portal"), "{invitation}");
        assert!(invitation.contains("/invitation/"), "{invitation}");
        sink.stop();
    }
}
