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

    /** How many of the newest messages the first step of a search walks one by one (see {@link #messagesSql}). */
    @Inject
    @ConfigProperty(name = "chat.search.recent-messages", defaultValue = "50000")
    int recentMessages;

    /** How many of the newest hits relevance ranks (docs/rest-api.md, "Search"). */
    @Inject
    @ConfigProperty(name = "chat.search.relevance-window", defaultValue = "500")
    int relevanceWindow;

    /** What a message search asks for; null fields do not filter. */
    public record MessageQuery(String text, String roomId, String senderId, Instant since, Instant until, boolean newestFirst,
                               String cursor, Integer limit) {
    }

    /** A native query's text ({@code ?n} placeholders, each its own, in order) and its parameters. */
    public record Sql(String text, List<Object> parameters) {
    }

    public MessageSearchPage messages(String callerId, MessageQuery query) {
        String text = query.text() == null ? "" : query.text().strip();
        if (text.isEmpty() || text.length() > MAX_QUERY) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "q must have 1 to " + MAX_QUERY + " characters");
        }
        int limit = query.limit() == null ? DEFAULT_PAGE : Math.max(1, Math.min(MAX_PAGE, query.limit()));
        SearchCursor after = query.cursor() == null || query.cursor().isBlank() ? null : SearchCursor.decode(query.cursor(), !query.newestFirst());

        Sql sql = messagesSql(callerId, language, text, query, after, limit, relevanceWindow, recentMessages);
        // a plan for these values: a generic plan (PostgreSQL's choice after five runs of a prepared
        // statement) knows neither the words nor the limits, and took a common word's search from 20 ms to 700
        em.createNativeQuery("SET LOCAL plan_cache_mode = force_custom_plan").executeUpdate();
        List<?> rows = bound(em.createNativeQuery(sql.text()), sql.parameters()).getResultList();
        List<MessageHit> hits = new ArrayList<>(Math.min(rows.size(), limit));
        String next = null;
        for (int i = 0; i < rows.size() && i < limit; i++) {
            Object[] c = (Object[]) rows.get(i);
            hits.add(new MessageHit((String) c[0], (String) c[1], ((Number) c[2]).longValue(), (String) c[3], NativeQueries.instant(c[4]),
                    NativeQueries.instant(c[5]), Snippets.parts((String) c[7])));
            if (i == limit - 1 && rows.size() > limit) {
                next = (query.newestFirst() ? new SearchCursor(null, (String) c[0], null)
                        : new SearchCursor(((Number) c[6]).floatValue(), (String) c[0], (String) c[8])).encode();
            }
        }
        return new MessageSearchPage(hits, next);
    }

    /**
     * The SQL of a page of message hits: the caller's rooms (a join on their memberships), the
     * filters, the page after the cursor, then the snippets of the page only ({@code ts_headline}
     * reads the whole text). Newest first takes the hits by id (UUIDv7: ids grow with time).
     * Relevance ranks the newest {@code window} hits (a rank is computed per hit, and a word in a
     * third of a million messages made that a second's work); the first page's newest hit bounds
     * the window of the pages after it, so that messages stored meanwhile do not move it.
     *
     * <p>The hits are taken in two steps, because neither of PostgreSQL's two ways is good for
     * every query: walking the primary key backwards and testing each message finds a common word's
     * newest hits in a few milliseconds but reads the whole table for a rare phrase (whose share the
     * planner overestimates), while the GIN index finds a rare word's hits at once but fetches every
     * row of a common one. So: first the walk, over the newest {@code recentMessages} messages only,
     * then, only if that did not fill the page or window, the index (by room and words) over the
     * older rest: a query whose hits are too few in the newest messages to fill the window is rare
     * enough that fetching its older hits is cheap (a phrase less so: the index finds the messages
     * with all of its words, and only the rows tell which have them in order). Public for the test
     * that reads its plan.
     */
    public static Sql messagesSql(String callerId, String language, String text, MessageQuery query, SearchCursor after, int limit,
                                  int window, int recentMessages) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder scope = new StringBuilder("""
                SELECT m.message_id, m.room_id, m.seq, m.sender_id, m.sent_at, m.edited_at, m.content, m.search_vector, q.q
                FROM messages m
                JOIN chat_room_members rm ON rm.room_id = m.room_id AND rm.user_id = %s
                CROSS JOIN (SELECT websearch_to_tsquery(CAST(%s AS regconfig), %s) AS q) q
                WHERE m.search_vector @@ q.q AND m.deleted_at IS NULL""".formatted(parameter(parameters, callerId),
                parameter(parameters, language), parameter(parameters, text)));
        if (query.roomId() != null) {
            scope.append(" AND m.room_id = ").append(parameter(parameters, query.roomId()));
        }
        if (query.senderId() != null) {
            scope.append(" AND m.sender_id = ").append(parameter(parameters, query.senderId()));
        }
        if (query.since() != null) {
            scope.append(" AND m.sent_at >= ").append(parameter(parameters, query.since().atOffset(ZoneOffset.UTC)));
        }
        if (query.until() != null) {
            scope.append(" AND m.sent_at < ").append(parameter(parameters, query.until().atOffset(ZoneOffset.UTC)));
        }
        String upTo = query.newestFirst() ? (after == null ? null : after.messageId()) : (after == null ? null : after.windowTop());
        if (upTo != null) {
            scope.append(query.newestFirst() ? " AND m.message_id < " : " AND m.message_id <= ").append(parameter(parameters, upTo));
        }
        // the same scope twice (each placeholder its own): the walk over the newest messages, then the index over the rest
        String scopeShape = scope.toString().replaceAll("\\?\\d+", "%s");
        List<Object> scopeParameters = List.copyOf(parameters);
        int wanted = query.newestFirst() ? limit + 1 : window;
        String recent = scope + " AND m.message_id >= (SELECT id FROM bound) ORDER BY m.message_id DESC LIMIT " + parameter(parameters, wanted);
        String older = "SELECT * FROM (" + again(scopeShape, scopeParameters, parameters) + " AND m.message_id < (SELECT id FROM bound)"
                + " OFFSET 0) o ORDER BY o.message_id DESC LIMIT GREATEST(0, " + parameter(parameters, wanted) + " - (SELECT count(*) FROM recent))";
        String hits = "WITH bound AS (SELECT coalesce((SELECT message_id FROM messages ORDER BY message_id DESC OFFSET "
                + parameter(parameters, recentMessages) + " LIMIT 1), '') AS id), recent AS MATERIALIZED (" + recent
                + "), older AS MATERIALIZED (" + older + "), hits AS (SELECT * FROM recent UNION ALL SELECT * FROM older) ";
        String page;
        String order;
        if (query.newestFirst()) {
            order = "message_id DESC";
            page = "SELECT h.*, NULL AS rank, NULL AS window_top FROM hits h ORDER BY h.message_id DESC LIMIT " + parameter(parameters, limit + 1);
        } else {
            String ranked = "SELECT w.*, ts_rank_cd(w.search_vector, w.q) AS rank, max(w.message_id) OVER () AS window_top FROM hits w";
            StringBuilder filtered = new StringBuilder("SELECT r.* FROM (" + ranked + ") r");
            if (after != null) {
                filtered.append(" WHERE r.rank < CAST(").append(parameter(parameters, after.rank())).append(" AS real) OR (r.rank = CAST(")
                        .append(parameter(parameters, after.rank())).append(" AS real) AND r.message_id < ")
                        .append(parameter(parameters, after.messageId())).append(")");
            }
            order = "rank DESC, message_id DESC";
            page = filtered + " ORDER BY " + order + " LIMIT " + parameter(parameters, limit + 1);
        }
        String sql = hits + "SELECT h.message_id, h.room_id, h.seq, h.sender_id, h.sent_at, h.edited_at, h.rank, "
                + "ts_headline(CAST(" + parameter(parameters, language) + " AS regconfig), translate(h.content, "
                + parameter(parameters, "" + Snippets.START + Snippets.STOP) + ", ''), h.q, " + parameter(parameters, HEADLINE_OPTIONS)
                + "), h.window_top FROM (" + page + ") h ORDER BY " + order;
        return new Sql(sql, parameters);
    }

    /** The scope's SQL once more, with placeholders of its own for the same values. */
    private static String again(String scopeShape, List<Object> scopeParameters, List<Object> parameters) {
        return scopeShape.formatted(scopeParameters.stream().map(value -> parameter(parameters, value)).toArray());
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
