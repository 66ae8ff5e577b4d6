-- Indexes for a program at scale (issue 8: a million vouchers), each backing a query whose
-- plan the query-plan test checks.

-- The operator's audit log, newest first, paged by (at, id) keyset.
CREATE INDEX audit_by_time ON audit_log (at, id);

-- The voucher list's offering filter (which offerings a customer's vouchers use).
CREATE INDEX vouchers_by_offering ON vouchers (customer_org_id, offering_id);

-- The voucher list filtered by status (an organisation's page seeks its status directly
-- instead of walking all its vouchers), and a project manager's filter options.
CREATE INDEX vouchers_by_status ON vouchers (customer_org_id, status, created_at, id);
CREATE INDEX vouchers_by_manager_offering ON vouchers (customer_org_id, project_manager_email, offering_id);
CREATE INDEX vouchers_by_manager_agreement ON vouchers (customer_org_id, project_manager_email, agreement_id);
