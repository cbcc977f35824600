package dev.chat.api.error;

/**
 * Every refusal the platform can answer with. Mapped once to an {@code ERROR} frame (WebSocket)
 * and once to an HTTP status (REST); {@link #retryable()} tells a client whether resending the
 * same request, unchanged, may succeed later.
 */
public enum ErrorCode {
    /** The frame is not valid JSON or not a JSON object. */
    MALFORMED_FRAME(400, false),
    /** The REST request body is not valid JSON for the resource. */
    MALFORMED_BODY(400, false),
    /** The frame's {@code type} is missing or not one the server accepts. */
    UNKNOWN_TYPE(400, false),
    /** A required field is missing or a field has the wrong shape. */
    INVALID_FIELD(400, false),
    /** The frame or a field exceeds a size limit. */
    TOO_LARGE(413, false),
    /** An upload's content is not of a type the server accepts, or not of the type it claims to be. */
    UNSUPPORTED_TYPE(415, false),
    /** The user's uploads would exceed their storage quota. */
    QUOTA_EXCEEDED(413, false),
    /** A one-time code (email verification, password reset) is wrong, used, expired, or was tried too often. */
    INVALID_CODE(400, false),
    /** No valid access token, or it expired. */
    UNAUTHORIZED(401, false),
    /** Authenticated, but not allowed to do this. */
    FORBIDDEN(403, false),
    /** The caller is not a member of the room. */
    NOT_A_MEMBER(403, false),
    /** The thing asked for does not exist (or is not visible to the caller). */
    NOT_FOUND(404, false),
    /** The request conflicts with the current state (e.g. a taken username). */
    CONFLICT(409, false),
    /**
     * A {@code clientMsgId} (an {@code Idempotency-Key} over HTTP) this sender already used for a
     * different message (another room, content or reply): keys name one message, never two.
     */
    IDEMPOTENCY_KEY_REUSED(422, false),
    /** Too many requests; see {@code retryAfterMs}. */
    RATE_LIMITED(429, true),
    /** The message could not be made durable (Kafka did not acknowledge it); resend with the same clientMsgId. */
    NOT_DURABLE(503, true),
    /**
     * The node is at capacity and did not take this message (it was not stored); resend it with the
     * same clientMsgId after {@code retryAfterMs}. Refusing beyond capacity keeps what was accepted fast.
     */
    OVERLOADED(503, true),
    /**
     * This deployment does not offer the feature in its configuration (e.g. message search while
     * messages are encrypted at rest); asking again will not help.
     */
    NOT_OFFERED(501, false),
    /** A dependency of the server is unavailable right now. */
    UNAVAILABLE(503, true),
    /** A bug on our side; logged with details on the server. */
    INTERNAL(500, true);

    private final int httpStatus;
    private final boolean retryable;

    ErrorCode(int httpStatus, boolean retryable) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }
}
