-- A presigned upload goes to a key of its own (upload_key, 'uploads/<id>'), which its URL can write
-- until it expires; the server copies it to file_key, which only the server writes, and checks that
-- copy: what was checked is what is served. The upload key is deleted once its URL has expired.
-- position: the attachment's place among its message's files, as the sender listed them; the
-- message is claimed when the node accepts it (message_id, attached_at), not when it is stored.
ALTER TABLE attachments ADD COLUMN upload_key VARCHAR(200);
ALTER TABLE attachments ADD COLUMN position SMALLINT;
CREATE INDEX attachments_uploads ON attachments (created_at) WHERE upload_key IS NOT NULL;
