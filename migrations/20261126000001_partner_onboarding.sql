-- Partner onboarding (program steps 1-3): qualifications, agreement, enrollment, profile.
-- Dates are TEXT 'YYYY-MM-DD'; instants BIGINT epoch milliseconds; nothing is deleted
-- (rows are retired with a timestamp instead).

CREATE TABLE partner_training (
    org_id        TEXT PRIMARY KEY REFERENCES organisations (id),
    completed_on  TEXT NOT NULL,
    recorded_by   TEXT NOT NULL REFERENCES users (id),
    recorded_at   BIGINT NOT NULL
);

CREATE TABLE partner_competencies (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    name         TEXT NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('silver', 'gold')),
    valid_until  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    retired_at   BIGINT
);
CREATE INDEX partner_competencies_by_org ON partner_competencies (org_id, name);

CREATE TABLE consultant_exams (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    competency   TEXT NOT NULL,
    exam         TEXT NOT NULL,
    passed_on    TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    retired_at   BIGINT
);
CREATE INDEX consultant_exams_by_user ON consultant_exams (org_id, user_id);

CREATE TABLE partner_locations (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    location_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    country      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    retired_at   BIGINT,
    UNIQUE (org_id, location_id)
);

CREATE TABLE agreement_versions (
    id            TEXT PRIMARY KEY,
    version       BIGINT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    published_at  BIGINT NOT NULL,
    published_by  TEXT REFERENCES users (id)
);

CREATE TABLE agreement_signatures (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES organisations (id),
    agreement_id      TEXT NOT NULL REFERENCES agreement_versions (id),
    signer_user_id    TEXT NOT NULL REFERENCES users (id),
    signer_name       TEXT NOT NULL,
    signer_title      TEXT NOT NULL,
    signed_at         BIGINT NOT NULL
);
CREATE INDEX agreement_signatures_by_org ON agreement_signatures (org_id, signed_at);

-- One row per partner and offering; renewal moves the period on (history in the audit log).
CREATE TABLE enrollments (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    offering_id  TEXT NOT NULL REFERENCES offerings (id),
    starts_on    TEXT NOT NULL,
    expires_on   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (org_id, offering_id)
);

CREATE TABLE partner_profiles (
    org_id         TEXT PRIMARY KEY REFERENCES organisations (id),
    description    TEXT NOT NULL,
    website        TEXT NOT NULL,
    contact_name   TEXT NOT NULL,
    contact_email  TEXT NOT NULL,
    languages      TEXT NOT NULL,
    industries     TEXT NOT NULL,
    published_at   BIGINT,
    updated_at     BIGINT NOT NULL
);

-- Where a partner left the onboarding wizard, so it can resume there.
CREATE TABLE onboarding_progress (
    org_id      TEXT PRIMARY KEY REFERENCES organisations (id),
    step        TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
