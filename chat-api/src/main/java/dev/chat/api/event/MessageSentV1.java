package dev.chat.api.event;

import dev.chat.api.rest.AttachmentView;

import java.time.Instant;
import java.util.List;

/**
 * {@code chat.message.sent.v1}: a member posted a message. The record key is {@code roomId},
 * so all events of one room share a partition and keep their order. On topic
 * {@code chat.messages} (as accepted) {@code seq} is absent; on {@code chat.messages.stored} (after
 * the persister stored it) {@code seq} is the message's place in its room: 1, 2, 3 … without gaps.
 * {@code attachments}: the metadata of the files it carries (absent when none; an event without
 * the field, written before attachments existed, reads as a message without files).
 */
public record MessageSentV1(String messageId, String roomId, String senderId, String clientMsgId,
                            String content, String replyTo, Instant sentAt, Long seq,
                            List<AttachmentView> attachments) implements RoomEvent {

    public MessageSentV1 {
        attachments = attachments == null || attachments.isEmpty() ? null : attachments; // omitted when none
    }

    /** A message without files. */
    public MessageSentV1(String messageId, String roomId, String senderId, String clientMsgId,
                         String content, String replyTo, Instant sentAt, Long seq) {
        this(messageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, seq, null);
    }

    public MessageSentV1 storedAs(long seq) {
        return new MessageSentV1(messageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, seq, attachments);
    }
}
