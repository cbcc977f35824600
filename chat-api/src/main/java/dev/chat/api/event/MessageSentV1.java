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
 * {@code mentions}: the ids of the room's members it names as {@code @username}, resolved by the
 * persister when it stores the message (so absent on {@code chat.messages}, and absent when none).
 */
public record MessageSentV1(String messageId, String roomId, String senderId, String clientMsgId,
                            String content, String replyTo, Instant sentAt, Long seq,
                            List<AttachmentView> attachments, List<String> mentions) implements RoomEvent {

    public MessageSentV1 {
        attachments = attachments == null || attachments.isEmpty() ? null : attachments; // omitted when none
        mentions = mentions == null || mentions.isEmpty() ? null : List.copyOf(mentions);
    }

    /** A message as accepted: its mentions are resolved when it is stored. */
    public MessageSentV1(String messageId, String roomId, String senderId, String clientMsgId,
                         String content, String replyTo, Instant sentAt, Long seq, List<AttachmentView> attachments) {
        this(messageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, seq, attachments, null);
    }

    /** A message without files. */
    public MessageSentV1(String messageId, String roomId, String senderId, String clientMsgId,
                         String content, String replyTo, Instant sentAt, Long seq) {
        this(messageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, seq, null, null);
    }

    /** The message as stored: its place in the room and the members it mentions. */
    public MessageSentV1 storedAs(long seq, List<String> mentions) {
        return new MessageSentV1(messageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, seq, attachments, mentions);
    }
}
