package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.api.rest.SentMessageView;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.NodeMetrics;
import dev.chat.it.support.NodeReadiness;
import dev.chat.it.support.OwnNode;
import dev.chat.it.support.StackControl;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stack's servers go away under a running node (README, "Kafka outage" and "Redis or PostgreSQL outage"), stopped and
 * started for real ({@code server-config/bin/stack stop kafka}). The node stays up and live,
 * reports not-ready while a server is missing, and recovers by itself once it is back.
 * Runs in the Payara Micro pass only: the same code runs in the EAR.
 */
@Tag("heavy") // chaos: real servers stopped for 30 s and 10 s, two minutes in all; run by .ci/run (-Pheavy), not by ./mvnw verify alone
@OwnNode("stops Kafka, PostgreSQL and Redis: afterwards the node rejoins its Kafka consumer groups for a while, which the next classes must not inherit")
class OutagesIT extends DeployedChat {
    private static final int DURING = 60;
    private static final int BUFFER = 50;

    /**
     * Kafka away for 30 s while a user sends: the node holds the messages (ACK durable:false),
     * drops the oldest beyond its bound (chat.kafka.outage-buffer.max-messages, 50 in the tests)
     * with NOT_DURABLE to the sender, and once Kafka is back sends the rest in order (ACK durable:true).
     */
    @Test
    void messagesSentWhileKafkaIsDownAreHeldAndSentInOrderWhenItReturns() throws Exception {
        TestUser alice = TestUser.register(api, "alice");
        TestUser bob = TestUser.register(api, "bob");
        String room = alice.createGroup(api, "outage", bob).id();

        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            aliceSession.send(new SendMessage(room, "before", "before", null));
            assertThat(aliceSession.await(Ack.class).durable()).isTrue();
            bobSession.await(MessageDelivered.class, m -> m.content().equals("before"));
            double droppedBefore = NodeMetrics.value(base, "chat_kafka_outage_dropped_messages_total");

            long outageStarted = System.nanoTime();
            StackControl.stop("kafka");
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    var readiness = NodeReadiness.readiness(base);
                    assertThat(readiness.statusCode()).isEqualTo(503);
                    assertThat(NodeReadiness.checkStatus(readiness, "kafka")).isEqualTo("DOWN");
                });
                assertThat(NodeReadiness.liveness(base).statusCode()).as("the node stays live").isEqualTo(200);

                for (int i = 1; i <= DURING; i++) {
                    aliceSession.send(new SendMessage(room, "during-" + i, "during-" + i, null));
                    Thread.sleep(150);
                }
                for (int i = 1; i <= DURING; i++) {
                    String id = "during-" + i;
                    assertThat(aliceSession.await(Ack.class, ack -> ack.clientMsgId().equals(id), Duration.ofSeconds(20)).durable())
                            .as("%s held, not yet durable", id).isFalse();
                }
                List<ErrorFrame> dropped = new ArrayList<>();
                for (int i = 0; i < DURING - BUFFER; i++) {
                    dropped.add(aliceSession.await(ErrorFrame.class));
                }
                assertThat(dropped).allSatisfy(error -> assertThat(error.code()).isEqualTo(ErrorCode.NOT_DURABLE));
                assertThat(dropped).extracting(ErrorFrame::clientMsgId).as("the oldest are dropped")
                        .containsExactlyElementsOf(ids(1, DURING - BUFFER));
                assertThat(NodeMetrics.value(base, "chat_kafka_outage_dropped_messages_total")).isEqualTo(droppedBefore + DURING - BUFFER);
                assertThat(NodeMetrics.value(base, "chat_kafka_outage_buffered_messages")).isEqualTo(BUFFER);

                long outage = Duration.ofSeconds(30).toMillis() - Duration.ofNanos(System.nanoTime() - outageStarted).toMillis();
                Thread.sleep(Math.max(0, outage));
            } finally {
                StackControl.start("kafka");
            }
            NodeReadiness.awaitReady(base);

            // every held message is sent, in order, and becomes durable; nothing was restarted
            for (String id : ids(DURING - BUFFER + 1, DURING)) {
                assertThat(aliceSession.await(Ack.class, ack -> ack.clientMsgId().equals(id), Duration.ofSeconds(90)).durable()).isTrue();
            }
            aliceSession.send(new SendMessage(room, "after", "after", null));
            assertThat(aliceSession.await(Ack.class, ack -> ack.clientMsgId().equals("after"), Duration.ofSeconds(30)).durable()).isTrue();

            List<String> atBob = new ArrayList<>();
            while (atBob.isEmpty() || !atBob.get(atBob.size() - 1).equals("after")) {
                atBob.add(bobSession.await(MessageDelivered.class, Duration.ofSeconds(60)).content());
            }
            // A dropped message may still arrive: it had reached the Kafka producer before the node began to hold
            // messages, and the producer retried it on its own. Its sender got NOT_DURABLE and resends it under the
            // same clientMsgId, which is stored once. Nothing is lost silently, and the order holds.
            assertThat(atBob).containsSubsequence(ids(DURING - BUFFER + 1, DURING));
            assertThat(atBob).doesNotHaveDuplicates();
            Set<String> delivered = new HashSet<>(atBob);
            List<String> inOrder = new ArrayList<>(ids(1, DURING));
            inOrder.add("after");
            assertThat(atBob).containsExactlyElementsOf(inOrder.stream().filter(delivered::contains).toList());
            assertThat(NodeMetrics.value(base, "chat_kafka_outage_buffered_messages")).isZero();
        }
    }

    /** Over HTTP as over the WebSocket: 202 (held, not yet durable) while Kafka is out, stored once it is back. */
    @Test
    void anHttpSendWhileKafkaIsDownIsHeldWith202AndStoredWhenItReturns() throws Exception {
        TestUser alice = TestUser.register(api, "alice");
        TestUser bob = TestUser.register(api, "bob");
        String room = alice.createGroup(api, "http outage", bob).id();
        var request = new SendMessageRequest("sent while Kafka is out", null, null);
        SentMessageView held;
        StackControl.stop("kafka");
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(NodeReadiness.checkStatus(NodeReadiness.readiness(base), "kafka")).isEqualTo("DOWN"));
            var response = api.post("rooms/" + room + "/messages", request, alice.accessToken(), "Idempotency-Key", "held-1");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            held = ApiClient.read(response, SentMessageView.class);
            assertThat(held.durable()).isFalse();
        } finally {
            StackControl.start("kafka");
        }
        NodeReadiness.awaitReady(base);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(StoredMessages.of(room)).extracting(StoredMessages.Row::messageId).containsExactly(held.messageId()));
        var retry = api.post("rooms/" + room + "/messages", request, alice.accessToken(), "Idempotency-Key", "held-1");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(ApiClient.read(retry, SentMessageView.class).messageId()).isEqualTo(held.messageId());
    }

    @Test
    void withoutRedisTheNodeIsNotReadyAndRecoversWhenItReturns() throws Exception {
        theNodeRidesOut("redis");
    }

    @Test
    void withoutPostgresqlTheNodeIsNotReadyAndRecoversWhenItReturns() throws Exception {
        theNodeRidesOut("postgres");
    }

    /** Stops one server for 10 s: readiness names it, liveness stays; once it is back the node is ready and a message goes through. */
    private void theNodeRidesOut(String service) throws Exception {
        TestUser alice = TestUser.register(api, "alice");
        TestUser bob = TestUser.register(api, "bob");
        String room = alice.createGroup(api, service + " outage", bob).id();
        String check = service.equals("postgres") ? "postgresql" : "redis";

        StackControl.stop(service);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var readiness = NodeReadiness.readiness(base);
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(NodeReadiness.checkStatus(readiness, check)).isEqualTo("DOWN");
            });
            assertThat(NodeReadiness.liveness(base).statusCode()).as("the node stays live").isEqualTo(200);
            Thread.sleep(10_000);
        } finally {
            StackControl.start(service);
        }
        NodeReadiness.awaitReady(base);

        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            aliceSession.send(new SendMessage(room, "after " + service, "after", null));
            assertThat(aliceSession.await(Ack.class, Duration.ofSeconds(30)).durable()).isTrue();
            assertThat(bobSession.await(MessageDelivered.class, Duration.ofSeconds(30)).content()).isEqualTo("after " + service);
        }
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add("during-" + i);
        }
        return ids;
    }
}
