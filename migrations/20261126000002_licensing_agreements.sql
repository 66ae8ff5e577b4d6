-- Customers' licensing agreements (program step 4, first half): the Software Assurance
-- agreements that earn planning days, and the activation of the Planning Services benefit.

CREATE TABLE licensing_agreements (
    id                   TEXT PRIMARY KEY,
    org_id               TEXT NOT NULL REFERENCES organisations (id),
    licensing_id         TEXT NOT NULL,
    qualifying_licenses  BIGINT NOT NULL CHECK (qualifying_licenses >= 0),
    ends_on              TEXT NOT NULL,
    -- Snapshot of the entitlement tier at registration: later tier edits do not change it.
    entitled_days        BIGINT NOT NULL CHECK (entitled_days >= 0),
    activated_at         BIGINT,
    activated_by         TEXT REFERENCES users (id),
    created_by           TEXT NOT NULL REFERENCES users (id),
    created_at           BIGINT NOT NULL,
    UNIQUE (org_id, licensing_id)
);
CREATE INDEX licensing_agreements_by_org ON licensing_agreements (org_id, ends_on);
