package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.EditMessage;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.MessageEdited;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.Subscribed;
import dev.chat.api.rest.AddMemberRequest;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.BlockRequest;
import dev.chat.api.rest.BlockView;
import dev.chat.api.rest.CreateRoomRequest;
import dev.chat.api.rest.MessageHit;
import dev.chat.api.rest.MessageSearchPage;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.RoomView;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.TestEnvironment;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Blocking as the blocker and the blocked user meet it: the blocked user's messages reach the
 * blocker as placeholders everywhere (live, edits, history, one message, RESUME, room list, search,
 * notifications) while the rest of the room sees them whole; no direct room between the two.
 */
class BlockingIT extends AliceAndBobInAGroup {

    @Test
    void aBlockedUsersMessagesReachTheBlockerAsPlaceholdersWhileOthersSeeThem() throws Exception {
        TestUser carol = TestUser.register(api, "carol");
        assertThat(api.post("rooms/" + room + "/members", new AddMemberRequest(carol.id(), null),
                alice.accessToken()).statusCode()).isEqualTo(200);
        HttpResponse<String> blocked = api.post("users/me/blocks", new BlockRequest(alice.id()), bob.accessToken());
        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(200);
        assertThat(ApiClient.read(blocked, BlockView.class).username()).isEqualTo(alice.username());
        assertThat(api.post("users/me/blocks", new BlockRequest(alice.id()), bob.accessToken()).statusCode())
                .as("blocking again changes nothing").isEqualTo(200);
        assertThat(ApiClient.readList(api.get("users/me/blocks", bob.accessToken()), BlockView.class))
                .extracting(BlockView::userId).containsExactly(alice.id());

        String secret;
        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base);
             ChatClient carolSession = carol.connect(base)) {
            aliceSession.send(new SendMessage(room, "marmalade plans for @" + bob.username(), "block-1", null));
            aliceSession.await(Ack.class, ack -> ack.clientMsgId().equals("block-1"));
            MessageDelivered placeholder = bobSession.await(MessageDelivered.class, m -> m.roomId().equals(room));
            assertThat(placeholder.hidden()).isTrue();
            assertThat(placeholder.seq()).isEqualTo(1);
            assertThat(placeholder.senderId()).isEqualTo(alice.id());
            assertThat(placeholder.content()).isNull();
            assertThat(placeholder.mentions()).isNull();
            secret = placeholder.messageId();
            MessageDelivered whole = carolSession.await(MessageDelivered.class, m -> m.messageId().equals(secret));
            assertThat(whole.content()).startsWith("marmalade plans");
            assertThat(whole.hidden()).isNull();

            // her edit goes to carol, not to bob; what bob sends next reaches him after it would have
            aliceSession.send(new EditMessage(room, secret, "marmalade plans, edited"));
            carolSession.await(MessageEdited.class, e -> e.messageId().equals(secret));
            bobSession.send(new SendMessage(room, "bob still talks", "block-2", null));
            MessageDelivered own = bobSession.await(MessageDelivered.class, m -> m.seq() == 2);
            assertThat(own.hidden()).isNull();
            assertThat(own.content()).isEqualTo("bob still talks");
            assertThat(bobSession.unconsumed()).noneMatch(MessageEdited.class::isInstance);
            aliceSession.send(new SendMessage(room, "marmalade is the last word", "block-3", null));
            bobSession.await(MessageDelivered.class, m -> m.seq() == 3);
        }

        // history, one message, and RESUME: the same placeholder, same seq; others see it whole
        List<MessageView> history = ApiClient.readList(api.get("rooms/" + room + "/messages?after=0", bob.accessToken()), MessageView.class);
        assertThat(history).extracting(MessageView::seq).containsExactly(1L, 2L, 3L);
        assertThat(history.get(0).hidden()).isTrue();
        assertThat(history.get(0).content()).isNull();
        assertThat(history.get(1).hidden()).isNull();
        assertThat(ApiClient.read(api.get("rooms/" + room + "/messages/" + secret, bob.accessToken()), MessageView.class).hidden()).isTrue();
        MessageView carolsView = ApiClient.read(api.get("rooms/" + room + "/messages/" + secret, carol.accessToken()), MessageView.class);
        assertThat(carolsView.content()).isEqualTo("marmalade plans, edited");
        try (ChatClient bobAgain = bob.connect(base)) {
            bobAgain.send(new Resume(room, 0L));
            List<MessageDelivered> replayed = new ArrayList<>();
            for (int seq = 1; seq <= 3; seq++) {
                replayed.add(bobAgain.await(MessageDelivered.class, m -> m.roomId().equals(room)));
            }
            bobAgain.await(Subscribed.class, s -> s.roomId().equals(room));
            assertThat(replayed).extracting(MessageDelivered::seq).containsExactly(1L, 2L, 3L);
            assertThat(replayed).extracting(MessageDelivered::hidden).containsExactly(true, null, true);
            assertThat(replayed.get(0).content()).isNull();
        }

        // the room list counts none of hers unread and shows no preview of her last message
        RoomView bobsRoom = ApiClient.read(api.get("rooms/" + room, bob.accessToken()), RoomView.class);
        assertThat(bobsRoom.unreadCount()).as("bob read up to his own message (seq 2); hers (seq 3) is not unread").isZero();
        assertThat(bobsRoom.lastMessage().hidden()).isTrue();
        assertThat(bobsRoom.lastMessage().content()).isNull();
        RoomView carolsRoom = ApiClient.read(api.get("rooms/" + room, carol.accessToken()), RoomView.class);
        assertThat(carolsRoom.unreadCount()).isEqualTo(3);
        assertThat(carolsRoom.lastMessage().content()).isEqualTo("marmalade is the last word");

        // search finds nothing of hers for bob, all of it for carol
        assertThat(search(bob, "marmalade").hits()).isEmpty();
        assertThat(search(carol, "marmalade").hits()).extracting(MessageHit::senderId).containsOnly(alice.id()).hasSize(2);

        // unblocked: her messages show again, old ones included
        assertThat(api.delete("users/me/blocks/" + alice.id(), bob.accessToken()).statusCode()).isEqualTo(204);
        assertThat(api.delete("users/me/blocks/" + alice.id(), bob.accessToken()).statusCode()).isEqualTo(404);
        MessageView shown = ApiClient.read(api.get("rooms/" + room + "/messages/" + secret, bob.accessToken()), MessageView.class);
        assertThat(shown.hidden()).isNull();
        assertThat(shown.content()).isEqualTo("marmalade plans, edited");
        assertThat(search(bob, "marmalade").hits()).hasSize(2);
        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            aliceSession.send(new SendMessage(room, "visible again", "block-4", null));
            MessageDelivered live = bobSession.await(MessageDelivered.class, m -> m.seq() == 4);
            assertThat(live.content()).isEqualTo("visible again");
            assertThat(live.hidden()).isNull();
        }
    }

    @Test
    void aBlockerIsNotNotifiedOfTheBlockedUsersMessages() throws Exception {
        TestUser carol = TestUser.register(api, "carol");
        assertThat(api.post("rooms/" + room + "/members", new AddMemberRequest(carol.id(), null),
                alice.accessToken()).statusCode()).isEqualTo(200);
        assertThat(api.post("users/me/blocks", new BlockRequest(alice.id()), bob.accessToken()).statusCode()).isEqualTo(200);
        String hers;
        String carols;
        // bob is offline: a message in a group notifies him, unless he blocked its sender
        try (ChatClient aliceSession = alice.connect(base); ChatClient carolSession = carol.connect(base)) {
            aliceSession.send(new SendMessage(room, "hey @" + bob.username(), "notify-1", null));
            hers = aliceSession.await(Ack.class, ack -> ack.clientMsgId().equals("notify-1")).messageId();
            carolSession.send(new SendMessage(room, "hello bob", "notify-2", null));
            carols = carolSession.await(Ack.class, ack -> ack.clientMsgId().equals("notify-2")).messageId();
        }
        // carol's message comes after hers on the room's partition: once his decision for it exists, hers was decided
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionsOf(bob).contains(carols));
        assertThat(decisionsOf(bob)).doesNotContain(hers);
    }

    @Test
    void noDirectRoomCanBeMadeBetweenABlockerAndTheBlockedEitherWay() {
        String existing = ApiClient.read(api.post("rooms", new CreateRoomRequest("direct", null, List.of(bob.id())), alice.accessToken()),
                RoomView.class).id();
        TestUser carol = TestUser.register(api, "carol");
        assertThat(api.post("users/me/blocks", new BlockRequest(carol.id()), bob.accessToken()).statusCode()).isEqualTo(200);
        assertThat(api.post("users/me/blocks", new BlockRequest(alice.id()), bob.accessToken()).statusCode()).isEqualTo(200);

        for (var attempt : List.of(api.post("rooms", new CreateRoomRequest("direct", null, List.of(carol.id())), bob.accessToken()),
                api.post("rooms", new CreateRoomRequest("direct", null, List.of(bob.id())), carol.accessToken()))) {
            assertThat(attempt.statusCode()).as(attempt.body()).isEqualTo(403);
            assertThat(ApiClient.read(attempt, ApiError.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        // a direct room made before the block stays theirs
        var again = api.post("rooms", new CreateRoomRequest("direct", null, List.of(bob.id())), alice.accessToken());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(ApiClient.read(again, RoomView.class).id()).isEqualTo(existing);

        assertThat(api.post("users/me/blocks", new BlockRequest(bob.id()), bob.accessToken()).statusCode()).isEqualTo(400);
        assertThat(api.post("users/me/blocks", new BlockRequest("00000000-0000-0000-0000-000000000000"), bob.accessToken())
                .statusCode()).isEqualTo(404);
        assertThat(api.postRaw("users/me/blocks", "{}", bob.accessToken()).statusCode()).isEqualTo(400);
        assertThat(api.get("users/me/blocks", null).statusCode()).isEqualTo(401);
    }

    private MessageSearchPage search(TestUser user, String words) {
        HttpResponse<String> response = api.get("search/messages?q=" + URLEncoder.encode(words, StandardCharsets.UTF_8), user.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.read(response, MessageSearchPage.class);
    }

    private static List<String> decisionsOf(TestUser user) throws Exception {
        try (Connection db = TestEnvironment.openDatabase();
             PreparedStatement query = db.prepareStatement("SELECT message_id FROM notification_decisions WHERE user_id = ?")) {
            query.setString(1, user.id());
            List<String> messageIds = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    messageIds.add(rows.getString(1));
                }
            }
            return messageIds;
        }
    }
}
