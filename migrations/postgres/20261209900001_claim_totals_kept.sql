-- Keeps claim_totals (migrations/20261209000001_claim_totals.sql) equal to the sums over
-- the claims: each claim counts once, in its location's country, its currency and its
-- status. An update that changes none of those (a note, a payment reference) does not
-- touch the totals.
CREATE FUNCTION claims_keep_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO claim_totals AS t (country, currency, status, claims, amount_minor)
        VALUES ((SELECT country FROM partner_locations WHERE id = OLD.location_id), OLD.currency, OLD.status,
                -1, -OLD.amount_minor)
        ON CONFLICT (country, currency, status)
        DO UPDATE SET claims = t.claims + excluded.claims, amount_minor = t.amount_minor + excluded.amount_minor;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO claim_totals AS t (country, currency, status, claims, amount_minor)
        VALUES ((SELECT country FROM partner_locations WHERE id = NEW.location_id), NEW.currency, NEW.status,
                1, NEW.amount_minor)
        ON CONFLICT (country, currency, status)
        DO UPDATE SET claims = t.claims + excluded.claims, amount_minor = t.amount_minor + excluded.amount_minor;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER claims_total_on_insert_or_delete AFTER INSERT OR DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_keep_totals();
CREATE TRIGGER claims_total_on_update AFTER UPDATE OF status, amount_minor, currency, location_id ON claims
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.amount_minor IS DISTINCT FROM NEW.amount_minor
          OR OLD.currency IS DISTINCT FROM NEW.currency OR OLD.location_id IS DISTINCT FROM NEW.location_id)
    EXECUTE FUNCTION claims_keep_totals();
