package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;

/** {@code PUT /api/v1/presence/me}: {@code ONLINE} or {@code AWAY}, while connected. */
public record SetPresenceRequest(@NotNull(message = "status is required") String status) {
}
