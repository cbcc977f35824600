-- Regions, failover (docs/regions.md): the rooms a promotion homed here until their rehoming is
-- announced and the messages accepted here for them are sent again. A promotion that stopped half
-- way (Kafka did not answer) is finished by the next one, which finds the rooms here.
CREATE TABLE region_promotions (
    room_id   VARCHAR(64) PRIMARY KEY,
    epoch     INT         NOT NULL,
    since_seq BIGINT      NOT NULL
);
