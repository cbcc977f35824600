package dev.chat.api.frame;

/**
 * {@code TYPING} (client → server): the user is typing in the room. Send it while typing, at most
 * every couple of seconds; the other members get {@link TypingNotice}. Never stored.
 */
public record Typing(String roomId) implements ClientFrame {

    @Override
    public void validate() {
        FieldRules.requireId("roomId", roomId);
    }
}
