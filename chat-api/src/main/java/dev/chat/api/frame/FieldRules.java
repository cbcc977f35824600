package dev.chat.api.frame;

import dev.chat.api.ChatLimits;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;

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

    static void nonNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field '" + field + "' must not be negative");
        }
    }
}
