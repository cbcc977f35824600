-- Messages of all rooms. message_id is assigned by the node that accepted the message (UUIDv7,
-- time-ordered); seq is the per-room sequence assigned once by the persister: 1, 2, 3 … no gaps.
CREATE TABLE messages (
    message_id    VARCHAR(36)  PRIMARY KEY,
    room_id       VARCHAR(64)  NOT NULL,
    seq           BIGINT       NOT NULL,
    sender_id     VARCHAR(64)  NOT NULL,
    client_msg_id VARCHAR(64),
    content       TEXT,
    reply_to      VARCHAR(36),
    sent_at       TIMESTAMPTZ  NOT NULL,
    stored_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT messages_room_seq_unique UNIQUE (room_id, seq)
);

-- The last seq handed out per room; incremented in the transaction that stores the message,
-- so a rolled-back store leaves no gap.
CREATE TABLE room_sequences (
    room_id  VARCHAR(64) PRIMARY KEY,
    last_seq BIGINT      NOT NULL
);
