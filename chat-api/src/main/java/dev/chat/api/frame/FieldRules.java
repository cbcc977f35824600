package dev.chat.api.frame;

import dev.chat.api.ChatLimits;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;

import java.util.List;

/** The checks frames share, so that every frame words a refusal the same way. */
final class FieldRules {
    private FieldRules() {
    }

    static void requireId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field '" + field + "' is required");
        }
        optionalId(field, value);
    }

    static void optionalId(String field, String value) {
        if (value != null && value.length() > ChatLimits.MAX_ID_LENGTH) {
            throw new ChatException(ErrorCode.INVALID_FIELD,
                    "field '" + field + "' is longer than " + ChatLimits.MAX_ID_LENGTH + " chars");
        }
    }

    /** Non-blank text; its length limit is a server setting, checked where the text is accepted. */
    static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field '" + field + "' is required and must not be blank");
        }
    }

    static void requireText(String field, String value, int maxLength) {
        requireText(field, value);
        if (value.length() > maxLength) {
            throw new ChatException(ErrorCode.TOO_LARGE, "field '" + field + "' is longer than " + maxLength + " chars");
        }
    }

    /**
     * A message's text and files: the text may be empty only when files come with it; at most
     * {@link ChatLimits#MAX_ATTACHMENTS} files, each named by its attachment id, none twice.
     */
    static void requireContentOrAttachments(String content, List<String> attachments) {
        if (attachments == null || attachments.isEmpty()) {
            requireText("content", content);
            return;
        }
        if (attachments.size() > ChatLimits.MAX_ATTACHMENTS) {
            throw new ChatException(ErrorCode.TOO_LARGE, "more than " + ChatLimits.MAX_ATTACHMENTS + " attachments");
        }
        for (String attachment : attachments) {
            requireId("attachments[]", attachment);
        }
        if (attachments.stream().distinct().count() < attachments.size()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field 'attachments' names an attachment twice");
        }
    }

    static void nonNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field '" + field + "' must not be negative");
        }
    }
}
