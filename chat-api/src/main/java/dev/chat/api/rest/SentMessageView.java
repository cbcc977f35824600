package dev.chat.api.rest;

/**
 * The answer to a message sent over HTTP: 201 with {@code durable} true once Kafka has it, 202
 * with {@code durable} false while the node holds it during a Kafka outage (as the WebSocket's
 * {@code ACK}). {@code idempotencyKey} is the request's, or the one the server chose for a request
 * without. The message's {@code seq} comes with the {@code MESSAGE} frame and in history.
 */
public record SentMessageView(String messageId, String roomId, String idempotencyKey, boolean durable) {
}
