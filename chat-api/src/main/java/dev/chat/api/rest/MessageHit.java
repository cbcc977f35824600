package dev.chat.api.rest;

import java.time.Instant;
import java.util.List;

/**
 * A message that matched a search: where it is (open its room at {@code seq}), who wrote it and
 * when, and a snippet of its text around the matches, as parts, so that a client marks the hits
 * without ever inserting the text as markup.
 */
public record MessageHit(String messageId, String roomId, long seq, String senderId, Instant ts, Instant editedAt,
                         List<SnippetPart> snippet) {

    /** A run of the snippet's text; {@code hit}: it matched the query. */
    public record SnippetPart(String text, boolean hit) {
    }
}
