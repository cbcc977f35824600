package dev.chat.api.rest;

import java.time.Instant;

/** A member of a room. */
public record MemberView(String userId, String username, String displayName, String role, Instant joinedAt) {
}
