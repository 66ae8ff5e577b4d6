-- A person's authenticator app (TOTP, RFC 6238). The secret is sealed (server::secrets);
-- the factor counts once a first code matched (confirmed_at); last_step is the time step
-- of the last code accepted, so each code works once.
CREATE TABLE totp_factors (
    user_id       TEXT PRIMARY KEY REFERENCES users (id),
    secret        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    confirmed_at  BIGINT,
    last_step     BIGINT
);

-- Single-use codes for a lost authenticator: only each code's SHA-256 is kept.
CREATE TABLE recovery_codes (
    user_id     TEXT NOT NULL REFERENCES users (id),
    code_hash   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    used_at     BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- Since when an organisation's admin requires a second factor of all its members.
ALTER TABLE organisations ADD COLUMN second_factor_required_at BIGINT;
