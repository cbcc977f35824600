package dev.chat.api.event;

import java.time.Instant;

/** {@code chat.message.deleted.v1}: message {@code seq} of the room was deleted (by its author or a room owner/admin). */
public record MessageDeletedV1(String messageId, String roomId, long seq, String deletedBy,
                               Instant deletedAt) implements RoomEvent {
}
