-- Redemption (program step 7): when a delivered voucher was redeemed starts the 60-day
-- window for claiming payment.
ALTER TABLE vouchers ADD COLUMN redeemed_at BIGINT;
CREATE INDEX vouchers_redeemed ON vouchers (status, redeemed_at);
