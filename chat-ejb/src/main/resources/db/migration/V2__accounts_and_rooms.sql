-- Accounts. Usernames are stored in lower case and stay taken after an account is deleted,
-- so nobody can take over a deleted user's name in old conversations.
CREATE TABLE users (
    id            VARCHAR(36)  PRIMARY KEY,
    username      VARCHAR(32)  NOT NULL,
    display_name  VARCHAR(64),
    password_hash TEXT         NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    deleted_at    TIMESTAMPTZ,
    CONSTRAINT users_username_unique UNIQUE (username)
);

-- Refresh tokens are stored as SHA-256 hashes; each use replaces the token with a new one of the
-- same family, and a reused (already replaced) token revokes the whole family.
CREATE TABLE refresh_tokens (
    id          VARCHAR(36) PRIMARY KEY,
    family_id   VARCHAR(36) NOT NULL,
    user_id     VARCHAR(36) NOT NULL REFERENCES users (id),
    token_hash  CHAR(64)    NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ,
    CONSTRAINT refresh_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Rooms. direct_key ("<userA>:<userB>", sorted) makes a direct room unique per pair.
CREATE TABLE chat_rooms (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(100),
    type        VARCHAR(10)  NOT NULL CHECK (type IN ('direct', 'group', 'channel')),
    created_by  VARCHAR(36)  NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ  NOT NULL,
    direct_key  VARCHAR(80),
    CONSTRAINT chat_rooms_direct_key_unique UNIQUE (direct_key)
);

CREATE TABLE chat_room_members (
    room_id       VARCHAR(36) NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
    user_id       VARCHAR(36) NOT NULL REFERENCES users (id),
    role          VARCHAR(10) NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    joined_at     TIMESTAMPTZ NOT NULL,
    last_read_seq BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX chat_room_members_user ON chat_room_members (user_id);

-- messages.room_id deliberately has no foreign key: the persister must be able to store an
-- accepted message even if its room was deleted meanwhile, or the room's partition would stall.
