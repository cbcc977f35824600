package dev.chat.api.rest;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/v1/rooms/{roomId}/messages/{messageId}/reactions}: toggles the caller's reaction. */
public record ReactionRequest(@NotBlank(message = "emoji is required") String emoji) {
}
