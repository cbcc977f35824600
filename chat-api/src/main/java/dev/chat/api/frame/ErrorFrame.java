package dev.chat.api.frame;

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
}
