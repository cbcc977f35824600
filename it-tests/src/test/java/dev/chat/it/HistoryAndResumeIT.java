package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.Subscribed;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.MessageView;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.NodeMetrics;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every message arrives once, in a room order the client can check (seq), also across a reconnect. */
class HistoryAndResumeIT extends AliceAndBobInAGroup {

    @Test
    void liveMessagesCarryTheirGaplessRoomSequence() {
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            sendAndAwaitAcks(aliceSession, 1, 3);

            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seqs.add(bobSession.await(MessageDelivered.class, m -> m.roomId().equals(room)).seq());
            }
            assertThat(seqs).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void historyPagesBySeqNewestFirstOrOldestFirstAfterACursor() throws Exception {
        try (var aliceSession = alice.connect(base)) {
            sendAndAwaitAcks(aliceSession, 1, 5);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> StoredMessages.of(room).size() == 5);
        String path = "rooms/" + room + "/messages";

        assertThat(seqs(api.get(path + "?limit=2", bob.accessToken()))).containsExactly(5L, 4L);
        assertThat(seqs(api.get(path + "?before=4&limit=2", bob.accessToken()))).containsExactly(3L, 2L);
        assertThat(seqs(api.get(path + "?after=2", bob.accessToken()))).containsExactly(3L, 4L, 5L);
        assertThat(seqs(api.get(path + "?limit=100000", bob.accessToken()))).hasSize(5);
        List<MessageView> page = ApiClient.readList(api.get(path + "?after=4", bob.accessToken()), MessageView.class);
        assertThat(page).singleElement().satisfies(message -> {
            assertThat(message.content()).isEqualTo("message 5");
            assertThat(message.senderId()).isEqualTo(alice.id());
            assertThat(message.ts()).isNotNull();
        });

        var outsider = TestUser.register(api, "outsider");
        var refused = api.get(path, outsider.accessToken());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(ApiClient.read(refused, ApiError.class).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(api.get(path + "?before=3&after=1", bob.accessToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void resumeAfterReconnectDeliversEveryMissedMessageExactlyOnceWhileOthersKeepSending() throws Exception {
        try (var aliceSession = alice.connect(base)) {
            try (var bobSession = bob.connect(base)) {
                sendAndAwaitAcks(aliceSession, 1, 2);
                bobSession.await(MessageDelivered.class, m -> m.seq() == 2);
            }
            sendAndAwaitAcks(aliceSession, 3, 5); // bob is offline

            try (var bobAgain = bob.connect(base)) {
                CompletableFuture<Void> othersKeepSending = CompletableFuture.runAsync(() -> sendAndAwaitAcks(aliceSession, 6, 15));
                bobAgain.send(new Resume(room, 2L));

                Map<Long, Integer> received = new HashMap<>();
                while (!received.keySet().containsAll(LongStream.rangeClosed(3, 15).boxed().toList())) {
                    MessageDelivered message = bobAgain.await(MessageDelivered.class, m -> m.roomId().equals(room));
                    received.merge(message.seq(), 1, Integer::sum);
                }
                othersKeepSending.join();
                bobAgain.assertNone(MessageDelivered.class, Duration.ofSeconds(1));

                assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(3, 15).boxed().toList());
                assertThat(received.values()).as("each message once").allMatch(count -> count == 1);
                Subscribed resumed = bobAgain.await(Subscribed.class, s -> s.roomId().equals(room));
                assertThat(resumed.complete()).isTrue();
                // ACKed is durable in Kafka, not necessarily stored yet: what the replay missed came live
                assertThat(resumed.replayedUpTo()).isBetween(2L, 15L);
            }
        }
    }

    /**
     * A client that resumes more than its outbox and the sockets take (three rooms of 450 missed
     * messages of 3.9 KB, 5 MB; a session's room messages are queued up to half of
     * chat.ws.outbox.max-bytes, 512 KiB) and reads nothing for a second is not closed: what does
     * not fit is read from the database as the client takes what waits, every room in order, each
     * message once.
     */
    @Test
    void resumingMoreThanTheOutboxTakesCatchesUpInOrderWithoutAClose() throws InterruptedException {
        int perRoom = 450; // below chat.ws.resume-max-messages: each replay is complete
        String content = "y".repeat(3_900);
        TestUser carol = TestUser.register(api, "carol");
        TestUser dave = TestUser.register(api, "dave");
        Map<String, TestUser> senders = Map.of(room, alice, carol.createGroup(api, "second", bob).id(), carol,
                dave.createGroup(api, "third", bob).id(), dave); // one sender per room: each within its rate limit
        senders.forEach((roomId, sender) -> {
            try (var session = sender.connect(base)) {
                for (int i = 1; i <= perRoom; i++) {
                    session.send(new SendMessage(roomId, content + i, "missed-" + i, null));
                }
                for (int i = 1; i <= perRoom; i++) {
                    session.await(Ack.class);
                }
            }
        });
        senders.keySet().forEach(roomId -> await().atMost(Duration.ofSeconds(60)).until(() -> StoredMessages.of(roomId).size() == perRoom));
        double catchUpsBefore = NodeMetrics.value(base, "chat_ws_catch_up_reads_total");

        try (var bobSession = bob.connect(base)) {
            bobSession.pauseReading(); // for less than chat.ws.outbox.stall-ms of the tests (3 s)
            senders.keySet().forEach(roomId -> bobSession.send(new Resume(roomId, 0L)));
            Thread.sleep(1_500);
            bobSession.resumeReading();
            Map<String, List<Long>> received = new HashMap<>();
            for (int i = 0; i < senders.size() * perRoom; i++) {
                MessageDelivered message = bobSession.await(MessageDelivered.class);
                received.computeIfAbsent(message.roomId(), roomId -> new ArrayList<>()).add(message.seq());
            }
            bobSession.assertNone(MessageDelivered.class, Duration.ofSeconds(1));

            assertThat(bobSession.isOpen()).isTrue();
            senders.keySet().forEach(roomId -> assertThat(received.get(roomId)).as("room %s", roomId)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, perRoom).boxed().toList()));
        }
        assertThat(NodeMetrics.value(base, "chat_ws_catch_up_reads_total")).as("read from the database as it drained")
                .isGreaterThan(catchUpsBefore);
    }

    @Test
    void resentClientMsgIdGetsTheSameMessageIdAndIsStoredAndDeliveredOnce() throws Exception {
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            aliceSession.send(new SendMessage(room, "only once", "lost-ack", null));
            aliceSession.send(new SendMessage(room, "only once", "lost-ack", null));

            Ack first = aliceSession.await(Ack.class);
            Ack second = aliceSession.await(Ack.class);
            assertThat(second.messageId()).isEqualTo(first.messageId());
            assertThat(bobSession.await(MessageDelivered.class, m -> m.roomId().equals(room)).messageId()).isEqualTo(first.messageId());
            bobSession.assertNone(MessageDelivered.class, Duration.ofSeconds(1));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> StoredMessages.of(room).size() == 1);
        Thread.sleep(500);
        assertThat(StoredMessages.of(room)).hasSize(1);
    }

