/** Stored messages (table {@code messages}). */
package dev.chat.message.entity;
