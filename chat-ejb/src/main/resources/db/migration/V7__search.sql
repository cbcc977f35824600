-- Full-text search of messages: a tsvector the database keeps in step with the content (a stored
-- generated column: written in the transaction that stores or edits the message, emptied with its
-- deletion, so search is never behind history), with a GIN index. The text search configuration
-- is chat.search.language, fixed here (changing it later means: ALTER the column's expression).
ALTER TABLE messages ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('${search_language}'::regconfig, coalesce(content, ''))) STORED;
CREATE INDEX messages_search ON messages USING GIN (search_vector);

-- People by a part of their username or display name: trigram indexes serve LIKE 'abc%' and '%abc%'.
-- pg_trgm ships with PostgreSQL and is a trusted extension (the database's owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_username_trgm ON users USING GIN (lower(username) gin_trgm_ops);
CREATE INDEX users_display_name_trgm ON users USING GIN (lower(display_name) gin_trgm_ops);
