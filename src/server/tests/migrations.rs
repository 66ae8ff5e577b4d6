//! Migrations that reshape a table with people in it: what existed before is all there
//! after, and still referenced.

use crate::server::db::Db;

/// The version that rebuilds `users` on SQLite to allow the incentives_admin role.
const ROLE_REBUILD: i64 = 20261206900001;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rebuilding_the_people_table_on_sqlite_keeps_everyone_and_every_reference() {
    let path = std::env::temp_dir().join(format!("ps-migrate-{}.db", uuid::Uuid::new_v4().simple()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    // The schema as it stood before the rebuild, with a person an invitation points at.
    {
        sqlx::any::install_default_drivers();
        let pool = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
        sqlx::query("PRAGMA foreign_keys = ON").execute(&pool).await.unwrap();
        for mut migrator in [sqlx::migrate!("./migrations"), sqlx::migrate!("./migrations/sqlite")] {
            migrator.migrations =
                migrator.migrations.iter().filter(|migration| migration.version < ROLE_REBUILD).cloned().collect();
            migrator.set_ignore_missing(true);
            migrator.run(&pool).await.unwrap();
        }
        for statement in [
            "INSERT INTO organisations (id, kind, name, created_at) VALUES ('o1', 'partner', 'Contoso', 1)",
            "INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, language, email_verified_at)
             VALUES ('u1', 'o1', 'ana@contoso.example', 'Ana', 'global_admin', 'hash', 1, 'es', 2)",
            "INSERT INTO invitations (id, org_id, email, name, role, token_hash, invited_by, created_at, expires_at)
             VALUES ('i1', 'o1', 'ines@contoso.example', 'Ines', 'consultant', 'h', 'u1', 1, 2)",
        ] {
            sqlx::query(statement).execute(&pool).await.unwrap();
        }
        let refused = sqlx::query(
            "INSERT INTO users (id, org_id, email, name, role, password_hash, created_at)
             VALUES ('u2', 'o1', 'x@contoso.example', 'X', 'incentives_admin', 'hash', 1)",
        )
        .execute(&pool)
        .await;
        assert!(refused.is_err(), "the old schema refuses the new role");
        pool.close().await;
    }
    let db = Db::connect(&url).await.expect("the remaining migrations apply");
    let ana: (String, String, Option<String>, Option<i64>) =
        sqlx::query_as("SELECT email, role, language, email_verified_at FROM users WHERE id = 'u1'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(ana, ("ana@contoso.example".into(), "global_admin".into(), Some("es".into()), Some(2)));
    let broken: Vec<(String, i64, String, i64)> =
        sqlx::query_as("PRAGMA foreign_key_check").fetch_all(&db.pool).await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");
    sqlx::query(
        "INSERT INTO users (id, org_id, email, name, role, password_hash, created_at)
         VALUES ('u2', 'o1', 'ines@contoso.example', 'Ines', 'incentives_admin', 'hash', 1)",
    )
    .execute(&db.pool)
    .await
    .expect("the new role is allowed");
    let unknown = sqlx::query(
        "INSERT INTO users (id, org_id, email, name, role, password_hash, created_at)
         VALUES ('u3', 'o1', 'z@contoso.example', 'Z', 'emperor', 'hash', 1)",
    )
    .execute(&db.pool)
    .await;
    assert!(unknown.is_err(), "the check still holds for anything else");
    let orphan = sqlx::query(
        "INSERT INTO invitations (id, org_id, email, name, role, token_hash, invited_by, created_at, expires_at)
         VALUES ('i2', 'o1', 'q@contoso.example', 'Q', 'consultant', 'h2', 'nobody', 1, 2)",
    )
    .execute(&db.pool)
    .await;
    assert!(orphan.is_err(), "references to people are still enforced");
    db.pool.close().await;
    let _ = std::fs::remove_file(&path);
}
