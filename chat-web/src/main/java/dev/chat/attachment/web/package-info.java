/** {@code /api/v1/attachments}: uploads (presigned and direct), links, downloads by signed link; the store in the readiness report. */
package dev.chat.attachment.web;
