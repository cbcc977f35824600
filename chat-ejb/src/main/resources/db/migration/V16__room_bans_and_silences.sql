-- Moderation in a room (docs/moderation.md): a member silenced until a time may read but not
-- post; a banned user is out of the room and cannot join or be added again until unbanned.
-- Silences are rows of their own, not a column of the membership: leaving and joining again
-- (a channel) must not shake one off. A row past its time means nothing.
CREATE TABLE room_silences (
    room_id    VARCHAR(36)  NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
    user_id    VARCHAR(36)  NOT NULL REFERENCES users (id),
    until      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_silences_user ON room_silences (user_id);
CREATE TABLE room_bans (
    room_id    VARCHAR(36)  NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
    user_id    VARCHAR(36)  NOT NULL REFERENCES users (id),
    banned_by  VARCHAR(36),
    banned_at  TIMESTAMPTZ  NOT NULL,
    reason     VARCHAR(200),
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_bans_user ON room_bans (user_id);
