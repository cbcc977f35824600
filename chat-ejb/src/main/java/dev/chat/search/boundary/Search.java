package dev.chat.search.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.MessageHit;
import dev.chat.api.rest.MessageSearchPage;
import dev.chat.api.rest.UserView;
import dev.chat.platform.persistence.NativeQueries;
import dev.chat.search.control.SearchCursor;
import dev.chat.search.control.Snippets;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches (docs/rest-api.md, "Search"). Messages: PostgreSQL full-text search over the index the
 * database keeps with every message ({@code search_vector}, V7: written in the transaction that
 * stores or edits it, so search is never behind history), only in rooms the caller is a member of
 * now, deleted messages never; {@code websearch_to_tsquery} reads the query as people type it
 * (words, "a phrase", -not, or). People: by the start of their username or display name.
 */
@Stateless
public class Search {
    private static final int MAX_QUERY = 200;
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 50;
    private static final int MAX_PEOPLE = 20;
    /** ts_headline: the marks Snippets reads, and a snippet of up to two fragments around the hits. */
    private static final String HEADLINE_OPTIONS = "StartSel=" + Snippets.START + ", StopSel=" + Snippets.STOP
            + ", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "chat.search.language") // default in microprofile-config.properties (the schema's, too)
    String language;

    /** What a message search asks for; null fields do not filter. */
    public record MessageQuery(String text, String roomId, String senderId, Instant since, Instant until, boolean newestFirst,
                               String cursor, Integer limit) {
    }

    public MessageSearchPage messages(String callerId, MessageQuery query) {
        String text = query.text() == null ? "" : query.text().strip();
        if (text.isEmpty() || text.length() > MAX_QUERY) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "q must have 1 to " + MAX_QUERY + " characters");
        }
        int limit = query.limit() == null ? DEFAULT_PAGE : Math.max(1, Math.min(MAX_PAGE, query.limit()));
        SearchCursor after = query.cursor() == null || query.cursor().isBlank() ? null : SearchCursor.decode(query.cursor(), !query.newestFirst());

        List<Object> parameters = new ArrayList<>();
        String rank = "ts_rank_cd(m.search_vector, q.q)";
        StringBuilder inner = new StringBuilder("""
                SELECT m.message_id, m.room_id, m.seq, m.sender_id, m.sent_at, m.edited_at, m.content, q.q, %s AS rank
                FROM messages m
                JOIN chat_room_members rm ON rm.room_id = m.room_id AND rm.user_id = %s
                CROSS JOIN (SELECT websearch_to_tsquery(CAST(%s AS regconfig), %s) AS q) q
                WHERE m.search_vector @@ q.q AND m.deleted_at IS NULL""".formatted(rank, parameter(parameters, callerId),
                parameter(parameters, language), parameter(parameters, text)));
        if (query.roomId() != null) {
            inner.append(" AND m.room_id = ").append(parameter(parameters, query.roomId()));
        }
        if (query.senderId() != null) {
            inner.append(" AND m.sender_id = ").append(parameter(parameters, query.senderId()));
        }
        if (query.since() != null) {
            inner.append(" AND m.sent_at >= ").append(parameter(parameters, query.since().atOffset(ZoneOffset.UTC)));
        }
        if (query.until() != null) {
            inner.append(" AND m.sent_at < ").append(parameter(parameters, query.until().atOffset(ZoneOffset.UTC)));
        }
        String order;
        if (query.newestFirst()) {
            if (after != null) {
                inner.append(" AND m.message_id < ").append(parameter(parameters, after.messageId()));
            }
            order = "message_id DESC"; // UUIDv7: ids grow with time
        } else {
            if (after != null) {
                String cursorRank = "CAST(" + parameter(parameters, after.rank()) + " AS real)";
                String sameRank = "CAST(" + parameter(parameters, after.rank()) + " AS real)";
                inner.append(" AND (").append(rank).append(" < ").append(cursorRank).append(" OR (").append(rank).append(" = ").append(sameRank)
                        .append(" AND m.message_id < ").append(parameter(parameters, after.messageId())).append("))");
            }
            order = "rank DESC, message_id DESC";
        }
        inner.append(" ORDER BY ").append(order).append(" LIMIT ").append(parameter(parameters, limit + 1));
        // the snippets only for the page: ts_headline reads the whole text
        String sql = "SELECT h.message_id, h.room_id, h.seq, h.sender_id, h.sent_at, h.edited_at, h.rank, "
                + "ts_headline(CAST(" + parameter(parameters, language) + " AS regconfig), translate(h.content, "
                + parameter(parameters, "" + Snippets.START + Snippets.STOP) + ", ''), h.q, " + parameter(parameters, HEADLINE_OPTIONS)
                + ") FROM (" + inner + ") h ORDER BY " + order;

        List<?> rows = bound(em.createNativeQuery(sql), parameters).getResultList();
        List<MessageHit> hits = new ArrayList<>(Math.min(rows.size(), limit));
        String next = null;
        for (int i = 0; i < rows.size() && i < limit; i++) {
            Object[] c = (Object[]) rows.get(i);
            hits.add(new MessageHit((String) c[0], (String) c[1], ((Number) c[2]).longValue(), (String) c[3], NativeQueries.instant(c[4]),
                    NativeQueries.instant(c[5]), Snippets.parts((String) c[7])));
            if (i == limit - 1 && rows.size() > limit) {
                next = new SearchCursor(query.newestFirst() ? null : ((Number) c[6]).floatValue(), (String) c[0]).encode();
            }
        }
        return new MessageSearchPage(hits, next);
    }

    /** People whose username or display name starts with {@code prefix} (at most 20, by username). */
    public List<UserView> people(String prefix) {
        String start = prefix == null ? "" : prefix.strip().toLowerCase(java.util.Locale.ROOT);
        if (start.isEmpty() || start.length() > 64) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "q must have 1 to 64 characters");
        }
        String pattern = start.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<?> rows = em.createNativeQuery("SELECT id, username, display_name, created_at FROM users WHERE deleted_at IS NULL "
                        + "AND (lower(username) LIKE ?1 OR lower(display_name) LIKE ?2) ORDER BY username LIMIT ?3")
                .setParameter(1, pattern).setParameter(2, pattern).setParameter(3, MAX_PEOPLE).getResultList();
        List<UserView> people = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            people.add(new UserView((String) c[0], (String) c[1], (String) c[2], NativeQueries.instant(c[3])));
        }
        return people;
    }

    /** Adds a positional parameter and returns its placeholder ({@code ?n}): each occurrence its own, in order. */
    private static String parameter(List<Object> parameters, Object value) {
        parameters.add(value);
        return "?" + parameters.size();
    }

    private static Query bound(Query query, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }
}
