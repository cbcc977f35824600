-- Regions (docs/regions.md): the region whose persister gives a room's messages their seq. NULL:
-- the region that holds the row (every room of a single region, and rooms made before regions).
ALTER TABLE chat_rooms ADD COLUMN home_region VARCHAR(64);
