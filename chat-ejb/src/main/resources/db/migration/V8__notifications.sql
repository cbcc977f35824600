-- Who a message names as @username: resolved against the room's members when the persister stores
-- the message, in the same transaction (MessageStore), and fixed from then on (an edit does not change them).
CREATE TABLE message_mentions (
    message_id VARCHAR(36) NOT NULL REFERENCES messages (message_id) ON DELETE CASCADE,
    user_id    VARCHAR(36) NOT NULL,
    PRIMARY KEY (message_id, user_id)
);

-- A member's own notification settings for a room (no row: the room's default, never muted);
-- they end with the membership.
CREATE TABLE notification_settings (
    room_id     VARCHAR(36) NOT NULL,
    user_id     VARCHAR(36) NOT NULL,
    level       VARCHAR(8)  CHECK (level IN ('all', 'mentions', 'none')),
    muted_until TIMESTAMPTZ,
    PRIMARY KEY (room_id, user_id),
    FOREIGN KEY (room_id, user_id) REFERENCES chat_room_members (room_id, user_id) ON DELETE CASCADE
);

-- What the notifier decided per recipient and message: a row is what makes a notification happen
-- at most once however often the stored event is redelivered. due_at: a connected member was
-- mentioned, and is notified at due_at unless they have read the message by then (NULL once
-- decided). delivered_at: a delivery channel sent it (a redelivered notification is skipped).
CREATE TABLE notification_decisions (
    user_id      VARCHAR(36) NOT NULL,
    message_id   VARCHAR(36) NOT NULL,
    room_id      VARCHAR(64) NOT NULL,
    seq          BIGINT      NOT NULL,
    mention      BOOLEAN     NOT NULL,
    decided_at   TIMESTAMPTZ NOT NULL,
    due_at       TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ,
    PRIMARY KEY (user_id, message_id)
);
CREATE INDEX notification_decisions_due ON notification_decisions (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX notification_decisions_decided ON notification_decisions (decided_at);

-- Browsers' Web Push subscriptions (RFC 8030): where to send, and the keys to encrypt for (RFC 8291).
CREATE TABLE push_subscriptions (
    id         VARCHAR(36)   PRIMARY KEY,
    user_id    VARCHAR(36)   NOT NULL REFERENCES users (id),
    endpoint   VARCHAR(2000) NOT NULL,
    p256dh     VARCHAR(200)  NOT NULL,
    auth       VARCHAR(100)  NOT NULL,
    created_at TIMESTAMPTZ   NOT NULL,
    CONSTRAINT push_subscriptions_endpoint_unique UNIQUE (endpoint)
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
