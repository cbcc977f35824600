package dev.chat.api.frame;

/**
 * {@code SUBSCRIBED}: the connection now receives the room's messages. After a {@code RESUME} (or
 * {@code SUBSCRIBE} with {@code afterSeq}) the missed messages were sent before this frame, up to
 * {@code replayedUpTo}; {@code complete} is false when more were missed than one replay sends: the
 * client fetches the rest with {@code GET /api/v1/rooms/{roomId}/messages?after=replayedUpTo} and
 * resumes again.
 */
public record Subscribed(String roomId, Long replayedUpTo, Boolean complete) implements ServerFrame {
}
