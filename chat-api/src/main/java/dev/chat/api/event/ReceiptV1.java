package dev.chat.api.event;

import java.time.Instant;

/** {@code chat.receipt.v1}: {@code userId} has read the room up to and including {@code seq}. */
public record ReceiptV1(String roomId, String userId, long seq, Instant readAt) implements RoomEvent {
}
