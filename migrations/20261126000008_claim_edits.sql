-- A partner answering a returned claim may drop vouchers from it before resubmitting.
-- A dropped line is released (its voucher can be claimed again) and marked removed, so the
-- claim no longer lists or pays it; a line released because the whole claim was rejected or
-- withdrawn stays listed as what the claim held.
ALTER TABLE claim_vouchers ADD COLUMN removed_at BIGINT;
