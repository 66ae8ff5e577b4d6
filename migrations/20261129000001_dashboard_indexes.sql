-- The customer's dashboard at scale (an organisation with 100,000 vouchers): `make bench`
-- saw its server-rendered page time out under load. Two of its queries read every one of
-- the organisation's vouchers through `vouchers_by_status`/`vouchers_by_org` and then the
-- table itself.

-- Open vouchers ending soon, soonest first: seek each open status's range by expiry
-- instead of sorting all the organisation's open vouchers.
CREATE INDEX vouchers_expiring_by_org ON vouchers (customer_org_id, status, expires_at);

-- Days put into vouchers per month: the sum is answered from the index alone.
CREATE INDEX vouchers_days_by_org ON vouchers (customer_org_id, created_at, days);
