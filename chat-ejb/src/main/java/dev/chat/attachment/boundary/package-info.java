/** Uploads, downloads, attaching to messages and the sweep of what no message kept. */
package dev.chat.attachment.boundary;
