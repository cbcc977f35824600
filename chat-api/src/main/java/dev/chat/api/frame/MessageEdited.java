package dev.chat.api.frame;

import java.time.Instant;

/** {@code MESSAGE_EDITED}: message {@code seq} of the room now reads {@code content}. */
public record MessageEdited(String roomId, String messageId, long seq, String content, String editedBy,
                            Instant editedAt) implements ServerFrame {
}
