package dev.chat.api.rest;

import java.time.Instant;

/** A user banned from a room: out of it, and unable to join or be added again until unbanned. */
public record BanView(String roomId, String userId, String username, String bannedBy, Instant bannedAt, String reason) {
}
