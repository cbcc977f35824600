package dev.chat.it;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.SendMessage;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.NodeMetrics;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A record that can never be stored does not stop its room: the persister sends it to
 * {@code chat.dlq} with where it came from and why, and the room's next message is stored and
 * delivered as usual.
 */
class DeadLettersIT extends AliceAndBobInAGroup {

    @Test
    void poisonRecordsGoToTheDeadLettersWithTheirOriginAndTheRoomKeepsFlowing() throws Exception {
        double before = NodeMetrics.value(base, "chat_dlq_records_total");
        Instant now = Instant.now();
        String breaksTheSchema = ChatJson.instance().encodeEvent(EventEnvelope.wrap(
                new MessageSentV1(UUID.randomUUID().toString(), room, "", "c-1", "no sender", null, now, null), "local", now));
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>("chat.messages", room, "this is not json")).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("chat.messages", room, breaksTheSchema)).get(10, TimeUnit.SECONDS);
        }

        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            aliceSession.send(new SendMessage(room, "after the poison", "after", null));
            assertThat(aliceSession.await(Ack.class, ack -> ack.durable(), Duration.ofSeconds(30)).clientMsgId()).isEqualTo("after");
            MessageDelivered delivered = bobSession.await(MessageDelivered.class, Duration.ofSeconds(30));
            assertThat(delivered.content()).isEqualTo("after the poison");
            assertThat(delivered.seq()).as("the poison took no seq").isEqualTo(1);
        }

        List<ConsumerRecord<String, String>> letters = deadLettersOf(room, 2);
        assertThat(letters).extracting(ConsumerRecord::value).containsExactly("this is not json", breaksTheSchema);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(header(letter, "dead-letter-topic")).isEqualTo("chat.messages");
            assertThat(Integer.parseInt(header(letter, "dead-letter-partition"))).isNotNegative();
            assertThat(Long.parseLong(header(letter, "dead-letter-offset"))).isNotNegative();
        });
        assertThat(header(letters.get(0), "dead-letter-reason")).startsWith("not a chat event");
        assertThat(header(letters.get(1), "dead-letter-reason")).contains("senderId");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(NodeMetrics.value(base, "chat_dlq_records_total")).isGreaterThanOrEqualTo(before + 2));
    }

    @Test
    void aMessageTheDatabaseRefusesGoesToTheDeadLettersAndTheRestOfItsBatchIsStoredInOrder() throws Exception {
        Instant now = Instant.now();
        // passes every rule the persister checks, but PostgreSQL's timestamptz ends in the year 294276 (SQLState 22008)
        String refused = message("refused", Instant.parse("+300000-01-01T00:00:00Z"));
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 50, // the three in one batch, as they would come in one poll
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            var first = producer.send(new ProducerRecord<>("chat.messages", room, message("before", now)));
            var poison = producer.send(new ProducerRecord<>("chat.messages", room, refused));
            var last = producer.send(new ProducerRecord<>("chat.messages", room, message("after", now)));
            first.get(10, TimeUnit.SECONDS);
            poison.get(10, TimeUnit.SECONDS);
            last.get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(StoredMessages.of(room))
                .extracting(StoredMessages.Row::seq, StoredMessages.Row::content)
                .containsExactly(tuple(1L, "before"), tuple(2L, "after")));
        List<ConsumerRecord<String, String>> letters = deadLettersOf(room, 1);
        assertThat(letters).extracting(ConsumerRecord::value).containsExactly(refused);
        assertThat(header(letters.get(0), "dead-letter-reason")).startsWith("refused by the database (SQLState 22");
    }

    private String message(String content, Instant sentAt) {
        return ChatJson.instance().encodeEvent(EventEnvelope.wrap(
                new MessageSentV1(UUID.randomUUID().toString(), room, alice.id(), "c-" + content, content, null, sentAt, null), "local", Instant.now()));
    }

    /** The dead letters of a room (key = roomId), read from the start of chat.dlq. */
    private static List<ConsumerRecord<String, String>> deadLettersOf(String roomId, int expected) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letters-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of("chat.dlq"));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(letter -> {
                    if (roomId.equals(letter.key())) {
                        found.add(letter);
                    }
                });
            }
            return found;
        }
    }

    private static String header(ConsumerRecord<String, String> letter, String name) {
        var header = letter.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
