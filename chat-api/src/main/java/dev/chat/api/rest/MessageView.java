package dev.chat.api.rest;

import java.time.Instant;

/** A stored message as history returns it. */
public record MessageView(String messageId, String roomId, long seq, String senderId, String content,
                          String replyTo, Instant ts) {
}
