/** The attachment row: owner, room, object key, checked type, size, and the message that carries it. */
package dev.chat.attachment.entity;
