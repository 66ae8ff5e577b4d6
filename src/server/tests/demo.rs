//! The lived-in demo: its history leaves a voucher in every state, claims for the operator
//! and something to do on every demo role's dashboard, and plays only once.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::claim::ClaimStatus;
use crate::domain::dashboard::{NextSteps, Task};
use crate::domain::roles::Role;
use crate::domain::voucher_status::VoucherStatus;
use crate::server::{
    dashboard,
    db::{outbox, users},
    seed,
};

on_both_backends! {
    async fn the_demo_history_leaves_every_state_and_something_to_do_for_every_role(app: TestApp) {
        // A message the serving portal wrote a moment after the history's today is mailed,
        // not taken for part of the history.
        let later = app.clock_now() + chrono::Duration::seconds(1);
        let message = outbox::NewMessage {
            org_id: None,
            kind: "test",
            to: "someone@example.com",
            subject: "written while the history played".to_owned(),
            body: String::new(),
        };
        outbox::enqueue(&app.db.pool, message, later).await.unwrap();
        seed::play_history(&app.state, app.clock_now()).await.expect("the demo history plays");

        for status in VoucherStatus::ALL {
            let count = app.count(&format!("SELECT COUNT(*) FROM vouchers WHERE status = '{}'", status.as_str())).await;
            assert!(count >= 1, "a voucher {status:?}");
        }
        let waiting = app.count(&format!("SELECT COUNT(*) FROM claims WHERE status = '{}'", ClaimStatus::Submitted.as_str())).await;
        assert_eq!(waiting, 2, "two claims wait for the operator");
        assert_eq!(app.count("SELECT COUNT(*) FROM partner_profiles WHERE published_at IS NOT NULL").await, 1, "Contoso's profile is published");
        assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await, 1, "of the history, nothing is left to mail");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND kind = 'test'").await,
            1,
            "what the portal wrote after the history is still to send"
        );
        assert!(app.count("SELECT COUNT(*) FROM audit_log WHERE actor_user_id IS NOT NULL").await > 50, "the history is in the audit log");
        let future = app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE at > {}", app.clock_now().timestamp_millis())).await;
        assert_eq!(future, 0, "nothing happened after today");

        for user in &seed::DEMO_USERS {
            let viewer = users::active_viewer(&app.db.pool, user.id(), false).await.unwrap().unwrap();
            let next = dashboard::next_steps(&app.state, &viewer).await.unwrap();
            let something_to_do = match (&next, user.role) {
                (NextSteps::Operator(next), _) => next.waiting.len() == 2,
                (NextSteps::Partner(next), role) => {
                    // Each partner role sees its own part: consultants deliver, incentives
                    // admins claim, the MPN admin oversees delivery, the global admin all.
                    let tasks: &[Task] = match role {
                        Role::Consultant => &[Task::ReportAndRedeem],
                        Role::IncentivesAdmin => &[Task::Claim],
                        Role::MpnAdmin => &[Task::ReportAndRedeem, Task::Redeem],
                        _ => &[Task::ReportAndRedeem, Task::Redeem, Task::Claim],
                    };
                    tasks.iter().all(|task| next.deadlines.iter().any(|deadline| deadline.task == *task))
                }
                (NextSteps::Customer(next), Role::BenefitAdmin) => {
                    next.agreements.iter().any(|agreement| agreement.pool.left.get() > 0)
                }
                (NextSteps::Customer(next), _) => next.by_status.iter().any(|(status, count)| *status == VoucherStatus::Assigned && *count > 0),
            };
            assert!(something_to_do, "{:?} has something to do: {next:#?}", user.role);
        }

        // Another start finds the demo there and plays nothing again.
        assert!(!seed::run(&app.db, true, app.clock_now()).await.unwrap());
    }
}
