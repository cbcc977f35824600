package dev.chat.search.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a search starts: after the last hit of the page before, by its rank and
 * id (relevance) or by its id alone (newest: message ids grow with time). A position, not an
 * offset: messages stored meanwhile neither repeat a hit on the next page nor push one off it.
 * Relevance also keeps {@code windowTop}, the newest hit of the ranked window of the first page,
 * so that the later pages rank the same window. Opaque to clients (base64url).
 */
public record SearchCursor(Float rank, String messageId, String windowTop) {

    public String encode() {
        String text = (rank == null ? "n" : "r" + Float.toString(rank)) + "|" + messageId + (windowTop == null ? "" : "|" + windowTop);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ChatException INVALID_FIELD when it is not a cursor of this sort */
    public static SearchCursor decode(String cursor, boolean byRelevance) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|", -1);
            String position = parts[0];
            String messageId = parts[1];
            if (messageId.isEmpty() || byRelevance != position.startsWith("r") || !byRelevance && !position.equals("n")
                    || parts.length != (byRelevance ? 3 : 2)) {
                throw new IllegalArgumentException(text);
            }
            return new SearchCursor(byRelevance ? Float.valueOf(position.substring(1)) : null, messageId, byRelevance ? parts[2] : null);
        } catch (RuntimeException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "cursor is not one this search returned (or the sort changed)");
        }
    }
}
