package dev.chat.api.frame;

import dev.chat.api.Emoji;

/**
 * {@code REACT}: toggles the caller's reaction {@code emoji} on a message (one per user per emoji:
 * the first REACT adds it, the next removes it). The room gets {@link Reaction} with the new count.
 */
public record React(String roomId, String messageId, String emoji) implements ClientFrame {

    @Override
    public void validate() {
        FieldRules.requireId("roomId", roomId);
        FieldRules.requireId("messageId", messageId);
        Emoji.requireValid("emoji", emoji);
    }
}
