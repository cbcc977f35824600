package dev.chat.it;

import io.opentelemetry.api.trace.Span;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.CreateRoomRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.UserView;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.auth.boundary.Accounts;
import dev.chat.auth.control.OneTimeCodes;
import dev.chat.it.support.OwnNode;
import dev.chat.it.support.ChatDeployment;
import dev.chat.message.boundary.MessagePublisher;
import dev.chat.message.boundary.Messages;
import dev.chat.message.control.ClientMessageIds;
import dev.chat.message.control.MessageStore;
import dev.chat.message.entity.ChatMessage;
import dev.chat.platform.redis.RedisConnection;
import dev.chat.presence.control.PresenceStore;
import dev.chat.ratelimit.boundary.SendRateLimit;
import dev.chat.room.boundary.RoomMembership;
import dev.chat.room.boundary.Rooms;
import dev.chat.room.entity.RoomRole;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Testers' entry point for tests inside the container (WAR on Payara Micro, EAR on Payara
 * Server): the test runs in the deployed application with its CDI beans, EJBs, JPA and Reactive
 * Messaging channels injected, against the real stack.
 */
@OwnNode("runs inside a deployment that carries the test class")
@ExtendWith(ArquillianExtension.class)
class InContainerIT {

    @Deployment
    public static Archive<?> chatDeployment() {
        return ChatDeployment.forRuntimeWith(InContainerIT.class);
    }

    @Inject
    Accounts accounts;

    @Inject
    Rooms rooms;

    @Inject
    Messages messages;

    @Inject
    MessageStore store;

    @Inject
    RoomMembership membership;

    @Inject
    MessagePublisher publisher;

    @Inject
    OneTimeCodes codes;

    @Inject
    RedisConnection redis;

    @Inject
    PresenceStore presence;

    @Inject
    ClientMessageIds clientMessageIds;

    @Test
    void beansStoreAccountsAndRoomsAndCheckMembership() {
        UserView owner = accounts.register(new RegisterRequest("ic-" + UUID.randomUUID().toString().substring(0, 8), "password-1", null, null));

        String roomId = rooms.create(owner.id(), new CreateRoomRequest("group", "in container", List.of())).room().id();

        assertEquals(RoomRole.OWNER, membership.requireMember(roomId, owner.id()));
        assertTrue(accounts.honours(owner.id(), 0));
    }

