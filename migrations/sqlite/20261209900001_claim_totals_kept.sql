-- Keeps claim_totals (migrations/20261209000001_claim_totals.sql) equal to the sums over
-- the claims: each claim counts once, in its location's country, its currency and its
-- status. An update that changes none of those (a note, a payment reference) does not
-- touch the totals.

-- One move of a total (a claim counted in or out), written once: see voucher_tally_moves.
CREATE VIEW claim_total_moves (location_id, currency, status, claims, amount_minor) AS
    SELECT NULL, NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER claim_total_moves_apply INSTEAD OF INSERT ON claim_total_moves
BEGIN
    INSERT INTO claim_totals (country, currency, status, claims, amount_minor)
    VALUES ((SELECT country FROM partner_locations WHERE id = NEW.location_id), NEW.currency, NEW.status,
            NEW.claims, NEW.amount_minor)
    ON CONFLICT (country, currency, status)
    DO UPDATE SET claims = claims + excluded.claims, amount_minor = amount_minor + excluded.amount_minor;
END;

CREATE TRIGGER claims_total_on_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claim_total_moves VALUES (NEW.location_id, NEW.currency, NEW.status, 1, NEW.amount_minor);
END;

CREATE TRIGGER claims_total_on_update AFTER UPDATE OF status, amount_minor, currency, location_id ON claims
WHEN OLD.status IS NOT NEW.status OR OLD.amount_minor IS NOT NEW.amount_minor OR OLD.currency IS NOT NEW.currency
    OR OLD.location_id IS NOT NEW.location_id
BEGIN
    INSERT INTO claim_total_moves
    VALUES (OLD.location_id, OLD.currency, OLD.status, -1, -OLD.amount_minor),
           (NEW.location_id, NEW.currency, NEW.status, 1, NEW.amount_minor);
END;

CREATE TRIGGER claims_total_on_delete AFTER DELETE ON claims
BEGIN
    INSERT INTO claim_total_moves VALUES (OLD.location_id, OLD.currency, OLD.status, -1, -OLD.amount_minor);
END;
