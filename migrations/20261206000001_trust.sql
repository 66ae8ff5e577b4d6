-- Attempts are counted before they are evaluated (server::throttle): each row names its
-- attempt, so a success or a refusal takes back its own rows.
ALTER TABLE failed_attempts ADD COLUMN attempt_id TEXT;
CREATE INDEX failed_attempts_by_attempt ON failed_attempts (attempt_id);

-- Whoever signs up proves their address before their organisation can act; invited
-- people prove it by accepting the emailed link. Accounts made before this were made
-- by invitation or by the seed, and count as proven.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
UPDATE users SET email_verified_at = created_at;

-- Emailed single-use links that act for a person: prove their address, choose a new
-- password. Only the token's SHA-256 is kept.
CREATE TABLE account_tokens (
    token_hash  TEXT PRIMARY KEY,
    purpose     TEXT NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password')),
    user_id     TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX account_tokens_by_user ON account_tokens (user_id, purpose);
