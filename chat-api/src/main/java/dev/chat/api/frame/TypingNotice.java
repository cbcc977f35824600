package dev.chat.api.frame;

/**
 * {@code TYPING} (server → client): {@code userId} is typing in the room. Show it for
 * {@code expiresInMs}, unless another one arrives meanwhile; never sent to the typing user.
 */
public record TypingNotice(String roomId, String userId, long expiresInMs) implements ServerFrame {
}
