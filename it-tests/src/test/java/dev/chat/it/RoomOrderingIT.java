package dev.chat.it;

import dev.chat.api.frame.Ack;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.RoomView;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestEnvironment;
import dev.chat.it.support.TestUser;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-room ordering through Kafka (key = roomId): several senders write to several rooms at once,
 * without waiting for each ACK, thousands of messages in all, while the persister's consumer group
 * is disturbed mid-run (a rival member joins, takes partitions and leaves without committing, so
 * the persister loses and regains them and re-reads from the last committed offset, as after a
 * consumer restart). Afterwards every room's seq is gapless, each sender's messages are in the
 * order they were sent, nothing is stored or delivered twice, and the room list counts them all.
 */
class RoomOrderingIT extends DeployedChat {
    private static final int SENDERS = 4;
    private static final int ROOMS = 3;
    private static final int PER_SENDER_AND_ROOM = 250;
    private static final int UNACKED_WINDOW = 50;
    private static final int PER_ROOM = SENDERS * PER_SENDER_AND_ROOM;

    @Test
    void everyRoomIsGaplessInSendOrderWithoutDuplicatesAcrossAPersisterRebalance() throws Exception {
        TestUser reader = TestUser.register(api, "reader");
        List<TestUser> senders = IntStream.range(0, SENDERS).mapToObj(i -> TestUser.register(api, "sender" + i)).toList();
        TestUser[] everyone = senders.toArray(TestUser[]::new);
        List<String> rooms = IntStream.range(0, ROOMS).mapToObj(i -> reader.createGroup(api, "ordering " + i, everyone).id()).toList();

        try (var readerSession = reader.connect(base)) {
            AtomicInteger acked = new AtomicInteger();
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                sending.add(CompletableFuture.runAsync(() -> sendAll(senders.get(sender), sender, rooms, acked)));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> acked.get() >= ROOMS * PER_ROOM / 3);
            disturbThePersisterGroup();
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get();

            Map<String, List<Long>> received = receiveAll(readerSession, rooms);
            for (String room : rooms) {
                assertThat(received.get(room)).as("live seqs of room %s, in order, each once", room)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, PER_ROOM).boxed().toList());
            }
            readerSession.assertNone(MessageDelivered.class, Duration.ofSeconds(1));
        }

        for (String room : rooms) {
            await().atMost(Duration.ofMinutes(1)).until(() -> StoredMessages.of(room).size() >= PER_ROOM);
            List<StoredMessages.Row> stored = StoredMessages.of(room);
            assertThat(stored).extracting(StoredMessages.Row::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, PER_ROOM).boxed().toList());
            assertThat(stored.stream().map(StoredMessages.Row::messageId).distinct().count()).isEqualTo(PER_ROOM);
            assertThat(stored.stream().map(StoredMessages.Row::content).distinct().count()).as("no message stored twice").isEqualTo(PER_ROOM);
            Map<String, List<Integer>> indexesBySender = stored.stream().collect(Collectors.groupingBy(StoredMessages.Row::senderId,
                    Collectors.mapping(row -> Integer.parseInt(row.content().substring(row.content().lastIndexOf('-') + 1)), Collectors.toList())));
            assertThat(indexesBySender).hasSize(SENDERS);
            indexesBySender.forEach((sender, indexes) -> assertThat(indexes).as("send order of %s", sender)
                    .containsExactlyElementsOf(IntStream.range(0, PER_SENDER_AND_ROOM).boxed().toList()));
        }

        List<RoomView> inbox = ApiClient.readList(api.get("rooms", reader.accessToken()), RoomView.class);
        assertThat(inbox).hasSize(ROOMS).allSatisfy(room -> {
            assertThat(room.lastSeq()).isEqualTo(PER_ROOM);
            assertThat(room.unreadCount()).isEqualTo(PER_ROOM);
            assertThat(room.lastMessage().seq()).isEqualTo(PER_ROOM);
        });
    }

    /** One sender, round-robin over the rooms, keeping at most {@link #UNACKED_WINDOW} messages unacknowledged. */
    private void sendAll(TestUser sender, int senderIndex, List<String> rooms, AtomicInteger acked) {
        try (ChatClient session = sender.connect(base)) {
            int unacked = 0;
            for (int i = 0; i < PER_SENDER_AND_ROOM; i++) {
                for (String room : rooms) {
                    session.send(new SendMessage(room, "sender" + senderIndex + "-" + i, room.substring(0, 8) + "-" + i, null));
                    if (++unacked >= UNACKED_WINDOW) {
                        session.await(Ack.class);
                        acked.incrementAndGet();
                        unacked--;
                    }
                }
            }
            for (; unacked > 0; unacked--) {
                session.await(Ack.class);
                acked.incrementAndGet();
            }
        }
    }

    /**
     * A rival member of group chat-persister: its joining makes the group rebalance and takes
     * partitions away from the persister; it reads without committing and leaves, so they go
     * back and are read again from the last committed offset.
     */
    private static void disturbThePersisterGroup() {
        var config = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "chat-persister",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var rival = new KafkaConsumer<String, String>(config)) {
            rival.subscribe(List.of("chat.messages"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (rival.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
                rival.poll(Duration.ofMillis(200));
            }
            assertThat(rival.assignment()).as("the rival got partitions of the persister").isNotEmpty();
            rival.poll(Duration.ofMillis(500));
        }
    }

    private static Map<String, List<Long>> receiveAll(ChatClient session, List<String> rooms) {
        Map<String, List<Long>> received = new HashMap<>();
        rooms.forEach(room -> received.put(room, new ArrayList<>()));
        Set<String> wanted = Set.copyOf(rooms);
        for (int i = 0; i < ROOMS * PER_ROOM; i++) {
            MessageDelivered message = session.await(MessageDelivered.class, m -> wanted.contains(m.roomId()));
            received.get(message.roomId()).add(message.seq());
        }
        return received;
    }
}
