package dev.chat.api.rest;

import java.util.List;

/**
 * {@code GET /api/v1/search/messages}: a page of hits, best (or newest) first; {@code nextCursor}
 * asks for the page after it (absent on the last).
 */
public record MessageSearchPage(List<MessageHit> hits, String nextCursor) {
}
