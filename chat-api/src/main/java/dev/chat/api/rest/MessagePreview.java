package dev.chat.api.rest;

import java.time.Instant;

/**
 * The last message of a room as the room list shows it: content cut to a preview, none if deleted
 * or {@code hidden} (sent by a user the caller blocked, or hidden by moderation; absent otherwise).
 */
public record MessagePreview(String messageId, long seq, String senderId, String content, Instant ts, boolean deleted, Boolean hidden) {
}
