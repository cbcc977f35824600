package dev.chat.api.event;

import java.time.Instant;

/** {@code chat.message.edited.v1}: the author changed the content of message {@code seq} of the room. */
public record MessageEditedV1(String messageId, String roomId, long seq, String content, String editedBy,
                              Instant editedAt) implements RoomEvent {
}
