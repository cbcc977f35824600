package dev.chat.api.frame;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;

/**
 * {@code RESUME}: after a reconnect, receive every message of the room after {@code afterSeq}
 * (the last one the client saw), then live ones, with no gap and no duplicate.
 */
public record Resume(String roomId, Long afterSeq) implements ClientFrame {

    @Override
    public void validate() {
        FieldRules.requireId("roomId", roomId);
        if (afterSeq == null) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field 'afterSeq' is required");
        }
        FieldRules.nonNegative("afterSeq", afterSeq);
    }
}
