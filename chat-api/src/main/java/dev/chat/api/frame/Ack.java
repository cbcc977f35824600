package dev.chat.api.frame;

/**
 * {@code ACK}: the node took the message the client sent as {@code clientMsgId}, under
 * {@code messageId}. {@code durable: true}: Kafka has it, it will be stored and delivered; the
 * client may forget it. {@code durable: false}: Kafka is unavailable and the node holds it in its
 * bounded outage buffer: it is sent once Kafka is back (then a second ACK with durable true
 * follows) or, if the buffer overflows first, {@code ERROR NOT_DURABLE} with this clientMsgId
 * follows; until one of the two, the client keeps the message (and resends it with the same
 * clientMsgId after a reconnect).
 */
public record Ack(String clientMsgId, String messageId, String roomId, boolean durable) implements ServerFrame {
}
