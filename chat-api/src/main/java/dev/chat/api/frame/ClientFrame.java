package dev.chat.api.frame;

/** A frame a client sends to the server. */
public sealed interface ClientFrame permits SendMessage, EditMessage, DeleteMessage, React, Read, Typing, Subscribe, Resume, Ping, Reauth {

    /**
     * Checks required fields and size limits.
     *
     * @throws dev.chat.api.error.ChatException {@code INVALID_FIELD} or {@code TOO_LARGE}
     */
    void validate();
}
