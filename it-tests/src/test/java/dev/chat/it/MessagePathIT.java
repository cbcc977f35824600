package dev.chat.it;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.Pong;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.Subscribe;
import dev.chat.api.frame.Subscribed;
import dev.chat.it.support.OwnNode;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.NodeReadiness;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestEnvironment;
import dev.chat.it.support.TestTokens;
import dev.chat.it.support.TestUser;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton, end to end on one node (Payara Micro or Server) with real Kafka, PostgreSQL and
 * Redis: a message goes from a WebSocket client through Kafka into PostgreSQL and out to the
 * room's other sessions, and bad input is refused without harm.
 */
@OwnNode("the first messages of a freshly started node (a bean first created on a client thread once found no configuration)")
class MessagePathIT extends AliceAndBobInAGroup {

    @Test
    void memberReceivesMessageAfterSenderGotBrokerAck() {
        try (var alice = this.alice.connect(base);
             var bob = this.bob.connect(base)) {
            alice.send(new SendMessage(room, "hello bob", "c-1", null));

            Ack ack = alice.await(Ack.class);
            assertThat(ack.clientMsgId()).isEqualTo("c-1");
            assertThat(ack.roomId()).isEqualTo(room);
            MessageDelivered received = bob.await(MessageDelivered.class);
            assertThat(received.messageId()).isEqualTo(ack.messageId());
            assertThat(received.roomId()).isEqualTo(room);
            assertThat(received.senderId()).isEqualTo(this.alice.id());
            assertThat(received.content()).isEqualTo("hello bob");
            assertThat(received.ts()).isNotNull();
            assertThat(alice.await(MessageDelivered.class).messageId()).isEqualTo(ack.messageId());
        }
    }

    /**
     * A client that lost the ACK of a message stored long ago resends it (same clientMsgId): it gets
     * the same messageId, and nobody gets the message again, not even sessions of a node that has
     * forgotten delivering it (every session of the room left, the node dropped the room).
     */
    @Test
    void aResendOfAStoredMessageIsAcknowledgedAndDeliveredToNobodyAgain() throws Exception {
        String messageId;
        try (var alice = this.alice.connect(base); var bob = this.bob.connect(base)) {
            alice.send(new SendMessage(room, "once", "c-once", null));
            messageId = alice.await(Ack.class, Ack::durable).messageId();
            bob.await(MessageDelivered.class, delivered -> delivered.messageId().equals(messageId));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> StoredMessages.of(room).size() == 1);
        Thread.sleep(11_000); // past chat.fanout.unsubscribe-delay-ms (10 s): the node no longer hosts the room

        try (var alice = this.alice.connect(base); var bob = this.bob.connect(base)) {
            alice.send(new SendMessage(room, "once", "c-once", null));
            Ack ack = alice.await(Ack.class, Ack::durable);
            assertThat(ack.messageId()).isEqualTo(messageId);
            bob.assertNone(MessageDelivered.class, Duration.ofSeconds(3)); // longer than the rooms' wait for a RESUME (2 s)
            alice.assertNone(MessageDelivered.class, Duration.ofMillis(1));
        }
        assertThat(StoredMessages.of(room)).hasSize(1);
    }

    @Test
    void explicitSubscribeToOwnRoomIsConfirmed() {
        try (var bob = this.bob.connect(base)) {
            bob.send(new Subscribe(room, null));
            assertThat(bob.await(Subscribed.class).roomId()).isEqualTo(room);
        }
    }

    @Test
    void acceptedMessageIsOnKafkaKeyedByRoomInTheEventEnvelope() {
        Ack ack;
        try (var alice = this.alice.connect(base)) {
            alice.send(new SendMessage(room, "to kafka", "c-k", null));
            ack = alice.await(Ack.class);
        }

        ConsumerRecord<String, String> record = findOnMessageTopic(ack.messageId());

        assertThat(record.key()).isEqualTo(room);
        EventEnvelope envelope = ChatJson.instance().decodeEvent(record.value());
        assertThat(envelope.eventType()).isEqualTo("chat.message.sent.v1");
        assertThat(envelope.eventId()).isNotBlank();
        assertThat(envelope.region()).isEqualTo("local");
        assertThat(envelope.occurredAt()).isNotNull();
        assertThat(envelope.payload()).isInstanceOfSatisfying(MessageSentV1.class, sent -> {
            assertThat(sent.messageId()).isEqualTo(ack.messageId());
            assertThat(sent.roomId()).isEqualTo(room);
            assertThat(sent.senderId()).isEqualTo(alice.id());
            assertThat(sent.clientMsgId()).isEqualTo("c-k");
            assertThat(sent.content()).isEqualTo("to kafka");
        });
    }

