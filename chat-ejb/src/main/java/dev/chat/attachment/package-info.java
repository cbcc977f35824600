/**
 * Attachments: files shared in rooms. The bytes live in an S3-compatible object store, the
 * metadata in PostgreSQL ({@code attachments}); messages carry the metadata. Uploads are checked
 * (type from the content, size, quota), images are stripped of their metadata and get a preview,
 * and downloads are for the room's members only.
 */
package dev.chat.attachment;
