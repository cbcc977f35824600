-- Regions, failover (docs/regions.md). A room's home moves only by a promotion, which raises its
-- epoch: home_epoch counts the moves, home_since_seq is the room's last seq when its current home
-- took it over (the seqs above it are that home's). A change of the row that carries a lower epoch
-- (an older write, from any region) keeps the higher epoch's home: two homes never both sequence.
ALTER TABLE chat_rooms ADD COLUMN home_epoch INT NOT NULL DEFAULT 0;
ALTER TABLE chat_rooms ADD COLUMN home_since_seq BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION keep_latest_room_home() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.home_epoch < OLD.home_epoch THEN
        NEW.home_region := OLD.home_region;
        NEW.home_epoch := OLD.home_epoch;
        NEW.home_since_seq := OLD.home_since_seq;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER chat_rooms_latest_home BEFORE UPDATE ON chat_rooms
    FOR EACH ROW EXECUTE FUNCTION keep_latest_room_home();

-- Messages accepted here for a room homed in another region, until their stored event comes back
-- (then deleted): what a promotion sequences here when that region is lost. The event as accepted.
CREATE TABLE remote_sends (
    message_id VARCHAR(36) PRIMARY KEY,
    room_id    VARCHAR(64) NOT NULL,
    event      TEXT        NOT NULL,
    sent_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX remote_sends_room ON remote_sends (room_id, sent_at);

-- A sender's resend with the same clientMsgId through another region is stored once, in the room's home.
CREATE INDEX messages_client_msg ON messages (room_id, sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
