-- Each agreement keeps where its drawn days stand beside `days_left`, so showing a pool
-- (the dashboard, the agreements page) reads one row instead of summing every voucher
-- drawn on it: `make bench` saw the customer's dashboard answer nothing within 2 s with
-- 100,000 vouchers on one agreement. The database keeps them current (a trigger per
-- engine, migrations/sqlite and migrations/postgres), and server::integrity checks them
-- against the vouchers.
--   open_days      in vouchers that are assigned, reserved or delivered
--   used_days      in vouchers that are redeemed, claimed or paid
--   returned_days  given back to the pool by cancelled or expired vouchers
--   lost_days      in cancelled or expired vouchers and not given back
ALTER TABLE licensing_agreements ADD COLUMN open_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE licensing_agreements ADD COLUMN used_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE licensing_agreements ADD COLUMN returned_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE licensing_agreements ADD COLUMN lost_days BIGINT NOT NULL DEFAULT 0;

UPDATE licensing_agreements SET
    open_days = COALESCE((SELECT SUM(v.days) FROM vouchers v
        WHERE v.agreement_id = licensing_agreements.id AND v.status IN ('assigned', 'reserved', 'delivered')), 0),
    used_days = COALESCE((SELECT SUM(v.days) FROM vouchers v
        WHERE v.agreement_id = licensing_agreements.id AND v.status IN ('redeemed', 'claimed', 'paid')), 0),
    returned_days = COALESCE((SELECT SUM(v.returned_days) FROM vouchers v
        WHERE v.agreement_id = licensing_agreements.id), 0),
    lost_days = COALESCE((SELECT SUM(v.days - v.returned_days) FROM vouchers v
        WHERE v.agreement_id = licensing_agreements.id AND v.status IN ('cancelled', 'expired')), 0);