    @Test
    void aPublishedMessageIsAcknowledgedByKafkaThenStoredThroughTheChannels() throws Exception {
        UserView sender = accounts.register(new RegisterRequest("ic-" + UUID.randomUUID().toString().substring(0, 8), "password-1", null, null));
        String roomId = rooms.create(sender.id(), new CreateRoomRequest("group", "channels", List.of())).room().id();

        var sent = publisher.publish(sender.id(), new SendMessage(roomId, "through Kafka", "ic-1", null), MessagePublisher.Publication.none(),
                        Span.getInvalid())
                .durable().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertNotNull(sent.messageId());
        long deadline = System.currentTimeMillis() + 30_000;
        while (messages.missedSince(sender.id(), roomId, 0, 10).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        var stored = messages.missedSince(sender.id(), roomId, 0, 10);
        assertEquals(1, stored.size());
        assertEquals(sent.messageId(), stored.get(0).messageId());
        assertEquals(1L, stored.get(0).seq());
    }

    /** What the persister meets after a rebalance or a restart: a batch that was (partly) stored before. */
    @Test
    void aRedeliveredBatchKeepsItsRowsAndSeqsAndOnlyNewMessagesTakeSeqs() {
        UserView sender = accounts.register(new RegisterRequest("ic-" + UUID.randomUUID().toString().substring(0, 8), "password-1", null, null));
        String roomId = rooms.create(sender.id(), new CreateRoomRequest("group", "redelivered", List.of())).room().id();
        MessageSentV1 first = sent(roomId, sender.id(), "first");
        MessageSentV1 second = sent(roomId, sender.id(), "second");
        MessageSentV1 third = sent(roomId, sender.id(), "third");

        Map<String, MessageStore.StoredMessage> before = store.storeAll(List.of(first, second), false);
        Map<String, MessageStore.StoredMessage> again = store.storeAll(List.of(second, third, first, third), false);

        assertEquals(1L, before.get(first.messageId()).seq());
        assertEquals(2L, before.get(second.messageId()).seq());
        assertEquals(1L, again.get(first.messageId()).seq());
        assertEquals(2L, again.get(second.messageId()).seq());
        assertEquals(3L, again.get(third.messageId()).seq(), "only the new message takes a seq, once");
        assertEquals(3L, store.lastSeq(roomId));
        assertEquals(List.of("first", "second", "third"),
                messages.missedSince(sender.id(), roomId, 0, 10).stream().map(message -> message.content()).toList());
    }

    private static MessageSentV1 sent(String roomId, String senderId, String content) {
        return new MessageSentV1(UUID.randomUUID().toString(), roomId, senderId, "ic-" + content, content, null, Instant.now(), null);
    }

    /** A guesser who sends wrong codes at once gets no more comparisons than one who sends them one by one. */
    @Test
    void wrongCodesSentAtOnceAreCountedOneAfterTheOther() throws Exception {
        String userId = UUID.randomUUID().toString();
        OneTimeCodes.Issued issued = codes.issue(OneTimeCodes.Purpose.VERIFY_EMAIL, userId, "ic@example.test");
        String wrong = issued.code().equals("000000") ? "000001" : "000000";
        ExecutorService guessers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> tries = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tries.add(guessers.submit(() -> assertThrows(ChatException.class, () -> codes.spend(OneTimeCodes.Purpose.VERIFY_EMAIL, userId, wrong))));
            }
            for (Future<?> attempt : tries) {
                attempt.get(30, TimeUnit.SECONDS);
            }
        } finally {
            guessers.shutdownNow();
        }
        String budgetKey = OneTimeCodes.keysOf(userId).stream().filter(key -> key.startsWith("otp-budget:verify_email:")).findFirst().orElseThrow();
        Map<String, String> budget = redis.client().<String, String>getMap(budgetKey, StringCodec.INSTANCE).readAllMap();
        assertEquals("5", budget.get("failures"), "compared: chat.auth.otp.max-attempts, then the code was gone");
        assertThrows(ChatException.class, () -> codes.spend(OneTimeCodes.Purpose.VERIFY_EMAIL, userId, issued.code()));
    }

    /** The heartbeat's refresh, several scripts' worth of users: each comes ONLINE once, and a closed connection stays closed. */
    @Test
    void aHeartbeatOfManyUsersAnnouncesEachOnceAndNeverRevivesAClosedConnection() {
        Map<String, List<String>> membersByUser = new LinkedHashMap<>();
        for (int i = 0; i < 450; i++) {
            String node = "node-" + UUID.randomUUID();
            membersByUser.put(UUID.randomUUID().toString(), i % 3 == 0 ? List.of(node + "/a", node + "/b") : List.of(node + "/a"));
        }
        List<String> users = List.copyOf(membersByUser.keySet());
        Instant now = Instant.now();

        Map<String, String> first = presence.aliveAll(membersByUser, now, 60_000).toCompletableFuture().join();
        assertEquals(membersByUser.keySet(), first.keySet(), "every user came online");
        assertTrue(first.values().stream().allMatch("ONLINE"::equals));
        assertTrue(presence.aliveAll(membersByUser, now.plusSeconds(1), 60_000).toCompletableFuture().join().isEmpty(),
                "announced once: the second round changes nobody");
        assertEquals(Set.copyOf(users), presence.connectedAmong(users, now.plusSeconds(1)));

        String closing = users.get(1);
        String member = membersByUser.get(closing).get(0);
        assertEquals(0L, presence.gone(closing, member, now.plusSeconds(2), 60_000).toCompletableFuture().join());
        presence.aliveAll(membersByUser, now.plusSeconds(3), 60_000).toCompletableFuture().join();
        assertEquals("OFFLINE", presence.offlineIfNoSessions(closing, now.plusSeconds(4)).toCompletableFuture().join().status(),
                "a heartbeat that read the connection before its close does not bring it back");
        assertEquals("ONLINE", presence.statesOf(List.of(users.get(2))).get(0).status());
        users.forEach(presence::forget);
    }

    /**
     * The send's one script: the first send reserves its id, a resend gets it back, another message under the same
     * key is refused, and a reservation kept by the release before (no hash tag) is still found.
     */
    @Test
    void aSendReservesItsIdOnceAndAResendOrAnOldReservationGetsItBack() {
        String senderId = UUID.randomUUID().toString();
        SendMessage hello = new SendMessage("room-ic", "hello", "key-1", null);

        assertEquals("m-first", join(clientMessageIds.reserve(senderId, hello, "m-first")));
        assertEquals("m-first", join(clientMessageIds.reserve(senderId, hello, "m-second")), "a resend is the same message");
        ChatException reused = assertThrows(ChatException.class,
                () -> join(clientMessageIds.reserve(senderId, new SendMessage("room-ic", "bye", "key-1", null), "m-third")));
        assertEquals(ErrorCode.IDEMPOTENCY_KEY_REUSED, reused.code());

        var old = redis.client().<String>getBucket("chat:client-msg:" + senderId + ":key-old", StringCodec.INSTANCE);
        old.set("m-old");
        assertEquals("m-old", join(clientMessageIds.reserve(senderId, new SendMessage("room-ic", "old", "key-old", null), "m-new")),
                "kept by the release before, without a fingerprint");
        redis.client().getKeys().delete(old.getName(), "chat:client-msg:{" + senderId + "}:key-1",
                "chat:client-msg:{" + senderId + "}:key-old", SendRateLimit.windowKey(senderId));
    }

    /** The rate rule both scripts share: a burst up to the limit, then a wait until the oldest permit leaves the window. */
    @Test
    void aWindowGrantsItsLimitThenAnswersTheWaitForItsOldestPermit() throws Exception {
        String window = SendRateLimit.windowKey(UUID.randomUUID().toString());
        String take = SendRateLimit.PERMIT_FUNCTION + "return permit(KEYS[1], 3, 1500, ARGV[1])";
        var script = redis.client().getScript(StringCodec.INSTANCE);
        for (int i = 0; i < 3; i++) {
            assertEquals(0L, script.<Long>eval(window, RScript.Mode.READ_WRITE, take, RScript.ReturnType.INTEGER, List.of(window), "p-" + i));
        }
        long wait = script.<Long>eval(window, RScript.Mode.READ_WRITE, take, RScript.ReturnType.INTEGER, List.of(window), "p-3");
        assertTrue(wait > 0 && wait <= 1500, "the oldest permit leaves within the interval: " + wait);
        assertEquals(3, redis.client().getScoredSortedSet(window, StringCodec.INSTANCE).size(), "a refusal takes nothing");
        Thread.sleep(wait + 50);
        assertEquals(0L, script.<Long>eval(window, RScript.Mode.READ_WRITE, take, RScript.ReturnType.INTEGER, List.of(window), "p-4"));
        assertTrue(redis.client().getKeys().remainTimeToLive(window) <= 1500, "the window expires with its last permit");
        redis.client().getKeys().delete(window);
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
