-- Exports of everything about a user (AccountExports): a ZIP built by any node (FOR UPDATE SKIP
-- LOCKED on a pending row; a build whose node stopped is taken again after a while), stored in the
-- object store under exports/, downloadable by its user until it expires.
CREATE TABLE account_exports (
    id            VARCHAR(36) PRIMARY KEY,
    user_id       VARCHAR(36) NOT NULL REFERENCES users (id),
    state         VARCHAR(10) NOT NULL CHECK (state IN ('pending', 'building', 'ready', 'failed', 'expired')),
    requested_at  TIMESTAMPTZ NOT NULL,
    claimed_at    TIMESTAMPTZ,
    ready_at      TIMESTAMPTZ,
    expires_at    TIMESTAMPTZ,
    object_key    VARCHAR(200),
    size_bytes    BIGINT
);
CREATE INDEX account_exports_user ON account_exports (user_id, requested_at);
CREATE INDEX account_exports_open ON account_exports (requested_at) WHERE state IN ('pending', 'building', 'ready');
-- A user's reactions and mentions (erasure, export): without these, finding them reads every row.
CREATE INDEX reactions_user ON reactions (user_id);
CREATE INDEX message_mentions_user ON message_mentions (user_id);
