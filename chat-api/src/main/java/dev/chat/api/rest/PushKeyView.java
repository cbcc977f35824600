package dev.chat.api.rest;

/**
 * {@code GET /api/v1/notifications/push/key}: the server's VAPID public key (RFC 8292), the
 * uncompressed P-256 point in base64url: the {@code applicationServerKey} a browser subscribes with.
 */
public record PushKeyView(String publicKey) {
}
