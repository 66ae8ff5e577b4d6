-- Failed sign-ins and voucher validations, counted per account and per client address in
-- a sliding window. Kept in the database so every replica counts the same attempts.
CREATE TABLE failed_attempts (
    key  TEXT NOT NULL,
    at   BIGINT NOT NULL
);
CREATE INDEX failed_attempts_by_key ON failed_attempts (key, at);
