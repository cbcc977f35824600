package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/auth/register}. Usernames are case-insensitive and stored in lower case; the
 * email address is optional (a code to verify it is mailed at once).
 */
public record RegisterRequest(
        @NotNull(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9_.-]{3,32}", message = "must be 3 to 32 letters, digits, '_', '.' or '-'")
        String username,
        @NotNull(message = "is required")
        @Size(min = 8, max = 128, message = "must be 8 to 128 characters")
        String password,
        @Size(max = 64, message = "must be at most 64 characters")
        String displayName,
        @Size(max = 254, message = "must be at most 254 characters")
        String email) {
}
