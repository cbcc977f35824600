package dev.chat.api.event;

import java.time.Instant;

/**
 * {@code chat.message.edited.v1}: the author changed the content of message {@code seq} of the
 * room. With encryption at rest {@code content} is absent and {@code sealedContent} holds it
 * sealed with the author's data key (as in {@link MessageSentV1}).
 */
public record MessageEditedV1(String messageId, String roomId, long seq, String content, String editedBy,
                              Instant editedAt, String sealedContent) implements RoomEvent {

    /** A plain edit. */
    public MessageEditedV1(String messageId, String roomId, long seq, String content, String editedBy, Instant editedAt) {
        this(messageId, roomId, seq, content, editedBy, editedAt, null);
    }

    /** With its sealed content opened (for this node's own use: never written anywhere). */
    public MessageEditedV1 opened(String text) {
        return new MessageEditedV1(messageId, roomId, seq, text, editedBy, editedAt, sealedContent);
    }
}
