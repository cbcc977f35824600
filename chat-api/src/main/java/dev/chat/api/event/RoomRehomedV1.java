package dev.chat.api.event;

import java.time.Instant;

/**
 * {@code chat.room.rehomed.v1}: region {@code homeRegion} sequences the room from now on, having
 * taken it over (a promotion after its former home was lost, docs/regions.md) at the room's seq
 * {@code sinceSeq}: the seqs above it are the new home's, under {@code epoch} (one more than the
 * former home's). Written by the new home to its {@code chat.messages} before any message it
 * sequences for the room, so it travels ahead of them on every topic that keeps the room's order:
 * a region that reads it stops sequencing the room, and a region that held messages of the former
 * home above {@code sinceSeq} (never mirrored before the loss) gives them up for the new home's.
 */
public record RoomRehomedV1(String roomId, String homeRegion, int epoch, long sinceSeq, Instant rehomedAt) implements RoomEvent {
}
