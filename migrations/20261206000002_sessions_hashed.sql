-- Sessions are kept under the SHA-256 of their id, so a copy of the database holds no
-- cookie that signs anyone in; each names its person, so they can see and end their own
-- sessions and a password change ends the others. Sessions kept under a clear id before
-- this cannot be found any more: everyone signs in once again.
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN user_id TEXT;
ALTER TABLE sessions ADD COLUMN created_at BIGINT;
CREATE INDEX sessions_by_user ON sessions (user_id);
