package dev.chat.search.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a search gathers its hits and cuts them into pages (docs/rest-api.md, "Search"). The hits
 * come newest first in at most two steps. The first walks the newest messages one by one (a
 * common word's hits are there, found in milliseconds). If that did not find enough, what it found
 * is a measure of how often the query matches the caller's messages, and the second step takes the
 * way that measure says is cheaper: walking on, when the rest is expected within
 * {@code walkLimit} messages, or the full-text index, which fetches every older message that has
 * the words (cheap for a rare query, dear for a common one). PostgreSQL's own choice is not good
 * enough here: it estimates a phrase as if its words only had to be in the same message (ten times
 * too many) and a word it has no statistics for at half the rarest word it knows, and then walks
 * the whole table or scans the index room by room.
 */
public final class SearchPlan {

    /** How a step reads the messages. */
    public enum Access {
        /** The primary key backwards (newest first), each message tested: stops as soon as it has enough. */
        WALK,
        /** The GIN index of words: every message that has them, then sorted. */
        INDEX
    }

    private static final Comparator<SearchHit> BEST_FIRST = Comparator.comparing(SearchHit::rank, Comparator.reverseOrder())
            .thenComparing(SearchHit::messageId, Comparator.reverseOrder());

    private SearchPlan() {
    }

    /**
     * The second step's access, after the first walked {@code walked} messages and found
     * {@code found} of the {@code wanted} hits: a walk when the rest is expected within
     * {@code walkLimit} more messages at the rate found so far, the index otherwise.
     */
    public static Access afterWalk(int found, int wanted, long walked, long walkLimit) {
        if (found <= 0) {
            return Access.INDEX;
        }
        double expectedWalk = (double) (wanted - found) * walked / found;
        return expectedWalk <= walkLimit ? Access.WALK : Access.INDEX;
    }

    /** One page of hits and where the next one starts (null: this is the last). */
    public record Page(List<SearchHit> hits, SearchCursor next) {
    }

    /**
     * The page of {@code limit} hits after {@code after} (null: the first page). {@code newestFirst}
     * are the hits gathered, newest first: for {@code sort=newest} the ones after the cursor (at
     * least {@code limit + 1} when there is a next page), for relevance the whole ranked window,
     * whose newest hit the cursor keeps so that later pages rank the same window.
     */
    public static Page page(List<SearchHit> newestFirst, SearchCursor after, boolean byRelevance, int limit) {
        List<SearchHit> ordered = newestFirst;
        String windowTop = null;
        if (byRelevance) {
            windowTop = after != null ? after.windowTop() : newestFirst.isEmpty() ? null : newestFirst.get(0).messageId();
            ordered = new ArrayList<>(newestFirst.size());
            for (SearchHit hit : newestFirst) {
                if (after == null || BEST_FIRST.compare(hit, new SearchHit(after.messageId(), after.rank())) > 0) {
                    ordered.add(hit);
                }
            }
            ordered.sort(BEST_FIRST);
        }
        if (ordered.size() <= limit) {
            return new Page(List.copyOf(ordered), null);
        }
        List<SearchHit> hits = List.copyOf(ordered.subList(0, limit));
        SearchHit last = hits.get(limit - 1);
        return new Page(hits, byRelevance ? new SearchCursor(last.rank(), last.messageId(), windowTop)
                : new SearchCursor(null, last.messageId(), null));
    }
}
