-- Foundation schema: organisations, people, sessions, audit log, outbox, catalogue.
-- Portable between SQLite and PostgreSQL: TEXT ids, BIGINT epoch-millisecond instants,
-- nullable timestamps instead of booleans. Nothing of business value is ever deleted.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('partner', 'customer', 'program')),
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations (id),
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('global_admin', 'mpn_admin', 'consultant',
                                                 'benefit_admin', 'project_manager', 'operator')),
    password_hash  TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    disabled_at    BIGINT
);
CREATE INDEX users_by_org ON users (org_id, name);

CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    email        TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   TEXT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    accepted_at  BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX invitations_by_org ON invitations (org_id, created_at);

-- tower-sessions records; expired rows are swept by a background job.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE audit_log (
    id             TEXT PRIMARY KEY,
    at             BIGINT NOT NULL,
    actor_user_id  TEXT,
    actor_org_id   TEXT,
    org_id         TEXT,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    action         TEXT NOT NULL,
    before_json    TEXT,
    after_json     TEXT
);
CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_by_org ON audit_log (org_id, at);

CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    org_id           TEXT,
    kind             TEXT NOT NULL,
    to_address       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    sent_at          BIGINT,
    last_error       TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);
CREATE INDEX outbox_by_org ON outbox (org_id, created_at);

CREATE TABLE offerings (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    position    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    retired_at  BIGINT
);

CREATE TABLE engagement_types (
    id               TEXT PRIMARY KEY,
    offering_id      TEXT NOT NULL REFERENCES offerings (id),
    name             TEXT NOT NULL,
    allowed_lengths  TEXT NOT NULL,
    position         BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    retired_at       BIGINT,
    UNIQUE (offering_id, name)
);

CREATE TABLE engagement_type_competencies (
    engagement_type_id  TEXT NOT NULL REFERENCES engagement_types (id),
    competency          TEXT NOT NULL,
    min_level           TEXT NOT NULL CHECK (min_level IN ('silver', 'gold')),
    PRIMARY KEY (engagement_type_id, competency)
);

CREATE TABLE day_rates (
    country       TEXT PRIMARY KEY,
    amount_minor  BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency      TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE entitlement_tiers (
    min_licenses  BIGINT PRIMARY KEY CHECK (min_licenses >= 0),
    days          BIGINT NOT NULL CHECK (days >= 0)
);
