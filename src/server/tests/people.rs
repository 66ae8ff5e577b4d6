//! The authorization gate and tenancy, seen through the people page: listing members,
//! inviting, accepting invitations, disabling accounts.

use super::helpers::{on_both_backends, TestApp};
use crate::domain::people::InvitationCreated;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::flows::users::api::People;
use crate::server::db::outbox;
use crate::server::seed::{DEMO_CUSTOMER, DEMO_PARTNER};
use axum::http::StatusCode;

async fn invite(app: &TestApp, cookie: &str, name: &str, email: &str, role: &str) -> InvitationCreated {
    let response = app.call("invite_user", &[("name", name), ("email", email), ("role", role)], Some(cookie)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

/// The invitation's token, from the email that carried it (the only place it goes).
async fn token_of(app: &TestApp, created: &InvitationCreated) -> String {
    app.mailed_token(&created.email, "/invitation/").await
}

on_both_backends! {
    async fn signed_out_callers_get_401_and_roles_without_rights_get_403(app: TestApp) {
        let anonymous = app.call("list_people", &[], None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        assert_eq!(anonymous.app_error(), AppError::Unauthenticated);

        for role in [Role::MpnAdmin, Role::Consultant, Role::ProjectManager] {
            let cookie = app.sign_in_demo(role).await;
            let response = app.call("list_people", &[], Some(&cookie)).await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{role}");
            assert_eq!(response.app_error(), AppError::Forbidden);
            let response = app.call("invite_user", &[("name", "X"), ("email", "x@x.example"), ("role", role.as_str())], Some(&cookie)).await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{role} cannot invite");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);
    }
}

on_both_backends! {
    async fn each_admin_sees_only_its_own_organisation(app: TestApp) {
        for (role, org) in [(Role::GlobalAdmin, &DEMO_PARTNER), (Role::BenefitAdmin, &DEMO_CUSTOMER)] {
            let cookie = app.sign_in_demo(role).await;
            let response = app.call("list_people", &[], Some(&cookie)).await;
            assert_eq!(response.status, StatusCode::OK, "{}", response.body);
            let people: People = serde_json::from_str(&response.body).unwrap();
            let expected: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE org_id = $1")
                .bind(org.id.to_string())
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
            assert_eq!(people.users.len() as i64, expected);
            assert!(people.users.iter().all(|user| user.role.org_kind() == org.kind), "only {} people", org.name);
        }
    }
}

on_both_backends! {
    async fn an_invited_colleague_joins_with_the_given_role(app: TestApp) {
        // Arrange
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        // Act
        let created = invite(&app, &admin, "Iris Invitee", "iris@contoso.example", "consultant").await;
        let preview = app.call("get_invitation", &[("token", &token_of(&app, &created).await)], None).await;
        let accepted = app.call("accept_invitation", &[("token", &token_of(&app, &created).await), ("password", "iris chooses a password")], None).await;
        // Assert
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        assert!(preview.body.contains("Contoso Consulting"));
        assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
        let mails = outbox::for_recipient(&app.db.pool, "iris@contoso.example").await.unwrap();
        assert_eq!(mails.len(), 1, "the invitation is in the outbox");
        assert!(mails[0].2.contains("/invitation/"), "the email carries the link");
        let cookie = app.sign_in("iris@contoso.example", "iris chooses a password").await;
        let viewer: crate::domain::viewer::Viewer =
            serde_json::from_str(&app.call("who_am_i", &[], Some(&cookie)).await.body).unwrap();
        assert_eq!((viewer.role, viewer.org_id), (Role::Consultant, DEMO_PARTNER.id));
        // A used link cannot be used again.
        let again = app.call("accept_invitation", &[("token", &token_of(&app, &created).await), ("password", "someone else's password")], None).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert!(again.app_error().to_string().contains("no longer valid"));
    }
}

on_both_backends! {
    async fn an_admin_cannot_hand_out_another_kind_of_role(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        for role in ["global_admin", "operator", "superuser", ""] {
            let response = app.call("invite_user", &[("name", "Mallory"), ("email", "m@fabrikam.example"), ("role", role)], Some(&admin)).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{role}: {}", response.body);
            assert!(response.app_error().field_message("role").is_some(), "{role}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);
    }
}

on_both_backends! {
    async fn an_expired_invitation_cannot_be_accepted(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let created = invite(&app, &admin, "Late Larry", "larry@fabrikam.example", "project_manager").await;
        app.clock.advance(chrono::Duration::days(8));
        let response = app.call("accept_invitation", &[("token", &token_of(&app, &created).await), ("password", "too late for this")], None).await;
        assert_eq!(response.status, StatusCode::CONFLICT);
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'larry@fabrikam.example'").await, 0);
    }
}

on_both_backends! {
    async fn two_simultaneous_acceptances_create_exactly_one_account(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        let created = invite(&app, &admin, "Twin", "twin@contoso.example", "mpn_admin").await;
        let token = token_of(&app, &created).await;
        let attempts = (0..4).map(|index| {
            let app = &app;
            let token = token.clone();
            async move {
                let password = format!("racing password {index}");
                app.call("accept_invitation", &[("token", &token), ("password", &password)], None).await.status
            }
        });
        // Polled together: each request hashes on a blocking thread and races to the database.
        let statuses = futures::future::join_all(attempts).await;
        assert_eq!(statuses.iter().filter(|status| **status == StatusCode::OK).count(), 1, "{statuses:?}");
        assert!(statuses.iter().all(|status| *status == StatusCode::OK || *status == StatusCode::CONFLICT), "{statuses:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'twin@contoso.example'").await, 1);
    }
}

on_both_backends! {
    async fn a_disabled_member_is_locked_out_and_other_orgs_cannot_touch_them(app: TestApp) {
        let partner_admin = app.sign_in_demo(Role::GlobalAdmin).await;
        let consultant = app.sign_in_demo(Role::Consultant).await;
        let consultant_id: String = sqlx::query_scalar("SELECT id FROM users WHERE role = 'consultant'").fetch_one(&app.db.pool).await.unwrap();

        // Another organisation's admin cannot see or change the consultant.
        let customer_admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let foreign = app.call("set_user_access", &[("user_id", &consultant_id), ("active", "false")], Some(&customer_admin)).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);
        assert_eq!(foreign.app_error().to_string(), "There is no such person in your organisation.");
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL").await, 0);

        // Their own admin can, and the open session stops working at once.
        let own = app.call("set_user_access", &[("user_id", &consultant_id), ("active", "false")], Some(&partner_admin)).await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        let after = app.call("who_am_i", &[], Some(&consultant)).await;
        assert_eq!(after.body, "null");
        let sign_in = app.call("sign_in", &[("email", "consultant@contoso.example"), ("password", crate::server::seed::DEMO_PASSWORD)], None).await;
        assert_eq!(sign_in.status, StatusCode::CONFLICT);
        assert!(sign_in.app_error().to_string().contains("disabled"));
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'disabled'").await, 1);

        // Garbage ids are a 404 too, never a 500.
        let garbage = app.call("set_user_access", &[("user_id", "' OR 1=1 --"), ("active", "false")], Some(&partner_admin)).await;
        assert_eq!(garbage.status, StatusCode::NOT_FOUND);
    }
}

on_both_backends! {
    async fn an_admin_cannot_disable_themself(app: TestApp) {
        let admin = app.sign_in_demo(Role::BenefitAdmin).await;
        let own_id: String = sqlx::query_scalar("SELECT id FROM users WHERE role = 'benefit_admin'").fetch_one(&app.db.pool).await.unwrap();
        let response = app.call("set_user_access", &[("user_id", &own_id), ("active", "false")], Some(&admin)).await;
        assert_eq!(response.status, StatusCode::CONFLICT);
    }
}

on_both_backends! {
    async fn inviting_an_address_registered_elsewhere_answers_like_any_other(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        let elsewhere = invite(&app, &admin, "Beatriz", "benefit.admin@fabrikam.example", "consultant").await;
        let nowhere = invite(&app, &admin, "Nadie", "nadie@contoso.example", "consultant").await;
        assert_eq!(elsewhere.expires_at, nowhere.expires_at, "the same answer");
        // The inviter's view of both is alike: listed, waiting, an invitation in the outbox
        // whose words only the recipient may read.
        let people: People = serde_json::from_str(&app.call("list_people", &[], Some(&admin)).await.body).unwrap();
        for email in ["benefit.admin@fabrikam.example", "nadie@contoso.example"] {
            assert!(people.invitations.iter().any(|invitation| invitation.email == email), "{email} is listed");
        }
        let listed = app.call("list_outbox", &[], Some(&admin)).await;
        let messages: Vec<crate::domain::outbox::OutboxMessage> = serde_json::from_str(&listed.body).unwrap();
        let invitations: Vec<_> = messages.iter().filter(|message| message.kind == "invitation").collect();
        assert_eq!(invitations.len(), 2);
        assert!(invitations.iter().all(|message| message.body.is_none()), "the bodies stay private");
        assert_eq!(invitations[0].subject, invitations[1].subject);
        // The owner is told, with no link to accept.
        let told = outbox::for_recipient(&app.db.pool, "benefit.admin@fabrikam.example").await.unwrap();
        assert!(told[0].2.contains("already has an account") && !told[0].2.contains("/invitation/"), "{}", told[0].2);
        // Only a member of the inviter's own organisation is refused, on the field.
        let member = app.call("invite_user", &[("name", "Carlos"), ("email", "consultant@contoso.example"), ("role", "consultant")], Some(&admin)).await;
        assert_eq!(member.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

on_both_backends! {
    async fn an_admin_changes_a_member_role_and_hands_over_their_own(app: TestApp) {
        let admin = app.sign_in_demo(Role::GlobalAdmin).await;
        let pool = &app.db.pool;
        let id_of = |email: &'static str| async move {
            sqlx::query_scalar::<_, String>("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(pool).await.unwrap()
        };
        let carlos = id_of("consultant@contoso.example").await;
        let marta = id_of("mpn.admin@contoso.example").await;
        let own = id_of("global.admin@contoso.example").await;
        let consultant = app.sign_in_demo(Role::Consultant).await;
        // A role of the organisation's kind, for someone else: at once, and audited.
        assert_eq!(app.call("change_role", &[("user_id", &carlos), ("role", "mpn_admin")], Some(&admin)).await.status, StatusCode::OK);
        let viewer: crate::domain::viewer::Viewer = serde_json::from_str(&app.call("who_am_i", &[], Some(&consultant)).await.body).unwrap();
        assert_eq!(viewer.role, Role::MpnAdmin, "the open session has the new role at its next request");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'role_changed'").await, 1);
        // Not a customer's role, not one's own, not someone of another organisation.
        let wrong_kind = app.call("change_role", &[("user_id", &carlos), ("role", "benefit_admin")], Some(&admin)).await;
        assert_eq!(wrong_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.call("change_role", &[("user_id", &own), ("role", "consultant")], Some(&admin)).await.status, StatusCode::CONFLICT);
        let customer = app.sign_in_demo(Role::BenefitAdmin).await;
        assert_eq!(app.call("change_role", &[("user_id", &carlos), ("role", "project_manager")], Some(&customer)).await.status, StatusCode::NOT_FOUND, "not one of theirs");
        assert_eq!(app.call("change_role", &[("user_id", &marta), ("role", "global_admin")], Some(&consultant)).await.status, StatusCode::FORBIDDEN);
        // Handing over: Marta becomes global admin, the giver MPN admin, in one step.
        assert_eq!(app.call("hand_over_role", &[("user_id", &marta)], Some(&admin)).await.status, StatusCode::OK);
        let role_of = |id: String| async move {
            sqlx::query_scalar::<_, String>("SELECT role FROM users WHERE id = $1").bind(id).fetch_one(pool).await.unwrap()
        };
        assert_eq!(role_of(marta.clone()).await, "global_admin");
        assert_eq!(role_of(own.clone()).await, "mpn_admin");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'role_handed_over'").await, 1);
        // The former global admin manages people no more.
        assert_eq!(app.call("list_people", &[], Some(&admin)).await.status, StatusCode::FORBIDDEN);
        let operator = app.sign_in_demo(Role::Operator).await;
        assert_eq!(app.call("hand_over_role", &[("user_id", &marta)], Some(&operator)).await.status, StatusCode::CONFLICT, "the operator's role is shared, not handed over");
    }
}
