package dev.chat.api.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** {@code POST /api/v1/moderation/rooms/{roomId}/silences}: which member may not post in the room, for how many minutes (at most 30 days). */
public record SilenceRequest(@NotBlank(message = "is required") String userId,
                             @NotNull(message = "is required") @Min(value = 1, message = "must be 1 to 43200 (30 days)")
                             @Max(value = 43_200, message = "must be 1 to 43200 (30 days)") Integer minutes) {
}
