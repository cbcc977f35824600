/**
 * The wire contract of the chat platform, shared by the server and by Java clients: WebSocket
 * frames ({@link dev.chat.api.frame}), Kafka events ({@link dev.chat.api.event}), error codes
 * ({@link dev.chat.api.error}) and their one JSON mapping ({@link dev.chat.api.codec}).
 * Plain Java plus the JSON-B/JSON-P APIs; no container types.
 */
package dev.chat.api;
