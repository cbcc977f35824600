package dev.chat.api.event;

import java.time.Instant;

/**
 * {@code chat.presence.changed.v1} (topic {@code chat.presence}, key = userId): a user's presence
 * changed: {@code status} ONLINE, AWAY or OFFLINE. Published once per transition cluster-wide.
 */
public record PresenceChangedV1(String userId, String status, Instant lastSeen) implements ChatEvent {
}