    @Test
    void replyToMustNameAMessageOfTheSameRoom() {
        String otherRoom = alice.createGroup(api, "elsewhere", bob).id();
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            aliceSession.send(new SendMessage(room, "question?", "q-1", null));
            String question = bobSession.await(MessageDelivered.class, m -> m.roomId().equals(room)).messageId();

            bobSession.send(new SendMessage(otherRoom, "answer in the wrong room", "a-1", question));
            ErrorFrame refused = bobSession.await(ErrorFrame.class);
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(refused.clientMsgId()).isEqualTo("a-1");
            bobSession.send(new SendMessage(room, "no such message", "a-2", "019a0000-0000-7000-8000-000000000000"));
            assertThat(bobSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);

            bobSession.send(new SendMessage(room, "answer", "a-3", question));
            assertThat(bobSession.await(Ack.class).clientMsgId()).isEqualTo("a-3");
            MessageDelivered answer = aliceSession.await(MessageDelivered.class, m -> "answer".equals(m.content()));
            assertThat(answer.replyTo()).isEqualTo(question);
        }
    }

    private void sendAndAwaitAcks(ChatClient session, int from, int to) {
        for (int i = from; i <= to; i++) {
            String clientMsgId = "m-" + i;
            session.send(new SendMessage(room, "message " + i, clientMsgId, null));
            session.await(Ack.class, ack -> ack.clientMsgId().equals(clientMsgId));
        }
    }

    private static List<Long> seqs(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.readList(response, MessageView.class).stream().map(MessageView::seq).toList();
    }
}
