-- How many claims, and how much money in them, the program has in each status by the
-- claiming location's country and the claim's currency: the operator's dashboard reads
-- these few rows instead of summing every claim of the program on each view (180,000
-- claims took 300 ms a view on SQLite: bench/RESULTS.md). The database keeps them current
-- (a trigger per engine, migrations/sqlite and migrations/postgres; a location's country
-- never changes), and server::integrity checks them against the claims. A row that falls
-- to zero stays.
CREATE TABLE claim_totals (
    country       TEXT NOT NULL,
    currency      TEXT NOT NULL,
    status        TEXT NOT NULL,
    claims        BIGINT NOT NULL,
    amount_minor  BIGINT NOT NULL,
    PRIMARY KEY (country, currency, status)
);

INSERT INTO claim_totals (country, currency, status, claims, amount_minor)
SELECT l.country, c.currency, c.status, COUNT(*), SUM(c.amount_minor)
FROM claims c JOIN partner_locations l ON l.id = c.location_id
GROUP BY l.country, c.currency, c.status;

-- The operator's bounded views of the queue: the whole program's newest claims (a page at
-- a time), and the approved claims by payment date (the overdue ones first).
CREATE INDEX claims_newest ON claims (submitted_at, id);
CREATE INDEX claims_by_due_date ON claims (status, due_on);
