-- Edits and deletes change a message in place; a deleted message keeps its row (and its seq) as a
-- tombstone without content, so history and resume never show a gap.
ALTER TABLE messages
    ADD COLUMN edited_at  TIMESTAMPTZ,
    ADD COLUMN deleted_at TIMESTAMPTZ,
    ADD COLUMN deleted_by VARCHAR(36);

-- One row per user per emoji per message; toggling deletes it again.
CREATE TABLE reactions (
    message_id VARCHAR(36) NOT NULL REFERENCES messages (message_id) ON DELETE CASCADE,
    emoji      VARCHAR(32) NOT NULL,
    user_id    VARCHAR(36) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);

-- When the room's last message was sent: the room list sorts by it without touching messages.
ALTER TABLE room_sequences ADD COLUMN last_message_at TIMESTAMPTZ;
UPDATE room_sequences s SET last_message_at = (SELECT m.sent_at FROM messages m WHERE m.room_id = s.room_id AND m.seq = s.last_seq);
