-- Open connections learn of deleted accounts by asking "who was deleted since my last check", one
-- query per node and interval whatever the number of connections: this keeps it an index lookup.
CREATE INDEX users_deleted_at ON users (deleted_at) WHERE deleted_at IS NOT NULL;
