package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/auth/password-reset}: the account, by username or email address. */
public record PasswordResetRequest(
        @NotNull(message = "is required")
        @Size(max = 254, message = "must be at most 254 characters")
        String login) {
}
