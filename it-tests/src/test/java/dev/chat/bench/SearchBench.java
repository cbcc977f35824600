package dev.chat.bench;

import dev.chat.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code search} scenario (docs/benchmarks.md, "Search"): {@code bench.search.messages}
 * (1,000,000) messages in {@code bench.search.rooms} (200) rooms, written with SQL straight into
 * the product's tables (the product indexes them as it would its own: the generated tsvector column
 * and its GIN index), word frequencies skewed like a language's (a few words in many messages, most
 * in few); then searches through the REST API, one at a time, by two people: a member of a tenth
 * of the rooms and a member of all of them, each query in both sorts. Prints and writes (JSON, for
 * {@link Medians}) the latency of each kind and of all.
 */
public final class SearchBench {
    /** Most common first: the fill picks word i with a probability falling with i (random()^3). */
    private static final List<String> WORDS = List.of(
            "the", "meeting", "today", "report", "release", "please", "thanks", "review", "update", "team",
            "deploy", "question", "tomorrow", "lunch", "customer", "issue", "server", "design", "budget", "plan",
            "weekend", "coffee", "ticket", "draft", "launch", "sprint", "invoice", "contract", "schedule", "office",
            "database", "migration", "holiday", "feedback", "roadmap", "metrics", "incident", "outage", "backup", "latency",
            "kubernetes", "payroll", "onboarding", "quarterly", "presentation", "workshop", "conference", "deadline", "estimate", "prototype",
            "analytics", "dashboard", "firewall", "certificate", "keyboard", "monitor", "printer", "projector", "whiteboard", "calendar",
            "brainstorm", "retrospective", "standup", "demo", "hiring", "interview", "candidate", "offer", "salary", "benefits",
            "travel", "flight", "hotel", "visa", "passport", "taxi", "train", "airport", "luggage", "itinerary",
            "birthday", "anniversary", "party", "cake", "gift", "flowers", "dinner", "restaurant", "reservation", "menu",
            "zeppelin", "quokka", "marmalade", "xylophone", "kaleidoscope", "origami", "harmonica", "labyrinth", "nebula", "saxophone");

    private record Kind(String name, String query, String searcher, String sort) {
    }

    private SearchBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.search.messages", 1_000_000);
        int rooms = Integer.getInteger("bench.search.rooms", 200);
        int queries = Integer.getInteger("bench.search.queries", 40);
        URI base = URI.create(System.getProperty("bench.productUrls", "http://127.0.0.1:18080").split(",")[0]);
        Path output = Path.of(System.getProperty("bench.output", "target/bench"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        BenchSetup setup = new BenchSetup(http, base);
        List<BenchSetup.User> people = setup.users(2);
        BenchSetup.User few = people.get(0);
        BenchSetup.User all = people.get(1);
        long fillStarted = System.nanoTime();
        try (Connection db = TestEnvironment.openDatabase()) {
            fill(db, messages, rooms, few.id(), all.id());
        }
        double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;
        System.out.printf("[search] %,d messages in %d rooms written and analysed in %.0f s%n", messages, rooms, fillSeconds);

        Map<String, String> tokens = Map.of("tenth", few.token(), "all", all.token());
        List<Kind> kinds = List.of(
                new Kind("common word", "meeting", "tenth", "relevance"), new Kind("common word", "meeting", "tenth", "newest"),
                new Kind("common word", "meeting", "all", "relevance"), new Kind("common word", "meeting", "all", "newest"),
                new Kind("middle word", "dashboard", "all", "relevance"), new Kind("middle word", "dashboard", "all", "newest"),
                new Kind("rare word", "quokka", "all", "relevance"), new Kind("rare word", "quokka", "all", "newest"),
                new Kind("two words", "release deadline", "all", "relevance"), new Kind("phrase", "\"quarterly report\"", "all", "relevance"),
                new Kind("stem", "deploying", "tenth", "relevance"), new Kind("nothing", "abracadabra", "all", "relevance"));
        Histogram allSearches = new Histogram(60_000_000L, 3);
        Map<String, Histogram> byKind = new LinkedHashMap<>();
        for (int round = -3; round < queries; round++) { // three rounds of warm-up: plans and caches, as a running node has them
            for (Kind kind : kinds) {
                String path = "/api/v1/search/messages?q=" + URLEncoder.encode(kind.query(), StandardCharsets.UTF_8) + "&sort=" + kind.sort();
                long started = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + tokens.get(kind.searcher())).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long micros = (System.nanoTime() - started) / 1000;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
                }
                if (round >= 0) {
                    allSearches.recordValue(micros);
                    byKind.computeIfAbsent(kind.name() + " (" + kind.searcher() + ", " + kind.sort() + ")", k -> new Histogram(60_000_000L, 3))
                            .recordValue(micros);
                }
            }
        }

