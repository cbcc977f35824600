-- Files shared in rooms: the bytes live in the object store under file_key (and a preview under
-- thumbnail_key); this row says whose they are, where they belong and what they are. An upload is
-- 'pending' until its content was checked, then 'ready'; message_id is set when a message that
-- carries it is stored. Rows not attached within chat.attachments.unattached-ttl-seconds, and the
-- rows of deleted rooms, are removed with their objects (AttachmentSweeper).
CREATE TABLE attachments (
    id            VARCHAR(36)  PRIMARY KEY,
    owner_id      VARCHAR(36)  NOT NULL,
    room_id       VARCHAR(36)  NOT NULL,
    file_key      VARCHAR(200) NOT NULL,
    mime_type     VARCHAR(100) NOT NULL,
    size          BIGINT       NOT NULL CHECK (size >= 0),
    created_at    TIMESTAMPTZ  NOT NULL,
    original_name VARCHAR(255) NOT NULL,
    checksum      CHAR(64),
    width         INTEGER,
    height        INTEGER,
    thumbnail_key VARCHAR(200),
    state         VARCHAR(10)  NOT NULL CHECK (state IN ('pending', 'ready', 'removed')),
    message_id    VARCHAR(36),
    attached_at   TIMESTAMPTZ
);
CREATE INDEX attachments_message ON attachments (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_unattached ON attachments (created_at) WHERE message_id IS NULL;
CREATE INDEX attachments_removed ON attachments (id) WHERE state = 'removed';
CREATE INDEX attachments_owner ON attachments (owner_id);
CREATE INDEX attachments_room ON attachments (room_id);
