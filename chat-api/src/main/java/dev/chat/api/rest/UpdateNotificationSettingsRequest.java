package dev.chat.api.rest;

import jakarta.validation.constraints.Pattern;

import java.time.Instant;

/**
 * {@code PUT /api/v1/rooms/{roomId}/notifications}: replaces the caller's settings for the room.
 * {@code notifications}: {@code all}, {@code mentions} or {@code none}; absent: the room's
 * default. {@code mutedUntil}: an instant before which nothing notifies (absent or past: not muted).
 */
public record UpdateNotificationSettingsRequest(
        @Pattern(regexp = "all|mentions|none", message = "must be all, mentions or none") String notifications,
        Instant mutedUntil) {
}
