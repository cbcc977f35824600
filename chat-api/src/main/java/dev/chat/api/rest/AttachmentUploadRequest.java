package dev.chat.api.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * {@code POST /api/v1/attachments/uploads}: asks for a presigned URL to upload one file to a room
 * the caller is a member of. {@code mimeType} is the type the client believes the file has (the
 * server checks it against the content); {@code size} its exact length in bytes.
 */
public record AttachmentUploadRequest(@NotBlank(message = "roomId is required") String roomId,
                                      @NotBlank(message = "name is required") String name,
                                      @NotBlank(message = "mimeType is required") String mimeType,
                                      @NotNull(message = "size is required") @Positive(message = "size must be positive") Long size) {
}
