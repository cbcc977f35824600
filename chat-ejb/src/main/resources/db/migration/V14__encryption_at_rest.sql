-- Encryption at rest (dev.chat.crypto, docs/privacy.md): each user's data key, wrapped by the
-- master key of master_version; deleting a user's rows makes their sealed content unreadable
-- everywhere (crypto-shredding). A sealed message keeps content NULL (so its search_vector is
-- empty: search reads plain text only) and its sealed form in content_sealed.
CREATE TABLE user_data_keys (
    user_id         VARCHAR(36) NOT NULL REFERENCES users (id),
    version         INT         NOT NULL,
    master_version  INT         NOT NULL,
    wrapped_key     TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, version)
);
CREATE INDEX user_data_keys_master ON user_data_keys (master_version);
ALTER TABLE messages ADD COLUMN content_sealed TEXT;
