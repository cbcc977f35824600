package dev.chat.connection.control;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.rest.MessageView;

/** The {@code MESSAGE} frame of a stored message, live (from the stored stream) or replayed (from history). */
public final class MessageFrames {
    private MessageFrames() {
    }

    public static String delivered(MessageSentV1 stored) {
        return ChatJson.instance().encodeFrame(new MessageDelivered(stored.roomId(), stored.messageId(), stored.seq(),
                stored.senderId(), stored.content(), stored.replyTo(), stored.sentAt()));
    }

    public static String delivered(MessageView message) {
        return ChatJson.instance().encodeFrame(new MessageDelivered(message.roomId(), message.messageId(), message.seq(),
                message.senderId(), message.content(), message.replyTo(), message.ts()));
    }
}
