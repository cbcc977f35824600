package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code PUT /api/v1/users/me/password}: the current password and the new one. */
public record ChangePasswordRequest(
        @NotNull(message = "is required")
        String currentPassword,
        @NotNull(message = "is required")
        @Size(min = 8, max = 128, message = "must be 8 to 128 characters")
        String newPassword) {
}
