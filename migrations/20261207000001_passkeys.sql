-- Passkeys (WebAuthn): a second sign-in step, and a sign-in of their own. What is stored
-- is public: the credential's public key and signature counter (webauthn-rs' Passkey as
-- JSON). credential_id is the authenticator's id for it (base64url), unique across every
-- account, so one passkey never opens two. The WebAuthn user handle is users.id.
CREATE TABLE passkeys (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id),
    credential_id  TEXT NOT NULL UNIQUE,
    passkey        TEXT NOT NULL,
    name           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    last_used_at   BIGINT
);

CREATE INDEX passkeys_by_user ON passkeys (user_id, created_at);
