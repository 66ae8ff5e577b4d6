-- The partners' finance role, incentives_admin. SQLite cannot change a CHECK constraint,
-- so the table is rebuilt inside the migration's transaction: the rows are kept aside,
-- the table dropped and created anew, the rows put back. Foreign keys are deferred to
-- the commit, where every reference to a person must find them again (it does: the same
-- ids come back), or nothing of this happens.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_kept AS SELECT * FROM users;
DROP TABLE users;
CREATE TABLE users (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations (id),
    email              TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    role               TEXT NOT NULL CHECK (role IN ('global_admin', 'mpn_admin', 'consultant', 'incentives_admin',
                                                     'benefit_admin', 'project_manager', 'operator')),
    password_hash      TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    disabled_at        BIGINT,
    language           TEXT,
    email_verified_at  BIGINT
);
INSERT INTO users (id, org_id, email, name, role, password_hash, created_at, disabled_at, language, email_verified_at)
    SELECT id, org_id, email, name, role, password_hash, created_at, disabled_at, language, email_verified_at
    FROM users_kept;
DROP TABLE users_kept;
CREATE INDEX users_by_org ON users (org_id, name);
