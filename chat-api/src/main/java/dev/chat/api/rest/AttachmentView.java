package dev.chat.api.rest;

/**
 * A file shared in a room, as messages carry it (the {@code MESSAGE} frame, history, the
 * {@code chat.message.sent.v1} event): what a client needs to show it before fetching it.
 * {@code mimeType} is the type the server found in the content, not what the uploader said;
 * {@code width}/{@code height} are set for images, and {@code thumbnail} is true when a small
 * preview exists ({@code GET /api/v1/attachments/{id}} gives the links to both).
 */
public record AttachmentView(String attachmentId, String name, String mimeType, long size, Integer width, Integer height,
                             Boolean thumbnail) {
}
