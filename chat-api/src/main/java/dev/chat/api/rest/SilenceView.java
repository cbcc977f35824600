package dev.chat.api.rest;

import java.time.Instant;

/** A member silenced in a room until {@code until}: they read it, but cannot post, edit or react there. */
public record SilenceView(String roomId, String userId, Instant until) {
}
