package dev.chat.api.rest;

import java.time.Instant;

/** A channel in the directory any user may browse and join; {@code joined} when the caller is a member. */
public record ChannelView(String id, String name, int memberCount, Instant createdAt, Instant lastActivityAt, boolean joined) {
}
