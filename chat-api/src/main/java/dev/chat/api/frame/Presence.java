package dev.chat.api.frame;

import java.time.Instant;

/**
 * {@code PRESENCE}: a user who shares a room with you went {@code ONLINE}, {@code AWAY} or
 * {@code OFFLINE}; {@code lastSeen} is when one of their connections was last known alive.
 */
public record Presence(String userId, String status, Instant lastSeen) implements ServerFrame {
}
