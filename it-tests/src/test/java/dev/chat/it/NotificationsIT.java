package dev.chat.it;

import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.Read;
import dev.chat.api.frame.Resume;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.NotificationDigest;
import dev.chat.api.rest.NotificationSettingsView;
import dev.chat.api.rest.PushKeyView;
import dev.chat.api.rest.PushSubscriptionView;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.api.rest.SentMessageView;
import dev.chat.api.rest.UpdateNotificationSettingsRequest;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.NotificationReceiver;
import dev.chat.it.support.TestEnvironment;
import dev.chat.it.support.TestUser;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications on the real stack (Payara Micro only: nothing here depends on the packaging),
 * received as a relay and a browser's push service would receive them: by a test HTTP receiver
 * that checks the webhook's HMAC, and that stands in for a push service, checks the VAPID token
 * and decrypts the payload with the keys of the subscription it made. Bob's browser is subscribed;
 * alice writes over HTTP.
 */
class NotificationsIT extends AliceAndBobInAGroup {
    private static NotificationReceiver receiver;

    private String bobsBrowser;

    @BeforeAll
    static void listen() throws Exception {
        receiver = new NotificationReceiver(Integer.getInteger("it.notify.port"), System.getProperty("it.notify.webhook-secret"));
    }

    @AfterAll
    static void stopListening() {
        receiver.close();
    }

    @BeforeEach
    void bobsBrowserSubscribes() throws Exception {
        bobsBrowser = "bob-" + UUID.randomUUID();
        HttpResponse<String> key = api.get("notifications/push/key", bob.accessToken());
        assertThat(key.statusCode()).as(key.body()).isEqualTo(200);
        assertThat(ApiClient.read(key, PushKeyView.class).publicKey()).hasSize(87); // 65 bytes, base64url
        HttpResponse<String> subscribed = api.post("notifications/push/subscriptions", receiver.subscribe(bobsBrowser), bob.accessToken());
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
    }

    private String send(TestUser sender, String content) {
        HttpResponse<String> sent = api.post("rooms/" + room + "/messages", new SendMessageRequest(content, null, null), sender.accessToken());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        return ApiClient.read(sent, SentMessageView.class).messageId();
    }

