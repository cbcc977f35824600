package dev.chat.api.frame;

import java.time.Instant;

/**
 * {@code MESSAGE_HIDDEN}: moderation hid message {@code seq} of the room; clients show it as a
 * placeholder (drop its content, reply, reactions, attachments) until {@code MESSAGE_RESTORED}.
 */
public record MessageHidden(String roomId, String messageId, long seq, Instant hiddenAt) implements ServerFrame {
}
