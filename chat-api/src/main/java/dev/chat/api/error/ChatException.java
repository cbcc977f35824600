package dev.chat.api.error;

/**
 * A refusal with a code, thrown where a rule is broken and mapped to an {@code ERROR} frame or
 * an HTTP status at the edge. Carries no stack trace: it is an answer to a client, not a bug.
 */
public class ChatException extends RuntimeException {
    private final ErrorCode code;

    public ChatException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
