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
 * {@code sealedContent}: with encryption at rest, the content sealed with the sender's data key
 * (docs/privacy.md); {@code content} is then absent on every topic and channel, and present only in
 * a node's memory once opened ({@link #opened}).
 */
public record MessageSentV1(String messageId, String roomId, String senderId, String clientMsgId,
                            String content, String replyTo, Instant sentAt, Long seq,
                            List<AttachmentView> attachments, List<String> mentions, String sealedContent) implements RoomEvent {

    public MessageSentV1 {
        attachments = attachments == null || attachments.isEmpty() ? null : attachments; // omitted when none
        mentions = mentions == null || mentions.isEmpty() ? null : List.copyOf(mentions);
    }

    /** A message as accepted: its mentions are resolved when it is stored. */
    public MessageSentV1(String messageId, String roomId, String senderId, String clientMsgId,
                         String content, String replyTo, Instant sentAt, Long seq, List<AttachmentView> attachments) {
        this(messageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, seq, attachments, null, null);
    }

    /** A message without files. */
    public MessageSentV1(String messageId, String roomId, String senderId, String clientMsgId,
                         String content, String replyTo, Instant sentAt, Long seq) {
        this(messageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, seq, null, null, null);
    }

    /** The message as stored: its place in the room and the members it mentions. */
    public MessageSentV1 storedAs(long seq, List<String> mentions) {
        return new MessageSentV1(messageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, seq, attachments, mentions,
                sealedContent);
    }

    /**
     * The message as stored under another messageId: a resend of a message stored already (the
     * same sender and clientMsgId, through another region), which takes the first one's place.
     */
    public MessageSentV1 storedAs(String storedMessageId, long seq, List<String> mentions) {
        return new MessageSentV1(storedMessageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, seq, attachments, mentions,
                sealedContent);
    }

    /** The message as it was accepted, without its place in the room: to be sequenced again by a room's new home. */
    public MessageSentV1 asAccepted() {
        return new MessageSentV1(messageId, roomId, senderId, clientMsgId, content, replyTo, sentAt, null, attachments, null, sealedContent);
    }

    /** A sealed message as accepted: no content, only its sealed form. */
    public static MessageSentV1 sealed(String messageId, String roomId, String senderId, String clientMsgId,
                                       String sealedContent, String replyTo, Instant sentAt, List<AttachmentView> attachments) {
        return new MessageSentV1(messageId, roomId, senderId, clientMsgId, null, replyTo, sentAt, null, attachments, null, sealedContent);
    }

    /** With its sealed content opened (for this node's own use: never written anywhere). */
    public MessageSentV1 opened(String text) {
        return new MessageSentV1(messageId, roomId, senderId, clientMsgId, text, replyTo, sentAt, seq, attachments, mentions,
                sealedContent);
    }

    /** As it may be written to a topic or channel: a sealed message without its opened content. */
    public MessageSentV1 forWire() {
        return sealedContent == null || content == null ? this : opened(null);
    }
}
