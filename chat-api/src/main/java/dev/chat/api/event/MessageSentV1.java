package dev.chat.api.event;

import java.time.Instant;

/**
 * {@code chat.message.sent.v1}: a member posted a message. The record key is {@code roomId},
 * so all events of one room share a partition and keep their order.
 */
public record MessageSentV1(String messageId, String roomId, String senderId, String clientMsgId,
                            String content, String replyTo, Instant sentAt) implements ChatEvent {
}
