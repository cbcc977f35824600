package dev.chat.api.frame;

import dev.chat.api.rest.ReactionCount;

import java.time.Instant;
import java.util.List;

/**
 * {@code MESSAGE}: a message of a room the connection receives. {@code seq} is its place in the
 * room (1, 2, 3 … without gaps): a client that sees a jump resumes with {@code RESUME afterSeq}.
 * Live, a message arrives as sent; replayed (RESUME, SUBSCRIBE with afterSeq) it arrives as it is
 * now: {@code editedAt} when edited, {@code deleted = true} without content when deleted, and its
 * {@code reactions}. Absent fields are omitted.
 */
public record MessageDelivered(String roomId, String messageId, long seq, String senderId, String content,
                               String replyTo, Instant ts, Instant editedAt, Boolean deleted,
                               List<ReactionCount> reactions) implements ServerFrame {
}
