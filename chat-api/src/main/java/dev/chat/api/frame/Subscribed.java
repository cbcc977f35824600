package dev.chat.api.frame;

/** {@code SUBSCRIBED}: the connection now receives the room's messages. */
public record Subscribed(String roomId) implements ServerFrame {
}
