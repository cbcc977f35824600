package dev.chat.api.frame;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;

/**
 * {@code ERROR}: a request was refused. {@code clientMsgId} names the message it concerns, if
 * any; {@code retryAfterMs} is set when waiting helps; {@code retryable} mirrors
 * {@link ErrorCode#retryable()}.
 */
public record ErrorFrame(ErrorCode code, String message, boolean retryable, Long retryAfterMs,
                         String clientMsgId) implements ServerFrame {

    public static ErrorFrame of(ErrorCode code, String message, String clientMsgId) {
        return new ErrorFrame(code, message, code.retryable(), null, clientMsgId);
    }

    /** The frame of a refusal, with its {@code retryAfterMs} if it has one. */
    public static ErrorFrame of(ChatException refused, String clientMsgId) {
        return new ErrorFrame(refused.code(), refused.getMessage(), refused.code().retryable(), refused.retryAfterMs(), clientMsgId);
    }
}
