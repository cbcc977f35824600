package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/auth/password-reset/confirm}: the account as in the request, the mailed code, the new password. */
public record PasswordResetConfirmation(
        @NotNull(message = "is required")
        @Size(max = 254, message = "must be at most 254 characters")
        String login,
        @NotNull(message = "is required")
        String code,
        @NotNull(message = "is required")
        @Size(min = 8, max = 128, message = "must be 8 to 128 characters")
        String newPassword) {
}
