package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;

/** {@code POST /api/v1/auth/logout}: ends the login the refresh token belongs to. */
public record LogoutRequest(@NotNull(message = "is required") String refreshToken) {
}
