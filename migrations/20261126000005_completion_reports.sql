-- Completion reports and customer deliverables (program step 6). Deliverables are kept
-- in the database so they survive restarts and are shared by every replica.

CREATE TABLE completion_reports (
    engagement_id           TEXT PRIMARY KEY REFERENCES engagements (id),
    delivered_from          TEXT NOT NULL,
    delivered_to            TEXT NOT NULL,
    days_delivered          BIGINT NOT NULL CHECK (days_delivered BETWEEN 1 AND 15),
    -- Comma-separated user ids of the consultants who delivered.
    consultants             TEXT NOT NULL,
    customer_contact_name   TEXT NOT NULL,
    customer_contact_email  TEXT NOT NULL,
    summary                 TEXT NOT NULL,
    recommendations         TEXT NOT NULL,
    updated_by              TEXT NOT NULL REFERENCES users (id),
    updated_at              BIGINT NOT NULL,
    submitted_by            TEXT REFERENCES users (id),
    submitted_at            BIGINT
);

CREATE TABLE deliverables (
    id             TEXT PRIMARY KEY,
    engagement_id  TEXT NOT NULL REFERENCES engagements (id),
    file_name      TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('pdf', 'docx', 'pptx', 'xlsx')),
    size_bytes     BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    -- BYTEA on PostgreSQL; SQLite stores the blob as given.
    content        BYTEA NOT NULL,
    uploaded_by    TEXT NOT NULL REFERENCES users (id),
    uploaded_at    BIGINT NOT NULL
);
CREATE INDEX deliverables_by_engagement ON deliverables (engagement_id, uploaded_at);