    private NotificationSettingsView settings(TestUser user, String level, Instant mutedUntil) {
        HttpResponse<String> response = api.put("rooms/" + room + "/notifications", new UpdateNotificationSettingsRequest(level, mutedUntil),
                user.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.read(response, NotificationSettingsView.class);
    }

    private List<String> notifiedMessages(TestUser user, String channel) {
        List<String> messageIds = new ArrayList<>();
        receiver.digestsFor(user.id(), channel).forEach(digest -> digest.notifications().forEach(item -> messageIds.add(item.messageId())));
        return messageIds;
    }

    private void assertNotNotified(TestUser user, Duration during) {
        await().during(during).atMost(during.plusSeconds(5)).untilAsserted(() -> {
            assertThat(notifiedMessages(user, "webhook")).isEmpty();
            assertThat(notifiedMessages(user, "webpush")).isEmpty();
        });
    }

    @Test
    void aMentionOfAnOfflineMemberYieldsExactlyOneNotificationOnEachChannel() {
        assertThat(settings(bob, "mentions", null).notifications()).isEqualTo("mentions");
        send(alice, "a message for nobody in particular");
        String mention = send(alice, "@" + bob.username() + " can you look at the report?");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(notifiedMessages(bob, "webhook")).containsExactly(mention);
            assertThat(notifiedMessages(bob, "webpush")).containsExactly(mention);
        });
        NotificationDigest pushed = receiver.digestsFor(bob.id(), "webpush").get(0);
        assertThat(pushed.title()).isEqualTo("alice mentioned you in #NotificationsIT"); // her display name
        assertThat(pushed.body()).isEqualTo("@" + bob.username() + " can you look at the report?");
        assertThat(pushed.notifications()).singleElement().satisfies(item -> {
            assertThat(item.mention()).isTrue();
            assertThat(item.roomId()).isEqualTo(room);
            assertThat(item.seq()).isEqualTo(2);
            assertThat(item.senderId()).isEqualTo(alice.id());
        });
        assertThat(receiver.deliveries()).as("every delivery passed its receiver's checks").allSatisfy(delivery ->
                assertThat(delivery.problem()).as(delivery.endpoint()).isNull());
        // the mention is part of the message, in history as in MESSAGE
        MessageView stored = ApiClient.read(api.get("rooms/" + room + "/messages/" + mention, bob.accessToken()), MessageView.class);
        assertThat(stored.mentions()).containsExactly(bob.id());
        try (ChatClient bobOnline = bob.connect(base)) {
            bobOnline.send(new Resume(room, 1L));
            assertThat(bobOnline.await(MessageDelivered.class, frame -> frame.messageId().equals(mention)).mentions()).containsExactly(bob.id());
        }
        assertNotNotified(alice, Duration.ofSeconds(1)); // the sender is never told about her own message
        assertThat(notifiedMessages(bob, "webhook")).as("exactly one").hasSize(1);
    }

    @Test
    void aConnectedMemberGetsNoneUnlessAMentionStaysUnread() {
        try (ChatClient bobOnline = bob.connect(base)) {
            awaitConnected(bob);
            String plain = send(alice, "hello everyone");
            bobOnline.await(MessageDelivered.class, frame -> frame.messageId().equals(plain));
            String readInTime = send(alice, "@" + bob.username() + " quick question");
            MessageDelivered seen = bobOnline.await(MessageDelivered.class, frame -> frame.messageId().equals(readInTime));
            bobOnline.send(new Read(room, seen.seq()));
            assertNotNotified(bob, Duration.ofSeconds(5)); // longer than the unread-mention delay (3 s in the tests)

            String leftUnread = send(alice, "@" + bob.username() + " are you there?");
            bobOnline.await(MessageDelivered.class, frame -> frame.messageId().equals(leftUnread));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(notifiedMessages(bob, "webhook")).containsExactly(leftUnread));
            assertThat(receiver.digestsFor(bob.id(), "webhook").get(0).notifications().get(0).mention()).isTrue();
        }
    }

    @Test
    void noneAndMuteSuppressAndTheDefaultComesBack() {
        assertThat(api.get("rooms/" + room + "/notifications", bob.accessToken()).body()).contains("\"roomDefault\":true", "\"notifications\":\"all\"");
        settings(bob, "none", null);
        send(alice, "@" + bob.username() + " nothing reaches you now");
        settings(bob, null, Instant.now().plus(Duration.ofHours(1)));
        send(alice, "muted for an hour");
        assertNotNotified(bob, Duration.ofSeconds(3));

        NotificationSettingsView unmuted = settings(bob, null, null);
        assertThat(unmuted.roomDefault()).isTrue();
        assertThat(unmuted.mutedUntil()).isNull();
        String heard = send(alice, "and now you hear me");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(notifiedMessages(bob, "webhook")).containsExactly(heard));
        assertThat(api.get("rooms/" + room + "/notifications", alice.accessToken()).statusCode()).isEqualTo(200);
        TestUser stranger = TestUser.register(api, "stranger");
        assertThat(api.get("rooms/" + room + "/notifications", stranger.accessToken()).statusCode()).as("members only").isIn(403, 404);
    }

    @Test
    void aRedeliveredMessageOrNotificationIsNotSentAgain() throws Exception {
        String messageId = send(alice, "only once, please");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(notifiedMessages(bob, "webhook")).containsExactly(messageId));

        // what a restart or a rebalance would do: the same records once more
        redeliver("chat.messages.stored", room, messageId);
        redeliver("chat.notifications", bob.id(), messageId);

        assertNotNotified(alice, Duration.ofSeconds(3));
        assertThat(notifiedMessages(bob, "webhook")).containsExactly(messageId);
        assertThat(notifiedMessages(bob, "webpush")).containsExactly(messageId);
    }

    @Test
    void aSubscriptionThePushServiceSaysIsGoneIsRemovedAndAFailingWebhookIsRetried() {
        receiver.answer("/push/" + bobsBrowser, 410);
        String bobsHook = "/hook@" + bob.id(); // bob's own: other users' digests may reach the webhook meanwhile
        int hooksBefore = receiver.attemptsAt(bobsHook);
        receiver.failNext(bobsHook, 503, 2); // the tests allow 3 attempts
        String messageId = send(alice, "is anybody out there?");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(notifiedMessages(bob, "webhook")).containsExactly(messageId));
        assertThat(receiver.attemptsAt(bobsHook) - hooksBefore).as("two failures, then success").isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ApiClient.readList(
                api.get("notifications/push/subscriptions", bob.accessToken()), PushSubscriptionView.class)).isEmpty());
        assertThat(receiver.attemptsAt("/push/" + bobsBrowser)).as("a gone subscription is not retried").isEqualTo(1);
    }

    @Test
    void aWebhookThatKeepsFailingSendsTheDigestToTheDeadLettersAndPushStillGoes() {
        String bobsHook = "/hook@" + bob.id();
        int before = receiver.attemptsAt(bobsHook);
        receiver.failNext(bobsHook, 500, 3); // the tests allow 3 attempts
        String messageId = send(alice, "nobody is listening");

        ConsumerRecord<String, String> letter = recordOf("chat.dlq", bob.id(), messageId);
        assertThat(header(letter, "dead-letter-topic")).isEqualTo("chat.notifications");
        assertThat(header(letter, "dead-letter-reason")).startsWith("webhook").contains("3 attempts");
        assertThat(receiver.attemptsAt(bobsHook) - before).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notifiedMessages(bob, "webpush")).containsExactly(messageId));
        assertThat(notifiedMessages(bob, "webhook")).isEmpty();
    }

    private void awaitConnected(TestUser user) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get("presence/" + user.id(), alice.accessToken()).body()).contains("ONLINE"));
    }

    /** Reads the record about {@code messageId} from the topic's start and produces it again, same key and value. */
    private static void redeliver(String topic, String key, String messageId) {
        ConsumerRecord<String, String> found = recordOf(topic, key, messageId);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, found.key(), found.value()));
        }
    }

    /** The first record of the topic with this key whose value names {@code messageId}, waited for up to 30 s. */
    private static ConsumerRecord<String, String> recordOf(String topic, String key, String messageId) {
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "notifications-it-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ConsumerRecord<String, String> found = null;
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key()) && record.value().contains(messageId)) {
                        found = record;
                    }
                }
            }
        }
        assertThat(found).as("the record of " + messageId + " in " + topic).isNotNull();
        return found;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
