package dev.chat.it;

import dev.chat.api.frame.Ack;
import dev.chat.api.frame.DeleteMessage;
import dev.chat.api.frame.EditMessage;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.Membership;
import dev.chat.api.frame.React;
import dev.chat.api.frame.Read;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.Pong;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.MembershipChange;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.BlockRequest;
import dev.chat.api.rest.SilenceRequest;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.ReactionCount;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.ClusterNodes;
import dev.chat.it.support.NodeMetrics;
import dev.chat.it.support.NodeReadiness;
import dev.chat.it.support.RegionStack;
import dev.chat.it.support.TestUser;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two regions, each with its own Kafka, PostgreSQL, Redis and one node, joined by MirrorMaker 2 in
 * each direction, as {@code server-config/bin/stack} runs it (docs/regions.md). A record written to
 * one region's Kafka arrives in the other under the source region's name ({@code a.<topic>}), with
 * its key, partition and order, and never comes back (how long it takes at 100 records a second is
 * printed: docs/benchmarks.md). Users who registered in different regions chat in a room homed in
 * the first, both ways, and both regions show the same messages under the same seqs, live and in
 * history: accounts, rooms and memberships cross as catalogue changes, messages through the room's home.
 */
@Tag("regions")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the failover last: it stops region a and brings it back
class RegionsIT {
    /** The records of the tests of MirrorMaker 2 alone: a topic it copies ({@link RegionStack#TEST_TOPICS}) that no node reads. */
    private static final String TOPIC = "region-test.records";
    private static final Duration CROSSING = Duration.ofSeconds(60); // MM2 finds a new topic within its refresh (5 s)

    private static RegionStack a;
    private static RegionStack b;
    private static ClusterNodes nodeA;
    private static ClusterNodes nodeB;

    @BeforeAll
    static void startTwoRegions() throws Exception {
        a = RegionStack.start("a", "kafka postgres redis");
        b = RegionStack.start("b", "kafka postgres redis");
        a.mirrorFrom(List.of(b));
        b.mirrorFrom(List.of(a));
        nodeA = ClusterNodes.start(1, "region-a", Map.of(0, a.nodeEnvironment()), Map.of());
        nodeB = ClusterNodes.start(1, "region-b", Map.of(0, b.nodeEnvironment()), Map.of());
    }

    @AfterAll
    static void stopThem() {
        for (AutoCloseable running : new AutoCloseable[]{nodeB, nodeA, b, a}) {
            if (running != null) {
                try {
                    running.close();
                } catch (Exception e) {
                    System.out.println("[regions] could not stop " + running + ": " + e);
                }
            }
        }
    }

