package dev.chat.api.frame;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;

/**
 * {@code READ}: the caller has read the room up to and including {@code seq}. The read position
 * only moves forward (an older seq changes nothing); when it moves the room gets {@link Receipt}.
 */
public record Read(String roomId, Long seq) implements ClientFrame {

    @Override
    public void validate() {
        FieldRules.requireId("roomId", roomId);
        if (seq == null || seq < 1) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field 'seq' is required and must be at least 1");
        }
    }
}