        StringBuilder table = new StringBuilder(String.format("%n=== search: %,d messages, %d rooms, %d searches%n", messages, rooms,
                allSearches.getTotalCount()));
        JsonObjectBuilder kindsJson = Json.createObjectBuilder();
        byKind.forEach((kind, histogram) -> {
            table.append(String.format("%-48s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n", kind, LoadGenerator.ms(histogram, 50),
                    LoadGenerator.ms(histogram, 95), histogram.getMaxValue() / 1000.0));
            kindsJson.add(kind, LoadGenerator.percentiles(histogram));
        });
        table.append(String.format("%-48s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n", "all", LoadGenerator.ms(allSearches, 50),
                LoadGenerator.ms(allSearches, 95), allSearches.getMaxValue() / 1000.0));
        System.out.println(table);
        var json = Json.createObjectBuilder().add("target", "product").add("scenario", "search").add("messages", messages).add("rooms", rooms)
                .add("fillSeconds", fillSeconds).add("searchMs", LoadGenerator.percentiles(allSearches)).add("searchKindsMs", kindsJson);
        Files.createDirectories(output);
        Path file = output.resolve("search-" + Instant.now().toString().replace(':', '-') + ".json");
        Files.writeString(file, Json.createArrayBuilder().add(json).build().toString());
        System.out.println("JSON: " + file.toAbsolutePath());
        System.exit(LoadGenerator.ms(allSearches, 95) < 200 ? 0 : 3);
    }

    /**
     * Rooms {@code bench-search-<n>}, the two searchers as members (one of every tenth room, one of
     * all), messages of 6 to 17 words each from {@link #WORDS}, two seconds apart, with time-ordered
     * (UUIDv7-shaped) ids as the product gives them, sequences, then ANALYZE: what the
     * planner of a database that has lived with these rows would know. (The {@code 0 * n} ties the
     * word's aggregate to its own subquery: with only outer columns in it, PostgreSQL would make it
     * an aggregate of the outer query.)
     */
    private static void fill(Connection db, int messages, int rooms, String tenth, String everyone) throws Exception {
        try (Statement sql = db.createStatement()) {
            sql.execute("SET synchronous_commit = off");
            sql.execute("DELETE FROM messages WHERE room_id LIKE 'bench-search-%'");
            sql.execute("DELETE FROM room_sequences WHERE room_id LIKE 'bench-search-%'");
            sql.execute("DELETE FROM chat_rooms WHERE id LIKE 'bench-search-%'");
        }
        try (PreparedStatement roomsSql = db.prepareStatement("""
                INSERT INTO chat_rooms (id, name, type, created_by, created_at)
                SELECT 'bench-search-' || r, 'search ' || r, 'group', ?, now() FROM generate_series(0, ? - 1) r""")) {
            roomsSql.setString(1, everyone);
            roomsSql.setInt(2, rooms);
            roomsSql.executeUpdate();
        }
        try (PreparedStatement members = db.prepareStatement("""
                INSERT INTO chat_room_members (room_id, user_id, role, joined_at)
                SELECT 'bench-search-' || r, ?, 'owner', now() FROM generate_series(0, ? - 1) r
                UNION ALL SELECT 'bench-search-' || r, ?, 'member', now() FROM generate_series(0, ? - 1, 10) r""")) {
            members.setString(1, everyone);
            members.setInt(2, rooms);
            members.setString(3, tenth);
            members.setInt(4, rooms);
            members.executeUpdate();
        }
        // in slices, so that no one statement holds a million rows' worth of GIN work in memory
        int slice = 100_000;
        try (PreparedStatement fill = db.prepareStatement("""
                INSERT INTO messages (message_id, room_id, seq, sender_id, content, sent_at, stored_at)
                SELECT format('%s-%s-7%s-8%s-%s', substr(t.h, 1, 8), substr(t.h, 9, 4), substr(t.r, 1, 3), substr(t.r, 4, 3), substr(t.r, 7, 12)),
                       'bench-search-' || (i % ?), i / ? + 1, ?,
                       (SELECT string_agg(w[1 + floor(power(random(), 3) * array_length(w, 1))::int + 0 * n], ' ')
                        FROM generate_series(1, 6 + (i % 12)) AS k(n)),
                       t.sent_at, now()
                FROM generate_series(?, ? - 1) AS i, (SELECT ?::text[] AS w) AS words,
                     LATERAL (SELECT now() - make_interval(secs => (? - i) * 2) AS sent_at) AS s,
                     LATERAL (SELECT lpad(to_hex((extract(epoch FROM s.sent_at) * 1000)::bigint), 12, '0') AS h, md5(i::text) AS r,
                                     s.sent_at) AS t""")) {
            for (int from = 0; from < messages; from += slice) {
                fill.setInt(1, rooms);
                fill.setInt(2, rooms);
                fill.setString(3, everyone);
                fill.setInt(4, from);
                fill.setInt(5, Math.min(messages, from + slice));
                fill.setArray(6, db.createArrayOf("text", WORDS.toArray()));
                fill.setInt(7, messages);
                fill.executeUpdate();
            }
        }
        try (Statement sql = db.createStatement()) {
            sql.execute("""
                    INSERT INTO room_sequences (room_id, last_seq, last_message_at)
                    SELECT room_id, max(seq), max(sent_at) FROM messages WHERE room_id LIKE 'bench-search-%' GROUP BY room_id""");
            sql.execute("ANALYZE messages");
            sql.execute("ANALYZE chat_room_members");
        }
    }
}
