package dev.chat.api.rest;

import java.time.Instant;

/**
 * The caller's own account ({@code GET /api/v1/users/me}): what others see ({@link UserView})
 * plus what only its owner sees, the email address and whether it is verified.
 */
public record AccountView(String id, String username, String displayName, Instant createdAt, String email, boolean emailVerified) {
}
