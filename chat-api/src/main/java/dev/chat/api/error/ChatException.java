package dev.chat.api.error;

import jakarta.ejb.ApplicationException;

/**
 * A refusal with a code, thrown where a rule is broken and mapped to an {@code ERROR} frame or
 * an HTTP status at the edge. Carries no stack trace: it is an answer to a client, not a bug.
 * An application exception for EJBs: it reaches the caller as itself (not wrapped in
 * EJBException, also through nested EJB calls) and rolls back the transaction's writes.
 * (A deployment descriptor cannot say this: EJBs in a WAR read only WEB-INF/ejb-jar.xml.)
 */
@ApplicationException(rollback = true)
public class ChatException extends RuntimeException {
    private final ErrorCode code;
    private final Long retryAfterMs;

    public ChatException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** A refusal that waiting cures ({@code RATE_LIMITED}): the client may retry after {@code retryAfterMs}. */
    public ChatException(ErrorCode code, String message, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }

    /** @return milliseconds after which a retry may succeed, or null */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
