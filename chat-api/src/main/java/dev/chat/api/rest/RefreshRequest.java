package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;

/** {@code POST /api/v1/auth/refresh}: the refresh token is single-use; the answer carries its successor. */
public record RefreshRequest(@NotNull(message = "is required") String refreshToken) {
}
