package dev.chat.api.rest;

import java.time.Instant;

/** A user's presence: {@code ONLINE}, {@code AWAY} or {@code OFFLINE}; {@code lastSeen} absent if never seen. */
public record PresenceView(String userId, String status, Instant lastSeen) {
}
