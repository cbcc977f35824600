package dev.chat.api.frame;

import java.time.Instant;

/**
 * {@code MESSAGE_RESTORED}: a moderator restored message {@code seq} of the room, which reads
 * {@code content} again (its reactions and attachments: {@code GET /api/v1/rooms/{roomId}/messages/{messageId}}).
 */
public record MessageRestored(String roomId, String messageId, long seq, String senderId, String content, String restoredBy,
                              Instant restoredAt) implements ServerFrame {
}
