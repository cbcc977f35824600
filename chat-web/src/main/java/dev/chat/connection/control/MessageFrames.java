package dev.chat.connection.control;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.MessageDeletedV1;
import dev.chat.api.event.MessageEditedV1;
import dev.chat.api.event.MessageFlaggedV1;
import dev.chat.api.event.MessageReactedV1;
import dev.chat.api.event.MessageRestoredV1;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.ReceiptV1;
import dev.chat.api.event.RoomEvent;
import dev.chat.api.frame.MessageDeleted;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.MessageEdited;
import dev.chat.api.frame.MessageHidden;
import dev.chat.api.frame.MessageRestored;
import dev.chat.api.frame.Reaction;
import dev.chat.api.frame.Receipt;
import dev.chat.api.rest.MessageView;

/**
 * The frame of each room event, live (from the stored stream) or replayed (from history), encoded
 * once per event whatever the number of sessions it goes to.
 */
public final class MessageFrames {
    private MessageFrames() {
    }

    /**
     * The frame of a timeline event that is not a message ({@code MESSAGE_EDITED}, {@code MESSAGE_DELETED},
     * {@code REACTION}, {@code RECEIPT}, {@code MESSAGE_HIDDEN} for a flag that hides, {@code MESSAGE_RESTORED}).
     */
    public static String of(RoomEvent event) {
        Record frame;
        if (event instanceof MessageEditedV1 edited) {
            frame = new MessageEdited(edited.roomId(), edited.messageId(), edited.seq(), edited.content(),
                    edited.editedBy(), edited.editedAt());
        } else if (event instanceof MessageDeletedV1 deleted) {
            frame = new MessageDeleted(deleted.roomId(), deleted.messageId(), deleted.seq(), deleted.deletedBy(),
                    deleted.deletedAt());
        } else if (event instanceof MessageReactedV1 reacted) {
            frame = new Reaction(reacted.roomId(), reacted.messageId(), reacted.seq(), reacted.userId(), reacted.emoji(),
                    reacted.added(), reacted.count());
        } else if (event instanceof MessageFlaggedV1 flagged && flagged.hidden()) {
            frame = new MessageHidden(flagged.roomId(), flagged.messageId(), flagged.seq(), flagged.flaggedAt());
        } else if (event instanceof MessageRestoredV1 restored) {
            frame = new MessageRestored(restored.roomId(), restored.messageId(), restored.seq(), restored.senderId(), restored.content(),
                    restored.restoredBy(), restored.restoredAt());
        } else if (event instanceof ReceiptV1 receipt) {
            frame = new Receipt(receipt.roomId(), receipt.userId(), receipt.seq(), receipt.readAt());
        } else {
            throw new IllegalArgumentException("no frame for " + event.getClass().getSimpleName()
                    + " (a message is delivered with its seq: use delivered(); a flag that does not hide has none)");
        }
        return ChatJson.instance().encodeFrame(frame);
    }

    public static String delivered(MessageSentV1 stored) {
        return ChatJson.instance().encodeFrame(new MessageDelivered(stored.roomId(), stored.messageId(), stored.seq(),
                stored.senderId(), stored.content(), stored.replyTo(), stored.sentAt(), null, null, null, stored.attachments(),
                stored.mentions(), null, null));
    }

    /** The placeholder of a stored message for the users who blocked its sender: its place in the room, nothing of it. */
    public static String hidden(MessageSentV1 stored) {
        return ChatJson.instance().encodeFrame(new MessageDelivered(stored.roomId(), stored.messageId(), stored.seq(),
                stored.senderId(), null, null, stored.sentAt(), null, null, null, null, null, Boolean.TRUE, null));
    }

    public static String delivered(MessageView message) {
        return ChatJson.instance().encodeFrame(new MessageDelivered(message.roomId(), message.messageId(), message.seq(),
                message.senderId(), message.content(), message.replyTo(), message.ts(), message.editedAt(),
                message.deleted() ? Boolean.TRUE : null, message.reactions().isEmpty() ? null : message.reactions(), message.attachments(),
                message.mentions(), message.hidden(), message.moderated()));
    }
}
