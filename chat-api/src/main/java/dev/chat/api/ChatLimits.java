package dev.chat.api;

/**
 * Size limits of the contract. The server refuses anything larger with {@code TOO_LARGE}
 * (the frame limit is a server setting whose default is {@link #DEFAULT_MAX_FRAME_BYTES}).
 */
public final class ChatLimits {
    /** Default longest message text, in UTF-16 chars (what a client's text box counts); server setting {@code chat.message.max-content-length}. */
    public static final int DEFAULT_MAX_CONTENT_LENGTH = 4000;
    /** Longest id a client may send (room ids, message ids, clientMsgId). */
    public static final int MAX_ID_LENGTH = 64;
    /** Most attachments one message carries. */
    public static final int MAX_ATTACHMENTS = 10;
    /** Default largest WebSocket text frame the server reads. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024;

    private ChatLimits() {
    }
}
