-- Regions (docs/regions.md): bans, silences, blocks and notification settings cross like the rest of
-- the catalogue (V19): the same trigger records their changes, the same function applies them.
-- The tables the function accepts are rows of catalogue_tables now, so that a table joins the
-- catalogue with an INSERT and a trigger, not a new copy of the function.
CREATE TABLE catalogue_tables (
    name TEXT PRIMARY KEY
);
INSERT INTO catalogue_tables (name) VALUES ('users'), ('user_data_keys'), ('chat_rooms'), ('chat_room_members'),
    ('room_bans'), ('room_silences'), ('user_blocks'), ('notification_settings');

CREATE TRIGGER room_bans_catalogue AFTER INSERT OR UPDATE OR DELETE ON room_bans
    FOR EACH ROW EXECUTE FUNCTION record_catalogue_change();
CREATE TRIGGER room_silences_catalogue AFTER INSERT OR UPDATE OR DELETE ON room_silences
    FOR EACH ROW EXECUTE FUNCTION record_catalogue_change();
CREATE TRIGGER user_blocks_catalogue AFTER INSERT OR UPDATE OR DELETE ON user_blocks
    FOR EACH ROW EXECUTE FUNCTION record_catalogue_change();
CREATE TRIGGER notification_settings_catalogue AFTER INSERT OR UPDATE OR DELETE ON notification_settings
    FOR EACH ROW EXECUTE FUNCTION record_catalogue_change();

-- As in V19, with the accepted tables read from catalogue_tables.
CREATE OR REPLACE FUNCTION apply_catalogue_change(target TEXT, change JSONB, is_deletion BOOLEAN) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    key_columns TEXT;
    key_match   TEXT;
    updated     TEXT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM catalogue_tables WHERE name = target) THEN
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
    IF updated IS NULL THEN -- every column is the key (none here yet): an insert or nothing
        EXECUTE format('INSERT INTO %I SELECT * FROM jsonb_populate_record(NULL::%I, $1) ON CONFLICT (%s) DO NOTHING',
                       target, target, key_columns)
            USING change;
        RETURN;
    END IF;
    EXECUTE format('INSERT INTO %I SELECT * FROM jsonb_populate_record(NULL::%I, $1) ON CONFLICT (%s) DO UPDATE SET %s',
                   target, target, key_columns, updated)
        USING change;
END $$;
