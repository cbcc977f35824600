package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;

/** {@code POST /api/v1/auth/login}. */
public record LoginRequest(@NotNull(message = "is required") String username,
                           @NotNull(message = "is required") String password) {
}
