package dev.chat.api.rest;

import java.time.Instant;

/**
 * A user the caller blocked ({@code /api/v1/users/me/blocks}): their messages reach the caller as
 * placeholders ({@code hidden: true}, no content), and no direct room can be made between the two.
 */
public record BlockView(String userId, String username, String displayName, Instant blockedAt) {
}
