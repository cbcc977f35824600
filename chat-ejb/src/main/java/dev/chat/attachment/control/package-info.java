/** The object store, content checks (type sniffing, image metadata, previews), limits and signed download links. */
package dev.chat.attachment.control;
