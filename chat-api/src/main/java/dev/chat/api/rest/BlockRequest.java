package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;

/** {@code POST /api/v1/users/me/blocks}: the user to block. */
public record BlockRequest(@NotNull(message = "is required") String userId) {
}
