-- An email address per account (optional, unique, stored normalised: trimmed, lower case), which
-- a mailed one-time code verifies; and the account's session generation, raised whenever its
-- sessions end (a password reset or change, a deletion): access tokens carry the generation they
-- were issued in (claim "sgen") and older ones are refused everywhere. sessions_revoked_at is when
-- it was last raised: open WebSockets learn of it by asking "whose sessions ended since my last
-- check" (one indexed query per node and interval, as deletions were found before: it replaces
-- users_deleted_at).
ALTER TABLE users
    ADD COLUMN email VARCHAR(254),
    ADD COLUMN email_verified_at TIMESTAMPTZ,
    ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN sessions_revoked_at TIMESTAMPTZ;
CREATE UNIQUE INDEX users_email_unique ON users (email);
UPDATE users SET sessions_revoked_at = deleted_at, session_generation = 1 WHERE deleted_at IS NOT NULL;
CREATE INDEX users_sessions_revoked_at ON users (sessions_revoked_at) WHERE sessions_revoked_at IS NOT NULL;
DROP INDEX users_deleted_at;