    @Test
    void usersOfTwoRegionsChatInOneRoomInOneOrderAndBothRegionsHoldTheSameHistory() throws Exception {
        var apiA = new ApiClient(nodeA.node(0).base());
        var apiB = new ApiClient(nodeB.node(0).base());
        TestUser alice = TestUser.register(apiA, "alice");
        TestUser bob = TestUser.register(apiB, "bob"); // each registers in their own region
        awaitRow(a, "users", "id", bob.id()); // the catalogue crossed b -> a
        String room = alice.createGroup(apiA, "across regions", bob).id();
        awaitRow(b, "chat_room_members", "room_id", room); // and a -> b, the room homed in a
        awaitRow(b, "users", "id", alice.id());
        var aliceInB = apiB.post("auth/login", new LoginRequest(alice.username(), TestUser.PASSWORD), null);
        assertThat(aliceInB.statusCode()).as("alice logs in in b with the password she chose in a: %s", aliceInB.body()).isEqualTo(200);

        try (ChatClient inA = alice.connect(nodeA.node(0).base()); ChatClient inB = bob.connect(nodeB.node(0).base())) {
            inA.send(new Ping()).await(Pong.class);
            inB.send(new Ping()).await(Pong.class);
            // the first crossing waits for MirrorMaker 2 and the persisters to find the new topics
            inB.send(new SendMessage(room, "hello from b", "b-0", null));
            assertThat(inB.await(Ack.class, ack -> ack.durable(), Duration.ofSeconds(30)).clientMsgId()).isEqualTo("b-0");
            MessageDelivered first = inA.await(MessageDelivered.class, CROSSING);
            assertThat(first.content()).isEqualTo("hello from b");
            assertThat(first.seq()).as("sequenced by the room's home, region a").isEqualTo(1);
            assertThat(inB.await(MessageDelivered.class, CROSSING).messageId()).as("back in b under the same seq").isEqualTo(first.messageId());

            int rounds = 10;
            for (int i = 1; i <= rounds; i++) {
                inA.send(new SendMessage(room, "a " + i, "a-" + i, null));
                inB.send(new SendMessage(room, "b " + i, "b-" + i, null));
            }
            List<MessageDelivered> seenInA = new ArrayList<>(List.of(first));
            List<MessageDelivered> seenInB = new ArrayList<>(List.of(first));
            for (int i = 0; i < 2 * rounds; i++) {
                seenInA.add(inA.await(MessageDelivered.class, CROSSING));
                seenInB.add(inB.await(MessageDelivered.class, CROSSING));
            }
            assertThat(seenInA).extracting(MessageDelivered::seq).as("gapless, in order").containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 2L * rounds + 1).boxed().toList());
            assertThat(seenInB).extracting(MessageDelivered::messageId).as("the same messages in the same order in b")
                    .containsExactlyElementsOf(seenInA.stream().map(MessageDelivered::messageId).toList());
            assertThat(seenInB).extracting(MessageDelivered::seq).containsExactlyElementsOf(seenInA.stream().map(MessageDelivered::seq).toList());
            assertThat(seenInA).extracting(MessageDelivered::content).contains("a 10", "b 10");
            inA.assertNone(MessageDelivered.class, Duration.ofSeconds(2));
            inB.assertNone(MessageDelivered.class, Duration.ofMillis(1));

            String history = "rooms/" + room + "/messages?after=0&limit=100";
            List<MessageView> inHistoryA = ApiClient.readList(apiA.get(history, alice.accessToken()), MessageView.class);
            List<MessageView> inHistoryB = ApiClient.readList(apiB.get(history, bob.accessToken()), MessageView.class);
            assertThat(inHistoryA).extracting(MessageView::messageId).containsExactlyElementsOf(seenInA.stream().map(MessageDelivered::messageId).toList());
            assertThat(inHistoryB).extracting(MessageView::messageId, MessageView::seq, MessageView::content)
                    .containsExactlyElementsOf(inHistoryA.stream().map(m -> org.assertj.core.groups.Tuple.tuple(m.messageId(), m.seq(), m.content())).toList());

