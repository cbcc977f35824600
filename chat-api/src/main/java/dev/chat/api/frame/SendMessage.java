package dev.chat.api.frame;

/**
 * {@code SEND_MESSAGE}: post {@code content} to a room. {@code clientMsgId} is chosen by the
 * client, unique per sender, and comes back in the {@link Ack} (or {@link ErrorFrame}) for it.
 */
public record SendMessage(String roomId, String content, String clientMsgId, String replyTo) implements ClientFrame {

    @Override
    public void validate() {
        FieldRules.requireId("roomId", roomId);
        FieldRules.requireId("clientMsgId", clientMsgId);
        FieldRules.requireText("content", content);
        FieldRules.optionalId("replyTo", replyTo);
    }
}
