package dev.chat.api.frame;

import java.time.Instant;

/** {@code MESSAGE_DELETED}: message {@code seq} of the room was deleted; clients drop its content and reactions. */
public record MessageDeleted(String roomId, String messageId, long seq, String deletedBy,
                             Instant deletedAt) implements ServerFrame {
}