            // what changes a message crosses too: each region's history shows edits, deletes and reactions made in the other
            String bobs = seenInA.stream().filter(m -> m.content().equals("b 10")).findFirst().orElseThrow().messageId();
            String alices = seenInA.stream().filter(m -> m.content().equals("a 1")).findFirst().orElseThrow().messageId();
            String reactedTo = seenInA.stream().filter(m -> m.content().equals("b 1")).findFirst().orElseThrow().messageId();
            inB.send(new EditMessage(room, bobs, "b 10, edited in b"));
            inA.send(new DeleteMessage(room, alices));
            inA.send(new React(room, reactedTo, "👍"));
            inB.send(new Read(room, 2L * rounds + 1));
            await().atMost(CROSSING).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                for (var region : List.of(new Object[]{apiA, "a"}, new Object[]{apiB, "b"})) {
                    Map<String, MessageView> byId = new HashMap<>();
                    ApiClient.readList(((ApiClient) region[0]).get(history, alice.accessToken()), MessageView.class)
                            .forEach(m -> byId.put(m.messageId(), m));
                    assertThat(byId.get(bobs).content()).as("the edit in region %s", region[1]).isEqualTo("b 10, edited in b");
                    assertThat(byId.get(alices).deleted()).as("the delete in region %s", region[1]).isTrue();
                    assertThat(byId.get(reactedTo).reactions()).as("the reaction in region %s", region[1]).extracting(ReactionCount::emoji)
                            .containsExactly("👍");
                }
                try (Connection database = a.openDatabase(); PreparedStatement query = database.prepareStatement(
                        "SELECT last_read_seq FROM chat_room_members WHERE room_id = ? AND user_id = ?")) {
                    query.setString(1, room);
                    query.setString(2, bob.id());
                    try (ResultSet position = query.executeQuery()) {
                        assertThat(position.next()).isTrue();
                        assertThat(position.getLong(1)).as("bob's read position, moved in b, in region a").isEqualTo(2L * rounds + 1);
                    }
                }
            });

            // a room made in a with bob: his connection in b is told, as for a room made in b, and reads it at once
            String another = alice.createGroup(apiA, "made in a", bob).id();
            Membership joined = inB.await(Membership.class, frame -> frame.roomId().equals(another) && frame.userId().equals(bob.id()), CROSSING);
            assertThat(joined.change()).isEqualTo(MembershipChange.JOINED);
            inA.send(new SendMessage(another, "to the new room", "a-new-1", null));
            assertThat(inB.await(MessageDelivered.class, m -> m.roomId().equals(another), CROSSING).content()).isEqualTo("to the new room");

            // moderation made in a holds in b: silenced there, bob is told in b and cannot post in b
            var silenced = apiA.post("moderation/rooms/" + another + "/silences", new SilenceRequest(bob.id(), 5), alice.accessToken());
            assertThat(silenced.statusCode()).as("silence: %s", silenced.body()).isBetween(200, 299);
            Membership silence = inB.await(Membership.class, frame -> frame.roomId().equals(another) && frame.change() == MembershipChange.SILENCED,
                    CROSSING);
            assertThat(silence.until()).isNotNull();
            inB.send(new SendMessage(another, "while silenced", "b-silenced", null));
            assertThat(inB.await(ErrorFrame.class, error -> "b-silenced".equals(error.clientMsgId()), CROSSING).code()).isEqualTo(ErrorCode.FORBIDDEN);
            // and a block made in b is a's too
            assertThat(apiB.post("users/me/blocks", new BlockRequest(alice.id()), bob.accessToken()).statusCode()).isBetween(200, 299);
            awaitRow(a, "user_blocks", "blocker_id", bob.id());
        }
        URI regionB = nodeB.node(0).base();
        var ready = NodeReadiness.readiness(regionB);
        assertThat(NodeReadiness.checkStatus(ready, "regions")).as("another region's lag never takes a node out: %s", ready.body()).isEqualTo("UP");
        assertThat(Long.parseLong(NodeReadiness.checkData(ready, "regions", "a.mirrorLagMs"))).as("the mirror from a: its heartbeats' age, "
                + "one a second: %s", ready.body()).isBetween(0L, 30_000L);
        assertThat(NodeReadiness.checkData(ready, "regions", "a.unstored")).as("what came from a is stored").isNotNull();
        assertThat(NodeMetrics.value(regionB, "chat_region_replication_lag_ms_count", "source=\"a\""))
                .as("b counts what it stored from a, the room's home").isGreaterThanOrEqualTo(21);
        System.out.printf("[regions] chat_region_replication_lag_ms in b (from a's forward to b's store), first crossing included:"
                        + " p50 %.0f ms, p99 %.0f ms%n",
                NodeMetrics.value(regionB, "chat_region_replication_lag_ms", "source=\"a\"", "quantile=\"0.5\""),
                NodeMetrics.value(regionB, "chat_region_replication_lag_ms", "source=\"a\"", "quantile=\"0.99\""));
    }

    /**
     * The replication lag users see: at 100 messages a second sent in region a (ten senders, a room
     * homed in a), from each sender's {@code ACK} in a to the delivery of its message to a user in
     * b (a's persister, MirrorMaker 2, b's persister and fan-out), printed (docs/benchmarks.md).
     */
    @Test
    void messagesSentAt100PerSecondReachTheOtherRegionInOrderAndTheirLagIsPrinted() throws Exception {
        var apiA = new ApiClient(nodeA.node(0).base());
        var apiB = new ApiClient(nodeB.node(0).base());
        List<TestUser> senders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            senders.add(TestUser.register(apiA, "sender" + i));
        }
        TestUser reader = TestUser.register(apiB, "reader");
        awaitRow(a, "users", "id", reader.id());
        List<TestUser> members = new ArrayList<>(senders.subList(1, senders.size()));
        members.add(reader);
        String room = senders.get(0).createGroup(apiA, "at 100 a second", members.toArray(TestUser[]::new)).id();
        awaitRow(b, "chat_room_members", "room_id", room);

        int messages = 3_000; // 30 s at 100 a second
        List<ChatClient> sending = new ArrayList<>();
        try (ChatClient inB = reader.connect(nodeB.node(0).base())) {
            for (TestUser sender : senders) {
                sending.add(sender.connect(nodeA.node(0).base()));
            }
            inB.send(new Ping()).await(Pong.class);
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(10L * i);
                LockSupport.parkNanos(due - System.nanoTime());
                sending.get(i % sending.size()).send(new SendMessage(room, "m " + i, "lag-" + i, null));
            }
            Map<String, Long> ackedAt = new HashMap<>();
            for (int i = 0; i < messages; i++) {
                ChatClient client = sending.get(i % sending.size());
                String clientMsgId = "lag-" + i;
                Ack ack = client.await(Ack.class, candidate -> candidate.clientMsgId().equals(clientMsgId) && candidate.durable(), CROSSING);
                ackedAt.put(ack.messageId(), client.arrivalOf(ack));
            }
            List<Long> lagsMs = new ArrayList<>();
            long lastSeq = 0;
            for (int i = 0; i < messages; i++) {
                MessageDelivered delivered = inB.await(MessageDelivered.class, CROSSING);
                assertThat(delivered.seq()).as("b delivers the room's messages in order, without gaps").isEqualTo(lastSeq + 1);
                lastSeq = delivered.seq();
                lagsMs.add(TimeUnit.NANOSECONDS.toMillis(inB.arrivalOf(delivered) - ackedAt.get(delivered.messageId())));
            }
            List<Long> sorted = lagsMs.stream().sorted().toList();
            System.out.printf("[regions] %d messages at 100/s, from the sender's ACK in a (the room's home) to the delivery in b: "
                    + "p50 %d ms, p99 %d ms, max %d ms%n", messages, sorted.get(messages / 2), sorted.get(messages * 99 / 100), sorted.get(messages - 1));
            assertThat(sorted.get(messages * 99 / 100)).as("replication lag p99 (goal < 2 s; 10 s: something is wrong)").isLessThan(10_000L);
        } finally {
            sending.forEach(ChatClient::close);
        }
    }

    /**
     * Failover (docs/regions.md): region a, the room's home, is lost while b's users chat; b is
     * promoted; nothing mirrored before the loss is lost, what b accepted meanwhile is sequenced in b
     * after the last mirrored seq, a resend through b of what a acknowledged but never mirrored is
     * stored once; then a comes back, gives up what it sequenced that b never saw (b sequences it
     * again) and holds the same history as b, under the same seqs, and sends its users' messages to b.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aLostRegionsRoomsArePromotedElsewhereWithoutLossOrDuplicateSeqsAndTheRegionReconcilesWhenBack() throws Exception {
        var apiA = new ApiClient(nodeA.node(0).base());
        var apiB = new ApiClient(nodeB.node(0).base());
        TestUser alice = TestUser.register(apiA, "alice");
        TestUser bob = TestUser.register(apiB, "bob");
        awaitRow(a, "users", "id", bob.id());
        String room = alice.createGroup(apiA, "failover", bob).id();
        awaitRow(b, "chat_room_members", "room_id", room);
        awaitRow(b, "users", "id", alice.id());

        try (ChatClient aliceInA = alice.connect(nodeA.node(0).base()); ChatClient bobInB = bob.connect(nodeB.node(0).base())) {
            aliceInA.send(new Ping()).await(Pong.class);
            bobInB.send(new Ping()).await(Pong.class);
            for (int i = 1; i <= 3; i++) {
                bobInB.send(new SendMessage(room, "mirrored " + i, "bob-m" + i, null));
                assertThat(bobInB.await(MessageDelivered.class, CROSSING).seq()).isEqualTo(i);
            }
            aliceInA.send(new SendMessage(room, "mirrored 4", "alice-m4", null));
            assertThat(bobInB.await(MessageDelivered.class, m -> m.seq() == 4, CROSSING).content()).isEqualTo("mirrored 4");

            // a acknowledges and stores two messages that never reach b: b's mirror from a stops first
            b.stopMirror();
            aliceInA.send(new SendMessage(room, "unmirrored, resent", "alice-u1", null));
            aliceInA.send(new SendMessage(room, "unmirrored, kept", "alice-u2", null));
            for (String clientMsgId : List.of("alice-u1", "alice-u2")) {
                assertThat(aliceInA.await(Ack.class, ack -> ack.clientMsgId().equals(clientMsgId) && ack.durable(), CROSSING)).isNotNull();
            }
            assertThat(aliceInA.await(MessageDelivered.class, m -> m.seq() == 6, CROSSING).content()).isEqualTo("unmirrored, kept");

            // region a is lost: its node crashes and its servers stop
            nodeA.node(0).kill();
            a.stop();
            bobInB.send(new SendMessage(room, "during the loss 1", "bob-d1", null));
            bobInB.send(new SendMessage(room, "during the loss 2", "bob-d2", null));
            for (String clientMsgId : List.of("bob-d1", "bob-d2")) {
                assertThat(bobInB.await(Ack.class, ack -> ack.clientMsgId().equals(clientMsgId) && ack.durable(), CROSSING)).isNotNull();
            }
            bobInB.assertNone(MessageDelivered.class, Duration.ofSeconds(2)); // its home is gone: nobody sequences it

            var refused = apiB.post("admin/regions/a/promote", null, null, "X-Chat-Admin-Token", "not the token");
            assertThat(refused.statusCode()).as("an operator's call: %s", refused.body()).isEqualTo(403);
            var promoted = apiB.post("admin/regions/a/promote", null, null, "X-Chat-Admin-Token", RegionStack.ADMIN_TOKEN);
            assertThat(promoted.statusCode()).as("promotion: %s", promoted.body()).isEqualTo(200);
            assertThat(promoted.body()).contains(room).contains("\"resent\":2");
            var again = apiB.post("admin/regions/a/promote", null, null, "X-Chat-Admin-Token", RegionStack.ADMIN_TOKEN);
            assertThat(again.body()).as("a second promotion finds nothing left to do").contains("\"rooms\":[]").contains("\"resent\":0");

            List<MessageDelivered> sequencedInB = new ArrayList<>();
            sequencedInB.add(bobInB.await(MessageDelivered.class, CROSSING));
            sequencedInB.add(bobInB.await(MessageDelivered.class, CROSSING));
            assertThat(sequencedInB).extracting(MessageDelivered::seq, MessageDelivered::content).as("after the last mirrored seq, in b")
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, "during the loss 1"), org.assertj.core.groups.Tuple.tuple(6L, "during the loss 2"));

            // alice moves to b and resends what she cannot know reached anyone else (the protocol's resend, same clientMsgId)
            try (ChatClient aliceInB = alice.connect(nodeB.node(0).base())) {
                aliceInB.send(new Ping()).await(Pong.class);
                aliceInB.send(new SendMessage(room, "unmirrored, resent", "alice-u1", null));
                assertThat(aliceInB.await(MessageDelivered.class, m -> m.content().equals("unmirrored, resent"), CROSSING).seq()).isEqualTo(7);
            }
            bobInB.send(new SendMessage(room, "after the promotion", "bob-p1", null));
            assertThat(bobInB.await(MessageDelivered.class, m -> m.content().equals("after the promotion"), CROSSING).seq()).isEqualTo(8);
        }

        // region a comes back: its servers with their data, the mirrors both ways, its node
        a.startAgain();
        b.mirrorFrom(List.of(a));
        nodeA.restartStopped();
        String history = "rooms/" + room + "/messages?after=0&limit=100";
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<MessageView> inB = ApiClient.readList(apiB.get(history, bob.accessToken()), MessageView.class);
            assertThat(inB).extracting(MessageView::content).as("b holds a's unmirrored message once a is back, sequenced in b")
                    .containsExactly("mirrored 1", "mirrored 2", "mirrored 3", "mirrored 4", "during the loss 1", "during the loss 2",
                            "unmirrored, resent", "after the promotion", "unmirrored, kept");
            assertThat(inB).extracting(MessageView::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            List<MessageView> inA = ApiClient.readList(apiA.get(history, alice.accessToken()), MessageView.class);
            assertThat(inA).extracting(MessageView::messageId, MessageView::seq, MessageView::content).as("a reconciled to b's history")
                    .containsExactlyElementsOf(inB.stream().map(m -> org.assertj.core.groups.Tuple.tuple(m.messageId(), m.seq(), m.content())).toList());
        });
        try (Connection database = a.openDatabase(); PreparedStatement query = database.prepareStatement(
                "SELECT home_region, home_epoch, home_since_seq FROM chat_rooms WHERE id = ?")) {
            query.setString(1, room);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).as("a knows b is the room's home").isEqualTo("b");
                assertThat(row.getInt(2)).isEqualTo(1);
                assertThat(row.getLong(3)).isEqualTo(4);
            }
        }
        // a no longer sequences the room: its users' messages go to b and come back
        try (ChatClient aliceInA = alice.connect(nodeA.node(0).base()); ChatClient bobInB = bob.connect(nodeB.node(0).base())) {
            aliceInA.send(new Ping()).await(Pong.class);
            bobInB.send(new Ping()).await(Pong.class);
            aliceInA.send(new SendMessage(room, "back in a", "alice-b1", null));
            MessageDelivered inA = aliceInA.await(MessageDelivered.class, m -> m.content().equals("back in a"), CROSSING);
            MessageDelivered inB = bobInB.await(MessageDelivered.class, m -> m.content().equals("back in a"), CROSSING);
            assertThat(inA.seq()).as("sequenced by b, the room's home now").isEqualTo(10);
            assertThat(inB.messageId()).isEqualTo(inA.messageId());
            assertThat(inB.seq()).isEqualTo(10);
        }
    }

    /** Waits until region {@code region}'s database has a row of {@code table} whose {@code column} is {@code value}. */
    private static void awaitRow(RegionStack region, String table, String column, String value) {
        await().atMost(CROSSING).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try (Connection database = region.openDatabase();
                 PreparedStatement query = database.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + column + " = ?")) {
                query.setString(1, value);
                try (ResultSet count = query.executeQuery()) {
                    count.next();
                    assertThat(count.getInt(1)).as("%s.%s = %s in region %s", table, column, value, region.name()).isPositive();
                }
            }
        });
    }

    @Test
    void aRecordCrossesEachWayUnderItsRegionsNameWithItsKeyAndPartitionAndNeverComesBack() throws Exception {
        for (RegionStack[] way : new RegionStack[][]{{a, b}, {b, a}}) {
            RegionStack from = way[0];
            RegionStack to = way[1];
            String room = "room-" + UUID.randomUUID();
            RecordMetadata sent = send(from, TOPIC, room, "hello from " + from.name());

            ConsumerRecord<String, String> crossed = awaitFirst(to, from.name() + "." + TOPIC, room, CROSSING);

            assertThat(crossed.value()).isEqualTo("hello from " + from.name());
            assertThat(crossed.partition()).as("the room's partition in both regions").isEqualTo(sent.partition());
            assertThat(crossed.timestamp()).as("the source's timestamp is kept").isEqualTo(sent.timestamp());
            try (var consumer = consumer(from)) {
                consumer.subscribe(java.util.regex.Pattern.compile(".*region-test\\.records"));
                List<String> topics = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> topics.add(record.topic()));
                }
                assertThat(topics).as("nothing copied back to where it came from").doesNotContain(to.name() + "." + from.name() + "." + TOPIC);
            }
        }
    }

    @Test
    void recordsKeepEachRoomsOrderAndTheirLagIsPrintedAt100PerSecond() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        send(a, TOPIC, "warm-" + run, "warm");
        awaitFirst(b, "a." + TOPIC, "warm-" + run, CROSSING); // the topic exists on both sides, MM2 copies it

        int rooms = 20;
        int records = 3_000; // 30 s at 100 a second
        try (var consumer = consumer(b); var producer = producer(a)) {
            consumer.subscribe(List.of("a." + TOPIC));
            awaitAssignment(consumer);
            Map<String, Integer> lastSeen = new HashMap<>();
            List<Long> lagsMs = new ArrayList<>();
            long start = System.nanoTime();
            int sent = 0;
            long deadline = start + TimeUnit.SECONDS.toNanos(30) + CROSSING.toNanos();
            while (lagsMs.size() < records && System.nanoTime() < deadline) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(10L * sent);
                while (sent < records && System.nanoTime() >= due) {
                    String room = run + "-" + sent % rooms;
                    producer.send(new ProducerRecord<>(TOPIC, null, System.currentTimeMillis(), room, String.valueOf(sent)));
                    sent++;
                    due = start + TimeUnit.MILLISECONDS.toNanos(10L * sent);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                    if (!record.key().startsWith(run + "-")) {
                        continue;
                    }
                    lagsMs.add(System.currentTimeMillis() - record.timestamp());
                    int number = Integer.parseInt(record.value());
                    Integer before = lastSeen.put(record.key(), number);
                    assertThat(before == null ? -1 : before).as("room %s in order", record.key()).isLessThan(number);
                }
                if (sent < records) {
                    LockSupport.parkNanos(Math.max(0, Math.min(TimeUnit.MILLISECONDS.toNanos(5), due - System.nanoTime())));
                }
            }
            assertThat(lagsMs).as("every record crossed").hasSize(records);
            List<Long> sorted = lagsMs.stream().sorted().toList();
            System.out.printf("[regions] %d records a -> b at 100/s: replication lag p50 %d ms, p99 %d ms, max %d ms%n",
                    records, sorted.get(records / 2), sorted.get(records * 99 / 100), sorted.get(records - 1));
        }
    }

    private static RecordMetadata send(RegionStack region, String topic, String key, String value) throws Exception {
        try (var producer = producer(region)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static ConsumerRecord<String, String> awaitFirst(RegionStack region, String topic, String key, Duration within) {
        try (var consumer = consumer(region)) {
            // by pattern: the mirrored topic does not exist until MirrorMaker 2 has found its source (metadata refreshed every second)
            consumer.subscribe(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(topic)));
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("nothing with key " + key + " in " + topic + " of region " + region.name() + " within " + within);
    }

    private static void awaitAssignment(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position); // resolve the end now, before anything is sent
    }

    private static KafkaProducer<String, String> producer(RegionStack region) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, region.kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private static KafkaConsumer<String, String> consumer(RegionStack region) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, region.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "region-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }
}
