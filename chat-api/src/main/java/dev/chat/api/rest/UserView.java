package dev.chat.api.rest;

import java.time.Instant;

/** A user as other users and the user itself see it. */
public record UserView(String id, String username, String displayName, Instant createdAt) {
}
