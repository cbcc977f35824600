package dev.chat.api.rest;

import java.util.List;

/**
 * {@code POST /api/v1/rooms/{roomId}/messages} (header {@code Idempotency-Key}): what
 * {@code SEND_MESSAGE} carries, for clients that write over HTTP (bots, integrations).
 * {@code content} may be empty when {@code attachments} (ids of the sender's uploads to the room)
 * come with it.
 */
public record SendMessageRequest(String content, String replyTo, List<String> attachments) {
}
