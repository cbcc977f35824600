package dev.chat.api.rest;

import java.time.Instant;

/**
 * A member of a room, with how far they have read it ({@code lastReadSeq}: where clients show
 * "seen by"), and until when they are silenced there ({@code silencedUntil}, absent when they are not).
 */
public record MemberView(String userId, String username, String displayName, String role, Instant joinedAt, long lastReadSeq,
                         Instant silencedUntil) {
}
