package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.api.rest.SentMessageView;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.NodeMetrics;
import dev.chat.it.support.NodeReadiness;
import dev.chat.it.support.RedisProbe;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writing over HTTP, reading over WebSocket (a bot, an integration): {@code POST
 * /rooms/{roomId}/messages} with an {@code Idempotency-Key} follows the rules of
 * {@code SEND_MESSAGE}, and the key is the sender's clientMsgId.
 */
class MessagesOverHttpIT extends AliceAndBobInAGroup {

    private HttpResponse<String> send(TestUser sender, String content, String key) {
        return api.post("rooms/" + room + "/messages", new SendMessageRequest(content, null, null), sender.accessToken(), "Idempotency-Key", key);
    }

    @Test
    void aMessageSentOverHttpReachesTheRoomsWebSocketsAndARetryIsTheSameMessageStoredOnce() throws Exception {
        try (ChatClient bobSession = bob.connect(base)) {
            HttpResponse<String> first = send(alice, "hello from a bot", "bot-1");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            SentMessageView sent = ApiClient.read(first, SentMessageView.class);
            assertThat(sent.durable()).isTrue();
            assertThat(sent.idempotencyKey()).isEqualTo("bot-1");

            MessageDelivered delivered = bobSession.await(MessageDelivered.class);
            assertThat(delivered.messageId()).isEqualTo(sent.messageId());
            assertThat(delivered.content()).isEqualTo("hello from a bot");

            HttpResponse<String> retry = send(alice, "hello from a bot", "bot-1");
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
            assertThat(ApiClient.read(retry, SentMessageView.class).messageId()).isEqualTo(sent.messageId());
            bobSession.assertNone(MessageDelivered.class, message -> true, Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(StoredMessages.of(room)).extracting(StoredMessages.Row::messageId).containsExactly(sent.messageId()));
        }
    }

    /**
     * Delivery by interest on a node alone: its persister stores every partition, so its sessions
     * get every room straight from it and it receives no channel; a message to a room nobody here
     * reads costs the fan-out nothing (no event for a room without a session).
     */
    @Test
    void aNodeAloneDeliversFromItsOwnPersisterAndReceivesNoChannel() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var readiness = NodeReadiness.readiness(base);
            assertThat(NodeReadiness.checkData(readiness, "fanout", "persisted")).as("partitions this node persists")
                    .isEqualTo(NodeReadiness.checkData(readiness, "fanout", "partitions"));
            assertThat(NodeReadiness.checkData(readiness, "fanout", "subscribed")).as("channels it receives").isEqualTo("0");
        });
        String counter = "chat_fanout_events_without_local_sessions_total";
        double before = NodeMetrics.value(base, counter);

        HttpResponse<String> sent = send(alice, "nobody is connected", "nobody-1");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        String messageId = ApiClient.read(sent, SentMessageView.class).messageId();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(StoredMessages.of(room)).extracting(StoredMessages.Row::messageId).contains(messageId));
        assertThat(NodeMetrics.value(base, counter)).as("events received for rooms without a session here").isEqualTo(before);
    }

    @Test
    void aKeyNamesOneMessageOverHttpAndOverTheWebSocket() {
        assertThat(send(alice, "first", "key-1").statusCode()).isEqualTo(201);

        HttpResponse<String> reused = send(alice, "something else", "key-1");
        assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
        assertThat(ApiClient.read(reused, ApiError.class).code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);

        try (ChatClient aliceSession = alice.connect(base)) {
            aliceSession.send(new SendMessage(room, "and another", "key-1", null));
            assertThat(aliceSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
        }
        assertThat(send(bob, "bob's own key-1", "key-1").statusCode()).as("keys are per sender").isEqualTo(201);
    }

    @Test
    void keysAreKeptForADay() {
        assertThat(send(alice, "remember me", "kept").statusCode()).isEqualTo(201);

        assertThat(RedisProbe.pttl("chat:client-msg:{" + alice.id() + "}:kept"))
                .isGreaterThan(Duration.ofHours(24).minusMinutes(5).toMillis());
    }

    @Test
    void theRulesOfSendMessageApply() {
        TestUser outsider = TestUser.register(api, "outsider");
        HttpResponse<String> notAMember = send(outsider, "let me in", "o-1");
        assertThat(notAMember.statusCode()).isEqualTo(403);
        assertThat(ApiClient.read(notAMember, ApiError.class).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);

        HttpResponse<String> empty = api.post("rooms/" + room + "/messages", new SendMessageRequest("", null, null), alice.accessToken(), "Idempotency-Key", "e-1");
        assertThat(empty.statusCode()).isEqualTo(400);

        // PostgreSQL cannot store U+0000: refused at once, never accepted into Kafka to block the persister
        HttpResponse<String> nul = api.post("rooms/" + room + "/messages", new SendMessageRequest("before\u0000after", null, null),
                alice.accessToken(), "Idempotency-Key", "n-1");
        assertThat(nul.statusCode()).as(nul.body()).isEqualTo(400);
        assertThat(ApiClient.read(nul, ApiError.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);

        HttpResponse<String> badReply = api.post("rooms/" + room + "/messages", new SendMessageRequest("re", "no-such-message", null),
                alice.accessToken(), "Idempotency-Key", "r-1");
        assertThat(badReply.statusCode()).isEqualTo(400);
        assertThat(ApiClient.read(badReply, ApiError.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);

        HttpResponse<String> withoutKey = api.post("rooms/" + room + "/messages", new SendMessageRequest("no key", null, null), alice.accessToken());
        assertThat(withoutKey.statusCode()).as("the key is optional: the server picks one, and says which").isEqualTo(201);
        assertThat(ApiClient.read(withoutKey, SentMessageView.class).idempotencyKey()).isNotBlank();
    }
}
