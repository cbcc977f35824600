package dev.chat.message.control;

import dev.chat.api.ChatLimits;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How long a message may be: one setting for sending and editing, over WebSocket and REST. */
@ApplicationScoped
public class ContentPolicy {

    @Inject
    @ConfigProperty(name = "chat.message.max-content-length", defaultValue = "" + ChatLimits.DEFAULT_MAX_CONTENT_LENGTH)
    int maxContentLength;

    /**
     * @throws ChatException INVALID_FIELD when blank or holding a NUL character (PostgreSQL's text
     *                       cannot store it: accepted, such a message could never be stored),
     *                       TOO_LARGE when longer than the limit (in UTF-16 chars)
     */
    public void requireWithinLimit(String content) {
        requireWithinLimit(content, false);
    }

    /** As {@link #requireWithinLimit(String)}, but a message that carries files may have no text. */
    public void requireWithinLimit(String content, boolean withFiles) {
        if (content == null || content.isBlank() && !withFiles) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field 'content' is required and must not be blank");
        }
        if (hasNul(content)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field 'content' must not contain the NUL character (U+0000)");
        }
        if (content.length() > maxContentLength) {
            throw new ChatException(ErrorCode.TOO_LARGE, "field 'content' is longer than " + maxContentLength + " chars");
        }
    }

    /** PostgreSQL's text types cannot hold U+0000. */
    public static boolean hasNul(String text) {
        return text.indexOf(0) >= 0;
    }
}
