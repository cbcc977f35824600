package dev.chat.api.rest;

import java.time.Instant;
import java.util.List;

/**
 * A stored message as history returns it. An edited message has {@code editedAt}; a deleted one
 * keeps its place as a tombstone: {@code deleted = true}, no content, no reactions.
 */
public record MessageView(String messageId, String roomId, long seq, String senderId, String content,
                          String replyTo, Instant ts, Instant editedAt, boolean deleted, List<ReactionCount> reactions) {
}
