package dev.chat.api.rest;

import jakarta.validation.constraints.NotBlank;

/**
 * {@code POST /api/v1/rooms/{roomId}/messages} (header {@code Idempotency-Key}): what
 * {@code SEND_MESSAGE} carries, for clients that write over HTTP (bots, integrations).
 */
public record SendMessageRequest(@NotBlank(message = "content is required") String content, String replyTo) {
}
