package dev.chat.api.frame;

/**
 * {@code ACK}: the message the client sent as {@code clientMsgId} is durable (acknowledged by
 * Kafka) under {@code messageId}. Until an ACK arrives the client should consider it unsent.
 */
public record Ack(String clientMsgId, String messageId, String roomId) implements ServerFrame {
}
