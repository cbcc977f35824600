package dev.chat.api.rest;

import jakarta.validation.constraints.NotBlank;

/** {@code PATCH /api/v1/rooms/{roomId}/messages/{messageId}}: the author's new content. */
public record EditMessageRequest(@NotBlank(message = "content is required") String content) {
}
