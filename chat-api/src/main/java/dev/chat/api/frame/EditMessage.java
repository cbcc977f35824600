package dev.chat.api.frame;

/**
 * {@code EDIT_MESSAGE}: the author replaces the content of one of their messages. The room gets
 * {@link MessageEdited}; history shows the new content with {@code editedAt}.
 */
public record EditMessage(String roomId, String messageId, String content) implements ClientFrame {

    @Override
    public void validate() {
        FieldRules.requireId("roomId", roomId);
        FieldRules.requireId("messageId", messageId);
        FieldRules.requireText("content", content);
    }
}
