package dev.chat.api.rest;

import java.time.Instant;

/**
 * An export of everything about the caller ({@code POST /api/v1/users/me/export}): {@code status}
 * {@code pending} or {@code building} until the ZIP is {@code ready} to download (until
 * {@code expiresAt}), then {@code expired}; {@code failed} if it could not be built.
 */
public record ExportView(String exportId, String status, Instant requestedAt, Instant readyAt, Instant expiresAt, Long sizeBytes) {
}
