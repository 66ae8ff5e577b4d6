-- Keeps each agreement's pool figures (migrations/20261130000001_pool_figures.sql) equal to
-- the sums over its vouchers: a voucher's days count where its status puts them. An update
-- that leaves every figure as it was (a reservation, a claim) does not touch the agreement.
CREATE TRIGGER vouchers_pool_on_insert AFTER INSERT ON vouchers
BEGIN
    UPDATE licensing_agreements SET
        open_days = open_days + CASE WHEN NEW.status IN ('assigned', 'reserved', 'delivered') THEN NEW.days ELSE 0 END,
        used_days = used_days + CASE WHEN NEW.status IN ('redeemed', 'claimed', 'paid') THEN NEW.days ELSE 0 END,
        returned_days = returned_days + NEW.returned_days,
        lost_days = lost_days + CASE WHEN NEW.status IN ('cancelled', 'expired') THEN NEW.days - NEW.returned_days ELSE 0 END
    WHERE id = NEW.agreement_id;
END;

CREATE TRIGGER vouchers_pool_on_update AFTER UPDATE OF status, days, returned_days, agreement_id ON vouchers
WHEN OLD.agreement_id IS NOT NEW.agreement_id OR OLD.days IS NOT NEW.days OR OLD.returned_days IS NOT NEW.returned_days
    OR (CASE WHEN OLD.status IN ('assigned', 'reserved', 'delivered') THEN 0 WHEN OLD.status IN ('redeemed', 'claimed', 'paid') THEN 1 ELSE 2 END)
       <> (CASE WHEN NEW.status IN ('assigned', 'reserved', 'delivered') THEN 0 WHEN NEW.status IN ('redeemed', 'claimed', 'paid') THEN 1 ELSE 2 END)
BEGIN
    UPDATE licensing_agreements SET
        open_days = open_days - CASE WHEN OLD.status IN ('assigned', 'reserved', 'delivered') THEN OLD.days ELSE 0 END,
        used_days = used_days - CASE WHEN OLD.status IN ('redeemed', 'claimed', 'paid') THEN OLD.days ELSE 0 END,
        returned_days = returned_days - OLD.returned_days,
        lost_days = lost_days - CASE WHEN OLD.status IN ('cancelled', 'expired') THEN OLD.days - OLD.returned_days ELSE 0 END
    WHERE id = OLD.agreement_id;
    UPDATE licensing_agreements SET
        open_days = open_days + CASE WHEN NEW.status IN ('assigned', 'reserved', 'delivered') THEN NEW.days ELSE 0 END,
        used_days = used_days + CASE WHEN NEW.status IN ('redeemed', 'claimed', 'paid') THEN NEW.days ELSE 0 END,
        returned_days = returned_days + NEW.returned_days,
        lost_days = lost_days + CASE WHEN NEW.status IN ('cancelled', 'expired') THEN NEW.days - NEW.returned_days ELSE 0 END
    WHERE id = NEW.agreement_id;
END;

CREATE TRIGGER vouchers_pool_on_delete AFTER DELETE ON vouchers
BEGIN
    UPDATE licensing_agreements SET
        open_days = open_days - CASE WHEN OLD.status IN ('assigned', 'reserved', 'delivered') THEN OLD.days ELSE 0 END,
        used_days = used_days - CASE WHEN OLD.status IN ('redeemed', 'claimed', 'paid') THEN OLD.days ELSE 0 END,
        returned_days = returned_days - OLD.returned_days,
        lost_days = lost_days - CASE WHEN OLD.status IN ('cancelled', 'expired') THEN OLD.days - OLD.returned_days ELSE 0 END
    WHERE id = OLD.agreement_id;
END;
