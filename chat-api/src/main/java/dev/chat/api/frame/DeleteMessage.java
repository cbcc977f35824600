package dev.chat.api.frame;

/**
 * {@code DELETE_MESSAGE}: the author, or an owner or admin of the room, deletes a message. The room
 * gets {@link MessageDeleted}; history keeps the message's place ({@code seq}) as a tombstone
 * without content.
 */
public record DeleteMessage(String roomId, String messageId) implements ClientFrame {

    @Override
    public void validate() {
        FieldRules.requireId("roomId", roomId);
        FieldRules.requireId("messageId", messageId);
    }
}
