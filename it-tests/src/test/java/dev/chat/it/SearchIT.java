package dev.chat.it;

import dev.chat.api.rest.EditMessageRequest;
import dev.chat.api.rest.MessageHit;
import dev.chat.api.rest.MessageSearchPage;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.api.rest.SentMessageView;
import dev.chat.api.rest.UserView;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestEnvironment;
import dev.chat.it.support.TestUser;
import dev.chat.search.boundary.Search;
import dev.chat.search.control.SearchPlan;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Search over the real database (Payara Micro only: nothing here depends on the packaging):
 * words and their stems, only in rooms the caller is a member of now, edits and deletions at once,
 * pages that hold still while messages arrive, people by the start of their names, and a plan that
 * uses the index on a table of 100,000 messages.
 */
class SearchIT extends AliceAndBobInAGroup {

    private String send(TestUser sender, String content) {
        HttpResponse<String> sent = api.post("rooms/" + room + "/messages", new SendMessageRequest(content, null, null), sender.accessToken());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        return ApiClient.read(sent, SentMessageView.class).messageId();
    }

    private void awaitStored(int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> StoredMessages.of(room).size() >= count);
    }

    private MessageSearchPage search(TestUser user, String query) {
        HttpResponse<String> response = api.get("search/messages?" + query, user.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.read(response, MessageSearchPage.class);
    }

    private static String q(String words) {
        return "q=" + URLEncoder.encode(words, StandardCharsets.UTF_8);
    }

    @Test
    void wordsAreFoundByTheirStemAndTheSnippetMarksTheHits() {
        String late = send(alice, "We are running late for the meeting, start without us");
        send(alice, "Lunch at noon?");
        awaitStored(2);

        MessageSearchPage page = search(bob, q("run"));

        assertThat(page.hits()).extracting(MessageHit::messageId).containsExactly(late);
        MessageHit hit = page.hits().get(0);
        assertThat(hit.roomId()).isEqualTo(room);
        assertThat(hit.seq()).isEqualTo(1);
        assertThat(hit.snippet()).filteredOn(MessageHit.SnippetPart::hit).extracting(MessageHit.SnippetPart::text).containsExactly("running");
        assertThat(page.nextCursor()).isNull();
        assertThat(search(bob, q("\"running late\" -lunch")).hits()).hasSize(1); // as people type: a phrase, a word left out
    }

    @Test
    void onlyRoomsTheCallerIsAMemberOfNowAreSearched() {
        send(alice, "the quarterly numbers are in");
        awaitStored(1);
        TestUser carol = TestUser.register(api, "carol");

        assertThat(search(carol, q("quarterly")).hits()).isEmpty();
        assertThat(search(bob, q("quarterly")).hits()).hasSize(1);
        assertThat(api.delete("rooms/" + room + "/members/" + bob.id(), alice.accessToken()).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(search(bob, q("quarterly")).hits()).isEmpty());
    }

    @Test
    void editsAreFoundAtOnceAndDeletedMessagesAreNot() {
        String messageId = send(alice, "see you at the meeting");
        awaitStored(1);
        assertThat(api.patch("rooms/" + room + "/messages/" + messageId, new EditMessageRequest("see you at the gathering"), alice.accessToken())
                .statusCode()).isEqualTo(200);

        assertThat(search(bob, q("gathering")).hits()).hasSize(1);
        assertThat(search(bob, q("meeting")).hits()).isEmpty();
        assertThat(api.delete("rooms/" + room + "/messages/" + messageId, alice.accessToken()).statusCode()).isEqualTo(204);
        assertThat(search(bob, q("gathering")).hits()).isEmpty();
    }

    @Test
    void pagesHoldStillWhileMessagesArriveInBothSorts() throws Exception {
        for (int i = 1; i <= 25; i++) {
            send(alice, "status report number " + i);
        }
        awaitStored(25);
        for (String sort : List.of("newest", "relevance")) {
            List<String> seen = new ArrayList<>();
            MessageSearchPage page = search(bob, q("report") + "&sort=" + sort + "&limit=10");
            page.hits().forEach(hit -> seen.add(hit.messageId()));
            send(alice, "a late report arrives while " + sort + " pages are read");
            while (page.nextCursor() != null) {
                page = search(bob, q("report") + "&sort=" + sort + "&limit=10&cursor=" + page.nextCursor());
                page.hits().forEach(hit -> seen.add(hit.messageId()));
            }
            Set<String> unique = new HashSet<>(seen);
            assertThat(unique).as(sort + ": no hit twice").hasSize(seen.size());
            assertThat(seen.size()).as(sort + ": the 25 and perhaps what arrived").isGreaterThanOrEqualTo(25);
            List<String> originals = StoredMessages.of(room).stream().filter(row -> row.content().startsWith("status report"))
                    .map(StoredMessages.Row::messageId).toList();
            assertThat(seen).as(sort + ": none of the first 25 lost").containsAll(originals);
        }
        MessageSearchPage newest = search(bob, q("report") + "&sort=newest&limit=3");
        assertThat(newest.hits().get(0).ts()).isAfterOrEqualTo(newest.hits().get(2).ts());
        assertThat(api.get("search/messages?" + q("report") + "&sort=newest&cursor=garbage", bob.accessToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void peopleAreFoundByTheStartOfTheirNames() {
        HttpResponse<String> response = api.get("search/users?q=" + alice.username().substring(0, alice.username().length() - 1), bob.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ApiClient.readList(response, UserView.class)).extracting(UserView::id).contains(alice.id());
        assertThat(api.get("search/users?q=", bob.accessToken()).statusCode()).isEqualTo(400);
    }

    /**
     * 100,000 messages in one room (written with SQL, not through the product), ANALYZE, then the
     * plans of the search's two steps for a word in ten of them: the older step reads the
     * full-text index, not the room; the walk over the newest messages reads the primary key.
     */
    @Test
    void onAHundredThousandMessagesTheSearchUsesTheIndex() throws Exception {
        try (Connection db = TestEnvironment.openDatabase()) {
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO messages (message_id, room_id, seq, sender_id, content, sent_at, stored_at)
                    SELECT gen_random_uuid()::text, ?, g, ?,
                           CASE WHEN g % 10000 = 0 THEN 'a zebra crossed the road, number ' || g ELSE 'ordinary words, number ' || g END,
                           now(), now()
                    FROM generate_series(1, 100000) g""")) {
                insert.setString(1, room);
                insert.setString(2, alice.id());
                insert.executeUpdate();
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("ANALYZE messages");
            }
            // the older step of the search as it runs when the walk over the newest messages found
            // too few (relevance, the first page): its settings in this transaction, then its plan
            db.setAutoCommit(false);
            Search.Sql settings = Search.plannerSettings(SearchPlan.Access.INDEX);
            Search.Sql sql = Search.hitsSql(bob.id(), "english", "zebra",
                    new Search.MessageQuery("zebra", null, null, null, null, false, null, null),
                    new Search.IdRange(null, "ffffffff", false), 500, SearchPlan.Access.INDEX, true, false);
            // and the walk over the newest messages, which reads the primary key backwards and stops at the limit
            Search.Sql walkSettings = Search.plannerSettings(SearchPlan.Access.WALK);
            Search.Sql walk = Search.hitsSql(bob.id(), "english", "zebra",
                    new Search.MessageQuery("zebra", null, null, null, null, false, null, null),
                    new Search.IdRange("0", null, false), 500, SearchPlan.Access.WALK, true, false);
            String plan;
            String walkPlan;
            try {
                run(db, settings, "");
                plan = run(db, sql, "EXPLAIN ");
                run(db, walkSettings, "");
                walkPlan = run(db, walk, "EXPLAIN ");
            } finally {
                db.rollback();
                db.setAutoCommit(true);
            }
            assertThat(plan).as(plan).contains("Bitmap Index Scan on messages_room_search");
            assertThat(walkPlan).as(walkPlan).contains("Index Scan Backward using messages_pkey").doesNotContain("Bitmap");
        }
        MessageSearchPage zebras = search(bob, q("zebras") + "&limit=6");
        assertThat(zebras.hits()).hasSize(6);
        assertThat(search(bob, q("zebras") + "&limit=6&cursor=" + zebras.nextCursor()).hits()).hasSize(4);
    }

    /** A native query of the product through JDBC: JPA's numbered placeholders (?7) as JDBC's (?), bound in the order they stand in the text. */
    private static String run(Connection db, Search.Sql sql, String prefix) throws Exception {
        List<Object> values = new ArrayList<>();
        java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\?(\\d+)").matcher(sql.text());
        while (placeholder.find()) {
            values.add(sql.parameters().get(Integer.parseInt(placeholder.group(1)) - 1));
        }
        StringBuilder result = new StringBuilder();
        try (PreparedStatement statement = db.prepareStatement(prefix + sql.text().replaceAll("\\?\\d+", "?"))) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.append(rows.getString(1)).append('\n');
                }
            }
        }
        return result.toString();
    }
}
