package dev.chat.api.frame;

import java.util.List;

/**
 * {@code SEND_MESSAGE}: post {@code content} to a room. {@code clientMsgId} is chosen by the
 * client, unique per sender, and comes back in the {@link Ack} (or {@link ErrorFrame}) for it.
 * {@code attachments}: ids of files the sender uploaded to this room and has not sent yet
 * (docs/rest-api.md, "Attachments"); with files the text may be empty.
 */
public record SendMessage(String roomId, String content, String clientMsgId, String replyTo, List<String> attachments)
        implements ClientFrame {

    public SendMessage {
        attachments = attachments == null ? List.of() : attachments; // each id is checked by validate()
        if (content == null && !attachments.isEmpty()) {
            content = "";
        }
    }

    /** A message of text alone. */
    public SendMessage(String roomId, String content, String clientMsgId, String replyTo) {
        this(roomId, content, clientMsgId, replyTo, List.of());
    }

    @Override
    public void validate() {
        FieldRules.requireId("roomId", roomId);
        FieldRules.requireId("clientMsgId", clientMsgId);
        FieldRules.requireContentOrAttachments(content, attachments);
        FieldRules.optionalId("replyTo", replyTo);
    }
}
