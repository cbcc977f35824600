package dev.chat.api.frame;

import java.time.Instant;

/** {@code MESSAGE}: a message of a room the connection is subscribed to. */
public record MessageDelivered(String roomId, String messageId, String senderId, String content,
                               String replyTo, Instant ts) implements ServerFrame {
}
