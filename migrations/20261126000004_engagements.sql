-- Reservations (program step 5): a partner reserves a customer's voucher for an
-- engagement of one engagement type, delivered from one of its locations by named
-- consultants between two dates. Releasing a reservation keeps the row (history).

CREATE TABLE engagements (
    id                  TEXT PRIMARY KEY,
    voucher_id          TEXT NOT NULL REFERENCES vouchers (id),
    partner_org_id      TEXT NOT NULL REFERENCES organisations (id),
    engagement_type_id  TEXT NOT NULL REFERENCES engagement_types (id),
    location_id         TEXT NOT NULL REFERENCES partner_locations (id),
    delivery_country    TEXT NOT NULL,
    starts_on           TEXT NOT NULL,
    ends_on             TEXT NOT NULL,
    terms_accepted_at   BIGINT NOT NULL,
    reserved_by         TEXT NOT NULL REFERENCES users (id),
    reserved_at         BIGINT NOT NULL,
    released_at         BIGINT,
    released_by         TEXT REFERENCES users (id),
    CHECK (starts_on <= ends_on)
);
-- At most one live reservation per voucher, whatever the application does.
CREATE UNIQUE INDEX engagements_one_live_per_voucher ON engagements (voucher_id) WHERE released_at IS NULL;
CREATE INDEX engagements_by_partner ON engagements (partner_org_id, reserved_at);

CREATE TABLE engagement_consultants (
    engagement_id  TEXT NOT NULL REFERENCES engagements (id),
    user_id        TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (engagement_id, user_id)
);
CREATE INDEX engagement_consultants_by_user ON engagement_consultants (user_id);
