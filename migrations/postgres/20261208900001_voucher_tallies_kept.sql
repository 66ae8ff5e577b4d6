-- Keeps voucher_tallies (migrations/20261208000001_voucher_tallies.sql) equal to the counts
-- over the vouchers: each voucher counts once, in its organisation, project manager,
-- creation month and status. An update that changes none of those (a reservation's
-- partner, a claim) does not touch the tallies.
CREATE FUNCTION voucher_month(created_at BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(to_timestamp(created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM')
$$;

CREATE FUNCTION vouchers_keep_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO voucher_tallies AS t (customer_org_id, project_manager_email, month, status, vouchers, days)
        VALUES (OLD.customer_org_id, OLD.project_manager_email, voucher_month(OLD.created_at), OLD.status, -1, -OLD.days)
        ON CONFLICT (customer_org_id, project_manager_email, month, status)
        DO UPDATE SET vouchers = t.vouchers + excluded.vouchers, days = t.days + excluded.days;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO voucher_tallies AS t (customer_org_id, project_manager_email, month, status, vouchers, days)
        VALUES (NEW.customer_org_id, NEW.project_manager_email, voucher_month(NEW.created_at), NEW.status, 1, NEW.days)
        ON CONFLICT (customer_org_id, project_manager_email, month, status)
        DO UPDATE SET vouchers = t.vouchers + excluded.vouchers, days = t.days + excluded.days;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER vouchers_tally_on_insert_or_delete AFTER INSERT OR DELETE ON vouchers
    FOR EACH ROW EXECUTE FUNCTION vouchers_keep_tallies();
CREATE TRIGGER vouchers_tally_on_update
    AFTER UPDATE OF status, days, customer_org_id, project_manager_email, created_at ON vouchers
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.days IS DISTINCT FROM NEW.days
          OR OLD.customer_org_id IS DISTINCT FROM NEW.customer_org_id
          OR OLD.project_manager_email IS DISTINCT FROM NEW.project_manager_email
          OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION vouchers_keep_tallies();

INSERT INTO voucher_tallies (customer_org_id, project_manager_email, month, status, vouchers, days)
SELECT customer_org_id, project_manager_email, voucher_month(created_at), status, COUNT(*), SUM(days)
FROM vouchers
GROUP BY 1, 2, 3, 4;
