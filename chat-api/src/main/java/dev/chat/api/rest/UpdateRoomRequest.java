package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code PATCH /api/v1/rooms/{roomId}}: rename a group or channel (owner or admin). */
public record UpdateRoomRequest(@NotNull(message = "is required")
                                @Size(min = 1, max = 100, message = "must be 1 to 100 characters") String name) {
}
