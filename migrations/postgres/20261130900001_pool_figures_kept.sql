-- Keeps each agreement's pool figures (migrations/20261130000001_pool_figures.sql) equal to
-- the sums over its vouchers: a voucher's days count where its status puts them. An update
-- that leaves every figure as it was (a reservation, a claim) does not touch the agreement,
-- so it takes no lock on its row.
CREATE FUNCTION voucher_pool_share(status TEXT, days BIGINT, returned BIGINT)
RETURNS TABLE (open_days BIGINT, used_days BIGINT, returned_days BIGINT, lost_days BIGINT)
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN status IN ('assigned', 'reserved', 'delivered') THEN days ELSE 0 END,
           CASE WHEN status IN ('redeemed', 'claimed', 'paid') THEN days ELSE 0 END,
           returned,
           CASE WHEN status IN ('cancelled', 'expired') THEN days - returned ELSE 0 END
$$;

CREATE FUNCTION vouchers_keep_pool() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    share RECORD;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT * INTO share FROM voucher_pool_share(OLD.status, OLD.days, OLD.returned_days);
        UPDATE licensing_agreements SET
            open_days = open_days - share.open_days,
            used_days = used_days - share.used_days,
            returned_days = returned_days - share.returned_days,
            lost_days = lost_days - share.lost_days
        WHERE id = OLD.agreement_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT * INTO share FROM voucher_pool_share(NEW.status, NEW.days, NEW.returned_days);
        UPDATE licensing_agreements SET
            open_days = open_days + share.open_days,
            used_days = used_days + share.used_days,
            returned_days = returned_days + share.returned_days,
            lost_days = lost_days + share.lost_days
        WHERE id = NEW.agreement_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER vouchers_pool_on_insert_or_delete AFTER INSERT OR DELETE ON vouchers
    FOR EACH ROW EXECUTE FUNCTION vouchers_keep_pool();
CREATE TRIGGER vouchers_pool_on_update AFTER UPDATE OF status, days, returned_days, agreement_id ON vouchers
    FOR EACH ROW
    WHEN (OLD.agreement_id IS DISTINCT FROM NEW.agreement_id OR OLD.days IS DISTINCT FROM NEW.days
          OR OLD.returned_days IS DISTINCT FROM NEW.returned_days
          OR (CASE WHEN OLD.status IN ('assigned', 'reserved', 'delivered') THEN 0 WHEN OLD.status IN ('redeemed', 'claimed', 'paid') THEN 1 ELSE 2 END)
             <> (CASE WHEN NEW.status IN ('assigned', 'reserved', 'delivered') THEN 0 WHEN NEW.status IN ('redeemed', 'claimed', 'paid') THEN 1 ELSE 2 END))
    EXECUTE FUNCTION vouchers_keep_pool();
