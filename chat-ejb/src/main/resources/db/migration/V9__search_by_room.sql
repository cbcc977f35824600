-- Search by room and words in one index: a search's older hits (Search: after the walk over the
-- newest messages) are fetched for the caller's rooms only, not for every room that has the words.
-- btree_gin (contrib, a trusted extension) lets a GIN index hold the room id beside the tsvector.
-- It replaces the index by words alone: one GIN index to keep up to date per stored message.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX messages_room_search ON messages USING GIN (room_id, search_vector);
DROP INDEX messages_search;
