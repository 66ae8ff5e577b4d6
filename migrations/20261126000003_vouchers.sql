-- Vouchers (program step 4, second half): planning days drawn from an agreement's pool
-- and assigned to a project manager, who passes the code on to a partner.

-- The pool's balance, kept beside the entitlement so that drawing days is one
-- compare-and-set (`days_left >= n`) that concurrent requests and replicas cannot overdraw.
-- Invariant (checked by tests): days_left = entitled_days - SUM(vouchers.days) + SUM(vouchers.returned_days).
ALTER TABLE licensing_agreements ADD COLUMN days_left BIGINT NOT NULL DEFAULT 0 CHECK (days_left >= 0);
UPDATE licensing_agreements SET days_left = entitled_days;

CREATE TABLE vouchers (
    id                     TEXT PRIMARY KEY,
    -- Canonical form (20 symbols, no separators); shown grouped.
    code                   TEXT NOT NULL UNIQUE,
    customer_org_id        TEXT NOT NULL REFERENCES organisations (id),
    agreement_id           TEXT NOT NULL REFERENCES licensing_agreements (id),
    offering_id            TEXT NOT NULL REFERENCES offerings (id),
    days                   BIGINT NOT NULL CHECK (days IN (1, 3, 5, 10, 15)),
    -- The division or legal entity the engagement is for, as typed, and its comparison key.
    division               TEXT NOT NULL,
    division_key           TEXT NOT NULL,
    project_manager_email  TEXT NOT NULL,
    project_manager_name   TEXT NOT NULL,
    status                 TEXT NOT NULL CHECK (status IN
        ('assigned', 'reserved', 'delivered', 'redeemed', 'claimed', 'paid', 'cancelled', 'expired')),
    assigned_at            BIGINT NOT NULL,
    expires_at             BIGINT NOT NULL,
    expiry_warned_at       BIGINT,
    -- When it was cancelled or expired, and how many of its days went back to the pool
    -- (0 when the agreement had ended by then: those days are lost).
    closed_at              BIGINT,
    returned_days          BIGINT NOT NULL DEFAULT 0 CHECK (returned_days >= 0 AND returned_days <= days),
    created_by             TEXT NOT NULL REFERENCES users (id),
    created_at             BIGINT NOT NULL
);
-- The 15-day rule, enforced by the database so two concurrent requests cannot both pass it:
-- one live 15-day voucher per customer, offering and division.
CREATE UNIQUE INDEX vouchers_one_live_fifteen_day ON vouchers (customer_org_id, offering_id, division_key)
    WHERE days = 15 AND status NOT IN ('cancelled', 'expired');
CREATE INDEX vouchers_by_org ON vouchers (customer_org_id, created_at, id);
CREATE INDEX vouchers_by_agreement ON vouchers (agreement_id, status);
CREATE INDEX vouchers_by_project_manager ON vouchers (customer_org_id, project_manager_email, created_at, id);
CREATE INDEX vouchers_open_by_expiry ON vouchers (status, expires_at);
