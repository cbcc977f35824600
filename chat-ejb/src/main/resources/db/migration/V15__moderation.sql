-- Moderation (dev.chat.moderation, docs/moderation.md): a message moderation hid keeps its row and
-- seq; hidden_at says it is shown as a placeholder until a moderator restores it.
ALTER TABLE messages ADD COLUMN hidden_at TIMESTAMPTZ;
-- One row per flagged message: what flagged it and how its review ended (open, restored, deleted).
-- No content here: moderators read the message itself, so deleting or erasing it leaves nothing.
CREATE TABLE message_flags (
    message_id   VARCHAR(36)      PRIMARY KEY REFERENCES messages (message_id),
    room_id      VARCHAR(64)      NOT NULL,
    seq          BIGINT           NOT NULL,
    sender_id    VARCHAR(64)      NOT NULL,
    reason       VARCHAR(200)     NOT NULL,
    score        DOUBLE PRECISION NOT NULL,
    classifier   VARCHAR(32)      NOT NULL,
    status       VARCHAR(16)      NOT NULL CHECK (status IN ('open', 'restored', 'deleted')),
    flagged_at   TIMESTAMPTZ      NOT NULL,
    reviewed_by  VARCHAR(64),
    reviewed_at  TIMESTAMPTZ
);
-- the review queue: newest first, per room (owners and admins) or all of them (global moderators)
CREATE INDEX message_flags_room ON message_flags (room_id, status, flagged_at DESC);
CREATE INDEX message_flags_status ON message_flags (status, flagged_at DESC);
CREATE INDEX message_flags_sender ON message_flags (sender_id);
