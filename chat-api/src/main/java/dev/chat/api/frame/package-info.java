/**
 * WebSocket frames. Every frame is a JSON object whose {@code type} names one of the records
 * here ({@link dev.chat.api.frame.FrameType}); the other fields are the record's components.
 * Client-to-server frames implement {@link dev.chat.api.frame.ClientFrame}, server-to-client
 * frames {@link dev.chat.api.frame.ServerFrame}. Absent optional fields are omitted, not null.
 */
package dev.chat.api.frame;
