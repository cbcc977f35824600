-- Blocks (dev.chat.block): a user (blocker) no longer sees another's (blocked) messages, and no
-- direct room can be made between them. Read by blocker (their list, history, unread counts,
-- search) and by blocked (who must get a message as a placeholder: the fan-out's cache).
CREATE TABLE user_blocks (
    blocker_id  VARCHAR(36) NOT NULL REFERENCES users (id),
    blocked_id  VARCHAR(36) NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
CREATE INDEX user_blocks_blocked ON user_blocks (blocked_id, blocker_id);