    @Test
    void acceptedMessagesAreStoredOnceWithGaplessRoomSequence() throws Exception {
        List<String> messageIds = new ArrayList<>();
        try (var alice = this.alice.connect(base)) {
            for (int i = 1; i <= 3; i++) {
                alice.send(new SendMessage(room, "message " + i, "c-" + i, null));
                messageIds.add(alice.await(Ack.class).messageId());
            }
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> StoredMessages.of(room).size() == 3);
        List<StoredMessages.Row> rows = StoredMessages.of(room);
        assertThat(rows).extracting(StoredMessages.Row::seq).containsExactly(1L, 2L, 3L);
        assertThat(rows).extracting(StoredMessages.Row::messageId).containsExactlyElementsOf(messageIds);
    }

    @Test
    void handshakeWithoutValidTokenIsRefusedBeforeUpgrade() {
        assertHandshakeRefused(null);
        assertHandshakeRefused(TestTokens.forgedFor(alice.id()));
        assertHandshakeRefused(TestTokens.expiredFor(alice.id()));
        assertHandshakeRefused("not-a-jwt");
    }

    @Test
    void tokenInQueryParameterIsAcceptedForBrowsers() {
        URI uri = URI.create(ChatClient.webSocketUri(base) + "?access_token=" + bob.accessToken());
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() { }).join();
        assertThat(socket.isOutputClosed()).isFalse();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void badFramesAreAnsweredWithErrorAndSessionStaysUsable() throws Exception {
        try (var alice = this.alice.connect(base)) {
            assertThat(errorFor(alice, "{not json").code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
            assertThat(errorFor(alice, "{\"type\":\"SHOUT\",\"roomId\":\"" + room + "\"}").code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
            assertThat(errorFor(alice, "{\"type\":\"SEND_MESSAGE\",\"roomId\":\"" + room + "\",\"clientMsgId\":\"c-x\"}").code())
                    .isEqualTo(ErrorCode.INVALID_FIELD);
            String oversized = ChatJson.instance().encodeFrame(new SendMessage(room, "x".repeat(3_000) + "é".repeat(8_000), "c-big", null));
            assertThat(errorFor(alice, oversized).code()).isEqualTo(ErrorCode.TOO_LARGE);

            alice.send(new Ping());
            Pong pong = alice.await(Pong.class);
            assertThat(pong.ts()).isNotNull();
            assertThat(pong.heartbeatMs()).as("the server's heartbeat, chat.ws.heartbeat-ms by default").isEqualTo(50_000);
            alice.send(new SendMessage(room, "still here", "c-ok", null));
            assertThat(alice.await(Ack.class).clientMsgId()).isEqualTo("c-ok");
            assertThat(alice.isOpen()).isTrue();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> StoredMessages.of(room).size() == 1);
        Thread.sleep(500); // nothing else may arrive late
        assertThat(StoredMessages.of(room)).extracting(StoredMessages.Row::content).containsExactly("still here");
    }

    @Test
    void nodeReportsReadinessOfEveryDependency() throws Exception {
        var response = NodeReadiness.readiness(base);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"")
                .contains("\"name\":\"postgresql\"", "\"name\":\"redis\"", "\"name\":\"kafka\"", "\"name\":\"fanout\"")
                .doesNotContain("\"status\":\"DOWN\"");
    }

    @Test
    void sessionsRunTheirIdleTimersOnThePlainSchedulerNotThePerFrameManagedOne() throws Exception {
        try (var session = TestUser.register(api, "timer").connect(base)) {
            session.send(new Ping()).await(Pong.class);
            String liveness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(liveness).as("Tyrus' TyrusSession.service is still there to be set: see SessionIdleTimer")
                    .contains("\"name\":\"websocket\"").contains("\"idle-timers\":\"PLAIN\"");
            assertThat(liveness).as("Grizzly's DefaultWorkerThread can still be made: see GrizzlyWorkerThreads")
                    .contains("\"writer-threads\":\"GRIZZLY\"");
        }
    }

    private static ErrorFrame errorFor(ChatClient client, String rawFrame) {
        client.sendRaw(rawFrame);
        return client.await(ErrorFrame.class);
    }

    private void assertHandshakeRefused(String token) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        assertThatThrownBy(() -> builder.buildAsync(ChatClient.webSocketUri(base), new WebSocket.Listener() { }).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(401));
    }

    private static ConsumerRecord<String, String> findOnMessageTopic(String messageId) {
        var config = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<String, String>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor("chat.messages").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().contains(messageId)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("message " + messageId + " not found on topic chat.messages");
    }

}
