-- How many vouchers, and how many days in them, each customer organisation has in each
-- status, by the project manager they are assigned to and the month (UTC, 'YYYY-MM') they
-- were created in: the customer's dashboard (counts by status, days per month) reads a few
-- hundred of these rows instead of every voucher of the organisation (`make bench` saw
-- the dashboard of an organisation with 100,000 vouchers serve 50 requests/s, each view
-- walking its index twice). The database keeps them current beside the pool figures (a
-- trigger per engine, migrations/sqlite and migrations/postgres), and server::integrity
-- checks them against the vouchers. A row that falls to zero stays.
CREATE TABLE voucher_tallies (
    customer_org_id        TEXT NOT NULL,
    project_manager_email  TEXT NOT NULL,
    month                  TEXT NOT NULL,
    status                 TEXT NOT NULL,
    vouchers               BIGINT NOT NULL,
    days                   BIGINT NOT NULL,
    PRIMARY KEY (customer_org_id, project_manager_email, month, status)
);
