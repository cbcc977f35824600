package dev.chat.api.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/moderation/rooms/{roomId}/bans}: whom to ban from the room, and why (shown to reviewers). */
public record BanRequest(@NotBlank(message = "is required") String userId,
                         @Size(max = 200, message = "must be at most 200 characters") String reason) {
}
