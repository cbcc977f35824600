-- Erasing a deleted account (AccountErasures): one row per account, done in steps by any node
-- (FOR UPDATE SKIP LOCKED), so that an account with many messages neither holds one long
-- transaction nor is lost when a node stops halfway.
CREATE TABLE account_erasures (
    user_id          VARCHAR(36) PRIMARY KEY REFERENCES users (id),
    requested_at     TIMESTAMPTZ NOT NULL,
    completed_at     TIMESTAMPTZ,
    messages_erased  BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX account_erasures_pending ON account_erasures (requested_at) WHERE completed_at IS NULL;
-- A user's own messages (erasure, export): without it, finding them reads every message.
CREATE INDEX messages_sender ON messages (sender_id, message_id) WHERE deleted_at IS NULL;
