package dev.chat.api.frame;

import java.time.Instant;

/** {@code RECEIPT}: {@code userId} has read the room up to and including {@code seq}. */
public record Receipt(String roomId, String userId, long seq, Instant readAt) implements ServerFrame {
}
