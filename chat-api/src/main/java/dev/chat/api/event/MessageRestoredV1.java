package dev.chat.api.event;

import java.time.Instant;

/**
 * {@code chat.message.restored.v1}: a moderator ({@code restoredBy}) restored message {@code seq}
 * of the room after it was hidden; it reads {@code content} again. With encryption at rest
 * {@code content} is absent and {@code sealedContent} holds it as stored, sealed with the
 * sender's data key (as in {@link MessageSentV1}).
 */
public record MessageRestoredV1(String messageId, String roomId, long seq, String senderId, String content,
                                String sealedContent, String restoredBy, Instant restoredAt) implements RoomEvent {

    /** With its sealed content opened (for this node's own use: never written anywhere). */
    public MessageRestoredV1 opened(String text) {
        return new MessageRestoredV1(messageId, roomId, seq, senderId, text, sealedContent, restoredBy, restoredAt);
    }
}
