package dev.chat.search.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.MessageHit;
import dev.chat.api.rest.MessageSearchPage;
import dev.chat.api.rest.UserView;
import dev.chat.block.boundary.Blocks;
import dev.chat.crypto.boundary.Contents;
import dev.chat.platform.persistence.NativeQueries;
import dev.chat.platform.persistence.SchemaMigration;
import dev.chat.search.control.SearchCursor;
import dev.chat.search.control.SearchHit;
import dev.chat.search.control.SearchPlan;
import dev.chat.search.control.SearchPlan.Access;
import dev.chat.search.control.Snippets;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Searches (docs/rest-api.md, "Search"). Messages: PostgreSQL full-text search over the index the
 * database keeps with every message ({@code search_vector}, V7: written in the transaction that
 * stores or edits it, so search is never behind history), only in rooms the caller is a member of
 * now, deleted messages and those moderation hid never; {@code websearch_to_tsquery} reads the query as people type it
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

    /** How many of the newest messages the first step of a search walks one by one ({@link SearchPlan}). */
    @Inject
    @ConfigProperty(name = "chat.search.recent-messages", defaultValue = "50000")
    int recentMessages;

    /** How far beyond them the second step walks on, when the first step's hits promise the rest within it ({@link SearchPlan}). */
    @Inject
    @ConfigProperty(name = "chat.search.walk-limit", defaultValue = "100000")
    long walkLimit;

    @Inject
    Blocks blocks;

    @Inject
    Contents contents;

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

    /** Message ids from {@code from} (inclusive; null: the oldest) up to {@code to} (null: the newest). */
    public record IdRange(String from, String to, boolean toInclusive) {
        static final IdRange ALL = new IdRange(null, null, false);
    }

    /** @throws ChatException NOT_OFFERED while messages are sealed at rest: the index holds plain text only (docs/privacy.md) */
    public MessageSearchPage messages(String callerId, MessageQuery query) {
        if (contents.sealing()) {
            throw new ChatException(ErrorCode.NOT_OFFERED, "message search is off while messages are encrypted at rest (chat.crypto.enabled)");
        }
        String text = query.text() == null ? "" : query.text().strip();
        if (text.isEmpty() || text.length() > MAX_QUERY) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "q must have 1 to " + MAX_QUERY + " characters");
        }
        int limit = query.limit() == null ? DEFAULT_PAGE : Math.max(1, Math.min(MAX_PAGE, query.limit()));
        boolean byRelevance = !query.newestFirst();
        SearchCursor after = query.cursor() == null || query.cursor().isBlank() ? null : SearchCursor.decode(query.cursor(), byRelevance);
        // relevance: the window of the first page (its newest hit on); newest first: the hits after the cursor
        IdRange scope = after == null ? IdRange.ALL
                : byRelevance ? new IdRange(null, after.windowTop(), true) : new IdRange(null, after.messageId(), false);
        int wanted = byRelevance ? relevanceWindow : limit + 1;
        boolean hideBlocked = !blocks.hiddenFrom(callerId).isEmpty(); // almost never: then the plans stay as measured

        String recentFloor = newest(scope, recentMessages);
        List<SearchHit> hits = hits(callerId, text, query, new IdRange(recentFloor, scope.to(), scope.toInclusive()), wanted,
                Access.WALK, byRelevance, hideBlocked);
        if (hits.size() < wanted && recentFloor != null) {
            Access access = SearchPlan.afterWalk(hits.size(), wanted, recentMessages, walkLimit);
            hits.addAll(hits(callerId, text, query, new IdRange(null, recentFloor, false), wanted - hits.size(), access, byRelevance,
                    hideBlocked));
        }
        SearchPlan.Page page = SearchPlan.page(hits, after, byRelevance, limit);
        return new MessageSearchPage(shown(text, page.hits()), page.next() == null ? null : page.next().encode());
    }

    /** The id of the {@code count}-th newest message of the range (the oldest a walk over them reads), null if it has fewer. */
    private String newest(IdRange range, int count) {
        List<Object> parameters = new ArrayList<>();
        String below = range.to() == null ? "" : " WHERE message_id " + (range.toInclusive() ? "<= " : "< ") + parameter(parameters, range.to());
        List<?> ids = NativeQueries.withParameters(em, "SELECT message_id FROM messages" + below + " ORDER BY message_id DESC OFFSET "
                + parameter(parameters, count - 1) + " LIMIT 1", parameters.toArray()).getResultList();
        return ids.isEmpty() ? null : (String) ids.get(0);
    }

    private List<SearchHit> hits(String callerId, String text, MessageQuery query, IdRange range, int limit, Access access,
                                 boolean ranked, boolean hideBlocked) {
        Sql settings = plannerSettings(access);
        NativeQueries.withParameters(em, settings.text(), settings.parameters().toArray()).getResultList();
        Sql sql = hitsSql(callerId, language, text, query, range, limit, access, ranked, hideBlocked);
        List<?> rows = NativeQueries.withParameters(em, sql.text(), sql.parameters().toArray()).getResultList();
        List<SearchHit> hits = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            hits.add(new SearchHit((String) c[0], c[1] == null ? null : ((Number) c[1]).floatValue()));
        }
        return hits;
    }

    /**
     * The settings of the transaction for a step: the access SearchPlan chose, and a plan for these
     * values (a generic plan, PostgreSQL's choice after five runs of a prepared statement, knows
     * neither the words nor the limits, and took a common word's search from 20 ms to 700).
     * Public for the test that reads the plan.
     */
    public static Sql plannerSettings(Access access) {
        // a walk: no bitmap (the index) and no sort (which would let it read a room's messages by the
        // room's index, all of them, and sort them); the index: no plain index scan (the walk)
        boolean walk = access == Access.WALK;
        return new Sql("SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('enable_seqscan', 'off', true), "
                + "set_config('enable_bitmapscan', ?1, true), set_config('enable_sort', ?2, true), set_config('enable_indexscan', ?3, true)",
                List.of(walk ? "off" : "on", walk ? "off" : "on", walk ? "on" : "off"));
    }

    /**
     * The SQL of one step: the newest {@code limit} messages of {@code range} that match, in the
     * caller's rooms (a join on their memberships), with the filters; ranked ({@code ts_rank_cd})
     * when asked, for the hits taken only. {@link Access#WALK} orders by id with the limit in the
     * same query (the walk stops at the limit); {@link Access#INDEX} keeps the index scan apart
     * ({@code OFFSET 0}) from the memberships, so that PostgreSQL reads the index once for the words
     * instead of once per room of the caller (200 scans of a common word's entries: half a second).
     * {@code hideBlocked}: leave out the messages of senders the caller blocked.
     * Public for the test that reads its plan.
     */
    public static Sql hitsSql(String callerId, String language, String text, MessageQuery query, IdRange range, int limit,
                              Access access, boolean ranked, boolean hideBlocked) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder matches = new StringBuilder("m.search_vector @@ q.q AND m.deleted_at IS NULL AND m.hidden_at IS NULL");
        if (query.roomId() != null) {
            matches.append(" AND m.room_id = ").append(parameter(parameters, query.roomId()));
        }
        if (query.senderId() != null) {
            matches.append(" AND m.sender_id = ").append(parameter(parameters, query.senderId()));
        }
        if (query.since() != null) {
            matches.append(" AND m.sent_at >= ").append(parameter(parameters, query.since().atOffset(ZoneOffset.UTC)));
        }
        if (query.until() != null) {
            matches.append(" AND m.sent_at < ").append(parameter(parameters, query.until().atOffset(ZoneOffset.UTC)));
        }
        if (hideBlocked) {
            matches.append(" AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = ").append(parameter(parameters, callerId))
                    .append(" AND b.blocked_id = m.sender_id)");
        }
        if (range.from() != null) {
            matches.append(" AND m.message_id >= ").append(parameter(parameters, range.from()));
        }
        if (range.to() != null) {
            matches.append(range.toInclusive() ? " AND m.message_id <= " : " AND m.message_id < ").append(parameter(parameters, range.to()));
        }
        String words = "CROSS JOIN (SELECT websearch_to_tsquery(" + configuration(language) + ", " + parameter(parameters, text) + ") AS q) q";
        String member = "JOIN chat_room_members rm ON rm.room_id = m.room_id AND rm.user_id = " + parameter(parameters, callerId);
        String newest = access == Access.WALK
                ? "SELECT m.message_id, m.search_vector, q.q FROM messages m " + member + " " + words + " WHERE " + matches
                : "SELECT m.message_id, m.search_vector, m.q FROM (SELECT m.message_id, m.room_id, m.search_vector, q.q FROM messages m "
                + words + " WHERE " + matches + " OFFSET 0) m " + member;
        String sql = "SELECT h.message_id, " + (ranked ? "ts_rank_cd(h.search_vector, h.q)" : "NULL") + " FROM (" + newest
                + " ORDER BY m.message_id DESC LIMIT " + parameter(parameters, limit) + ") h ORDER BY h.message_id DESC";
        return new Sql(sql, parameters);
    }

    /**
     * The page's hits as shown: where each is and a snippet ({@code ts_headline}, which reads the
     * whole text: only for the page), in the page's order; a hit deleted since it was found is left out.
     */
    private List<MessageHit> shown(String text, List<SearchHit> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT message_id, room_id, seq, sender_id, sent_at, edited_at, ts_headline(" + configuration(language)
                + ", translate(content, " + parameter(parameters, "" + Snippets.START + Snippets.STOP) + ", ''), websearch_to_tsquery("
                + configuration(language) + ", " + parameter(parameters, text) + "), " + parameter(parameters, HEADLINE_OPTIONS)
                + ") FROM messages WHERE deleted_at IS NULL AND hidden_at IS NULL AND message_id = ANY(string_to_array("
                + parameter(parameters, String.join(",", page.stream().map(SearchHit::messageId).toList())) + ", ','))";
        Map<String, MessageHit> found = new HashMap<>();
        for (Object row : NativeQueries.withParameters(em, sql, parameters.toArray()).getResultList()) {
            Object[] c = (Object[]) row;
            found.put((String) c[0], new MessageHit((String) c[0], (String) c[1], ((Number) c[2]).longValue(), (String) c[3],
                    NativeQueries.instant(c[4]), NativeQueries.instant(c[5]), Snippets.parts((String) c[6])));
        }
        return page.stream().map(hit -> found.get(hit.messageId())).filter(Objects::nonNull).toList();
    }

    /**
     * The text search configuration as a constant of the SQL, not a parameter: a text parameter
     * cast to regconfig is a lookup PostgreSQL does not fold into a constant, so the query's
     * {@code websearch_to_tsquery} was parsed again for every row it tested (a common word's
     * search: 30 ms instead of 8) and the planner could not read the words' frequencies.
     */
    private static String configuration(String language) {
        return "CAST('" + SchemaMigration.requireSearchLanguage(language) + "' AS regconfig)";
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
}
