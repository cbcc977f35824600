package dev.chat.api.event;

import java.time.Instant;

/**
 * {@code chat.message.reacted.v1}: {@code userId} added or removed their {@code emoji} on a
 * message; {@code count} is the number of users with that reaction after the change.
 */
public record MessageReactedV1(String messageId, String roomId, long seq, String userId, String emoji,
                               boolean added, long count, Instant reactedAt) implements RoomEvent {
}
