package dev.chat.api.rest;

import java.time.Instant;
import java.util.Map;

/**
 * Where to upload a file: send its bytes with {@code method} (PUT) to {@code uploadUrl}, with the
 * {@code headers} given, before {@code expiresAt}; then {@code POST /api/v1/attachments/{attachmentId}/complete}.
 */
public record AttachmentUploadSlot(String attachmentId, String uploadUrl, String method, Map<String, String> headers, Instant expiresAt) {
}
