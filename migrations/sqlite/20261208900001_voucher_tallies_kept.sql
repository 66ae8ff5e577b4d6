-- Keeps voucher_tallies (migrations/20261208000001_voucher_tallies.sql) equal to the counts
-- over the vouchers: each voucher counts once, in its organisation, project manager,
-- creation month and status. An update that changes none of those (a reservation's
-- partner, a claim) does not touch the tallies.

-- One move of a tally (a voucher counted in or out). SQLite triggers cannot call one
-- another, but an insert into a view runs its INSTEAD OF trigger: the moves below are
-- written once here.
CREATE VIEW voucher_tally_moves (customer_org_id, project_manager_email, created_at, status, vouchers, days) AS
    SELECT NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER voucher_tally_moves_apply INSTEAD OF INSERT ON voucher_tally_moves
BEGIN
    INSERT INTO voucher_tallies (customer_org_id, project_manager_email, month, status, vouchers, days)
    VALUES (NEW.customer_org_id, NEW.project_manager_email, strftime('%Y-%m', NEW.created_at / 1000, 'unixepoch'),
            NEW.status, NEW.vouchers, NEW.days)
    ON CONFLICT (customer_org_id, project_manager_email, month, status)
    DO UPDATE SET vouchers = vouchers + excluded.vouchers, days = days + excluded.days;
END;

CREATE TRIGGER vouchers_tally_on_insert AFTER INSERT ON vouchers
BEGIN
    INSERT INTO voucher_tally_moves
    VALUES (NEW.customer_org_id, NEW.project_manager_email, NEW.created_at, NEW.status, 1, NEW.days);
END;

CREATE TRIGGER vouchers_tally_on_update
AFTER UPDATE OF status, days, customer_org_id, project_manager_email, created_at ON vouchers
WHEN OLD.status IS NOT NEW.status OR OLD.days IS NOT NEW.days OR OLD.customer_org_id IS NOT NEW.customer_org_id
    OR OLD.project_manager_email IS NOT NEW.project_manager_email OR OLD.created_at IS NOT NEW.created_at
BEGIN
    INSERT INTO voucher_tally_moves
    VALUES (OLD.customer_org_id, OLD.project_manager_email, OLD.created_at, OLD.status, -1, -OLD.days),
           (NEW.customer_org_id, NEW.project_manager_email, NEW.created_at, NEW.status, 1, NEW.days);
END;

CREATE TRIGGER vouchers_tally_on_delete AFTER DELETE ON vouchers
BEGIN
    INSERT INTO voucher_tally_moves
    VALUES (OLD.customer_org_id, OLD.project_manager_email, OLD.created_at, OLD.status, -1, -OLD.days);
END;

INSERT INTO voucher_tallies (customer_org_id, project_manager_email, month, status, vouchers, days)
SELECT customer_org_id, project_manager_email, strftime('%Y-%m', created_at / 1000, 'unixepoch'), status,
       COUNT(*), SUM(days)
FROM vouchers
GROUP BY 1, 2, 3, 4;
