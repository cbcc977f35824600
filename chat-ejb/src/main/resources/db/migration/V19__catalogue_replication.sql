-- Regions (docs/regions.md): the catalogue (accounts, their data keys, rooms, memberships) reaches
-- the other regions as events. A trigger writes each changed row, whole, into catalogue_changes in
-- the transaction that changed it (a transactional outbox); a node publishes them to chat.catalogue
-- in order and deletes them; MirrorMaker 2 copies them; the other regions apply them with
-- apply_catalogue_change. Only while regions are on (region_settings, written by the nodes at
-- start); a change applied from another region is not written again (the applier's transaction sets
-- chat.replicating). A member's read position moves with every message read and stays regional:
-- the members' trigger does not fire for it.
CREATE TABLE region_settings (
    id       INT     PRIMARY KEY CHECK (id = 1),
    mirrored BOOLEAN NOT NULL
);

CREATE TABLE catalogue_changes (
    id         BIGSERIAL   PRIMARY KEY,
    table_name TEXT        NOT NULL,
    row_data   JSONB       NOT NULL,
    deleted    BOOLEAN     NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE FUNCTION record_catalogue_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('chat.replicating', true) = 'on'
       OR NOT COALESCE((SELECT mirrored FROM region_settings WHERE id = 1), false) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        INSERT INTO catalogue_changes (table_name, row_data, deleted) VALUES (TG_TABLE_NAME, to_jsonb(OLD), true);
    ELSE
        INSERT INTO catalogue_changes (table_name, row_data, deleted) VALUES (TG_TABLE_NAME, to_jsonb(NEW), false);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER users_catalogue AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION record_catalogue_change();
CREATE TRIGGER user_data_keys_catalogue AFTER INSERT OR UPDATE OR DELETE ON user_data_keys
    FOR EACH ROW EXECUTE FUNCTION record_catalogue_change();
CREATE TRIGGER chat_rooms_catalogue AFTER INSERT OR UPDATE OR DELETE ON chat_rooms
    FOR EACH ROW EXECUTE FUNCTION record_catalogue_change();
CREATE TRIGGER chat_room_members_catalogue AFTER INSERT OR DELETE OR UPDATE OF role ON chat_room_members
    FOR EACH ROW EXECUTE FUNCTION record_catalogue_change();

-- Applies one change from another region: the row as it was written there (an insert, or an update
-- of every column but the regional read position), or its deletion, found by its primary key.
CREATE FUNCTION apply_catalogue_change(target TEXT, change JSONB, is_deletion BOOLEAN) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    key_columns TEXT;
    key_match   TEXT;
    updated     TEXT;
BEGIN
    IF target NOT IN ('users', 'user_data_keys', 'chat_rooms', 'chat_room_members') THEN
        RAISE EXCEPTION 'not a catalogue table: %', target;
    END IF;
    SELECT string_agg(format('%I', a.attname), ', '), string_agg(format('t.%I = r.%I', a.attname, a.attname), ' AND ')
      INTO key_columns, key_match
      FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = target::regclass AND i.indisprimary;
    IF is_deletion THEN
        EXECUTE format('DELETE FROM %I t USING jsonb_populate_record(NULL::%I, $1) r WHERE %s', target, target, key_match)
            USING change;
        RETURN;
    END IF;
    SELECT string_agg(format('%I = EXCLUDED.%I', a.attname, a.attname), ', ')
      INTO updated
      FROM pg_attribute a
     WHERE a.attrelid = target::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'last_read_seq'
       AND a.attname NOT IN (SELECT k.attname FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = ANY (i.indkey)
                              WHERE i.indrelid = target::regclass AND i.indisprimary);
    EXECUTE format('INSERT INTO %I SELECT * FROM jsonb_populate_record(NULL::%I, $1) ON CONFLICT (%s) DO UPDATE SET %s',
                   target, target, key_columns, updated)
        USING change;
END $$;
