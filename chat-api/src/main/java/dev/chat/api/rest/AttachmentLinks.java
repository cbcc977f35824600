package dev.chat.api.rest;

import java.time.Instant;

/**
 * {@code GET /api/v1/attachments/{id}}: the attachment, where it belongs, and links to download
 * it ({@code url}) and its preview ({@code previewUrl}, images only). The links need no token
 * (an {@code <img src>} can use them), work until {@code expiresAt}, and only for the caller while
 * they are a member of the room. {@code messageId} is absent for an upload not sent yet.
 * {@code expiresIn}: the links' life in seconds from now (for clients whose clock is off).
 */
public record AttachmentLinks(AttachmentView attachment, String roomId, String messageId, String url, String previewUrl, Instant expiresAt,
                              long expiresIn) {
}
