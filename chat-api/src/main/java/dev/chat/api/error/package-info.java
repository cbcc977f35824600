/** Error codes shared by WebSocket {@code ERROR} frames and REST error bodies. */
package dev.chat.api.error;
