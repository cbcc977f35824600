-- Files stored sealed with their owner's data key (encryption at rest, docs/privacy.md): an
-- attachment's file and preview, an export's ZIP. Files stored before stay as they are (false).
ALTER TABLE attachments ADD COLUMN sealed boolean NOT NULL DEFAULT false;
ALTER TABLE account_exports ADD COLUMN sealed boolean NOT NULL DEFAULT false;
