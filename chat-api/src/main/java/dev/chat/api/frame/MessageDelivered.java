package dev.chat.api.frame;

import java.time.Instant;

/**
 * {@code MESSAGE}: a message of a room the connection receives. {@code seq} is its place in the
 * room (1, 2, 3 … without gaps): a client that sees a jump resumes with {@code RESUME afterSeq}.
 */
public record MessageDelivered(String roomId, String messageId, long seq, String senderId, String content,
                               String replyTo, Instant ts) implements ServerFrame {
}
