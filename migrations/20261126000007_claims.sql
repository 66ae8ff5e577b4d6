-- Payment claims (program step 8): the partner's registration for the SA voucher benefit
-- payment tool, a bank account per location, and claims bundling redeemed vouchers.

CREATE TABLE payment_registrations (
    org_id         TEXT PRIMARY KEY REFERENCES organisations (id),
    legal_name     TEXT NOT NULL,
    tax_id         TEXT NOT NULL,
    remit_address  TEXT NOT NULL,
    registered_by  TEXT NOT NULL REFERENCES users (id),
    registered_at  BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE bank_accounts (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations (id),
    location_id     TEXT NOT NULL REFERENCES partner_locations (id),
    account_holder  TEXT NOT NULL,
    account_number  TEXT NOT NULL,
    bank_code       TEXT NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    retired_at      BIGINT
);
-- One account in force per location; a new one retires the old (kept for history).
CREATE UNIQUE INDEX bank_accounts_one_per_location ON bank_accounts (location_id) WHERE retired_at IS NULL;

CREATE TABLE claims (
    id                 TEXT PRIMARY KEY,
    reference          TEXT NOT NULL UNIQUE,
    org_id             TEXT NOT NULL REFERENCES organisations (id),
    location_id        TEXT NOT NULL REFERENCES partner_locations (id),
    bank_account_id    TEXT NOT NULL REFERENCES bank_accounts (id),
    amount_minor       BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency           TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'approved', 'rejected', 'paid', 'withdrawn')),
    submitted_by       TEXT NOT NULL REFERENCES users (id),
    submitted_at       BIGINT NOT NULL,
    decided_by         TEXT REFERENCES users (id),
    decided_at         BIGINT,
    decision_note      TEXT,
    due_on             TEXT,
    paid_at            BIGINT,
    payment_reference  TEXT
);
CREATE INDEX claims_by_org ON claims (org_id, submitted_at);
CREATE INDEX claims_by_status ON claims (status, submitted_at);

CREATE TABLE claim_vouchers (
    claim_id          TEXT NOT NULL REFERENCES claims (id),
    voucher_id        TEXT NOT NULL REFERENCES vouchers (id),
    days              BIGINT NOT NULL,
    day_rate_minor    BIGINT NOT NULL,
    amount_minor      BIGINT NOT NULL,
    -- Set when the claim stops being live (rejected or withdrawn): the voucher may be claimed again.
    released_at       BIGINT,
    PRIMARY KEY (claim_id, voucher_id)
);
-- A voucher is in at most one live claim.
CREATE UNIQUE INDEX claim_vouchers_one_live ON claim_vouchers (voucher_id) WHERE released_at IS NULL;
