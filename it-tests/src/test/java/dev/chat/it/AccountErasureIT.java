package dev.chat.it;

import dev.chat.api.MembershipChange;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.Membership;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.MessageDeleted;
import dev.chat.api.frame.React;
import dev.chat.api.frame.Reaction;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.BlockRequest;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.MemberView;
import dev.chat.api.rest.MessageSearchPage;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.RedisProbe;
import dev.chat.it.support.TestEnvironment;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deleted account is erased (docs/privacy.md): its messages deleted as their author would delete
 * them (the room is told, history and search no longer have them), its reactions, memberships,
 * Redis keys and name gone, the account row left as a tombstone. Checked from outside (a member's
 * socket, history, search) and in the stores themselves (PostgreSQL, Redis).
 */
class AccountErasureIT extends AliceAndBobInAGroup {

    @Test
    void aDeletedAccountIsErasedEverywhereAndTheRoomIsTold() throws Exception {
        List<String> sent = new ArrayList<>();
        String bobsMessageId;
        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            for (int i = 1; i <= 3; i++) {
                String content = "periwinkle secret number " + i + " for @" + bob.username();
                aliceSession.send(new SendMessage(room, content, "erase-" + i, null));
                aliceSession.await(Ack.class, ack -> ack.clientMsgId().startsWith("erase-"));
                sent.add(bobSession.await(MessageDelivered.class, m -> content.equals(m.content())).messageId());
            }
            bobSession.send(new SendMessage(room, "bob's own words stay", "bob-1", null));
            String bobs = aliceSession.await(MessageDelivered.class, m -> "bob's own words stay".equals(m.content())).messageId();
            bobsMessageId = bobs;
            aliceSession.send(new React(room, bobs, "👍"));
            bobSession.send(new React(room, sent.get(0), "🎉"));
            bobSession.await(Reaction.class, r -> r.messageId().equals(bobs));
            bobSession.await(Reaction.class, r -> r.messageId().equals(sent.get(0)));
            assertThat(search(bob.accessToken(), "periwinkle").hits()).hasSize(3);
            // blocks both ways go with her
            TestUser carol = TestUser.register(api, "carol");
            assertThat(api.post("users/me/blocks", new BlockRequest(carol.id()), alice.accessToken()).statusCode()).isEqualTo(200);
            assertThat(api.post("users/me/blocks", new BlockRequest(alice.id()), carol.accessToken()).statusCode()).isEqualTo(200);

            assertThat(api.delete("users/me", alice.accessToken()).statusCode()).isEqualTo(204);

            // the room is told each of her messages was deleted; the room she owned alone passes to bob
            Set<String> deleted = new HashSet<>();
            while (deleted.size() < 3) {
                deleted.add(bobSession.await(MessageDeleted.class, m -> sent.contains(m.messageId()), Duration.ofSeconds(20)).messageId());
            }
            Membership heir = bobSession.await(Membership.class, m -> m.change() == MembershipChange.ROLE_CHANGED, Duration.ofSeconds(20));
            assertThat(heir.userId()).isEqualTo(bob.id());
            assertThat(heir.role()).isEqualTo("owner");
        }
        awaitErased(alice.id());
        assertThat(ApiClient.readList(api.get("rooms/" + room + "/members", bob.accessToken()), MemberView.class))
                .extracting(MemberView::userId).containsExactly(bob.id());

        for (String messageId : sent) {
            MessageView message = ApiClient.read(api.get("rooms/" + room + "/messages/" + messageId, bob.accessToken()), MessageView.class);
            assertThat(message.deleted()).isTrue();
            assertThat(message.content()).isNull();
        }
        MessageView bobsMessage = ApiClient.read(api.get("rooms/" + room + "/messages/" + bobsMessageId, bob.accessToken()), MessageView.class);
        assertThat(bobsMessage.content()).isEqualTo("bob's own words stay");
        assertThat(bobsMessage.reactions()).isNullOrEmpty(); // her reaction went with her
        assertThat(search(bob.accessToken(), "periwinkle").hits()).isEmpty();

        try (Connection db = TestEnvironment.openDatabase()) {
            assertThat(single(db, "SELECT username FROM users WHERE id = ?", alice.id())).startsWith("deleted-");
            assertThat(single(db, "SELECT coalesce(display_name, '') || coalesce(email, '') FROM users WHERE id = ?", alice.id())).isEmpty();
            for (String table : List.of("reactions", "message_mentions", "chat_room_members", "refresh_tokens", "push_subscriptions",
                    "notification_decisions")) {
                assertThat(single(db, "SELECT count(*) FROM " + table + " WHERE user_id = ?", alice.id())).as(table).isEqualTo("0");
            }
            assertThat(single(db, "SELECT count(*) FROM user_blocks b, (SELECT ?::text AS id) erased"
                    + " WHERE b.blocker_id = erased.id OR b.blocked_id = erased.id", alice.id())).isEqualTo("0");
            assertThat(single(db, "SELECT count(*) FROM messages WHERE sender_id = ? AND (content IS NOT NULL"
                    + " OR search_vector <> ''::tsvector)", alice.id())).isEqualTo("0");
        }
        assertThat(RedisProbe.exists("presence:user:{" + alice.id() + "}")).isFalse();
        assertThat(RedisProbe.exists("presence:state:{" + alice.id() + "}")).isFalse();
        assertThat(RedisProbe.exists("ratelimit:window:{" + alice.id() + "}")).isFalse();

        // her name is free again; the old login is not hers
        assertThat(api.post("auth/login", new LoginRequest(alice.username(), alice.password()), null).statusCode()).isEqualTo(401);
        assertThat(api.post("auth/register", new RegisterRequest(alice.username(), "another passphrase", null, null), null).statusCode())
                .isEqualTo(201);
    }

    private MessageSearchPage search(String token, String words) {
        var response = api.get("search/messages?q=" + URLEncoder.encode(words, StandardCharsets.UTF_8), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.read(response, MessageSearchPage.class);
    }

    private static void awaitErased(String userId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection db = TestEnvironment.openDatabase()) {
            while (!"1".equals(single(db, "SELECT count(*) FROM account_erasures WHERE user_id = ? AND completed_at IS NOT NULL", userId))) {
                assertThat(System.nanoTime()).as("erasure of %s completed within 30 s", userId).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static String single(Connection db, String sql, String parameter) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
