package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code PUT /api/v1/users/me/email}: a new address (null: none), confirmed by the current
 * password. The address is unverified until the code mailed to it comes back.
 */
public record ChangeEmailRequest(
        @Size(max = 254, message = "must be at most 254 characters")
        String email,
        @NotNull(message = "is required")
        String currentPassword) {
}
