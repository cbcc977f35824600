package dev.chat.connection.control;

import dev.chat.api.codec.ChatJson;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SessionOutboxTest {
    private static final SessionOutbox.Limits ONE_PER_WRITE = new SessionOutbox.Limits(3, 1_000, 1, 1_000, 10_000);

    private final FakeSession client = new FakeSession("s1");
    private final ManualWriters writers = new ManualWriters();
    private static final SessionOutbox.Limits ROOMY = new SessionOutbox.Limits(100, 10_000, 1, 10_000, 10_000);

    private final AtomicInteger overflows = new AtomicInteger();
    private final List<String> repairs = new ArrayList<>();
    /** Rooms behind whose read was asked for at once (a drained queue). */
    private final List<String> catchUps = new ArrayList<>();

    @Test
    void oneSendInFlightTheNextWhenTheClientTookIt() {
        SessionOutbox outbox = outbox(ONE_PER_WRITE);

        outbox.offer("a");
        outbox.offer("b");
        writers.runAll();
        assertThat(client.sent).containsExactly("a");

        client.complete();
        writers.runAll();
        assertThat(client.sent).containsExactly("a", "b");
        assertThat(client.inFlight()).isEqualTo(1);
    }

    @Test
    void aClientThatDoesNotReadIsClosedWith1013OnceAndCountedOnce() {
        SessionOutbox outbox = outbox(ONE_PER_WRITE);
        outbox.offer("in flight");
        writers.runAll();
        for (int i = 0; i < 3; i++) {
            assertThat(outbox.offer("waiting " + i)).isTrue();
        }

        assertThat(outbox.offer("one too many")).isFalse();
        assertThat(outbox.offer("after the close")).isFalse();

        assertThat(overflows).hasValue(1);
        assertThat(client.closes).singleElement()
                .satisfies(reason -> assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.TRY_AGAIN_LATER));
        assertThat(outbox.isClosed()).isTrue();
    }

    @Test
    void aSessionClosedByItsClientIsNeverCountedAsTooSlow() {
        SessionOutbox outbox = outbox(ONE_PER_WRITE);
        outbox.offer("in flight");
        writers.runAll();
        outbox.markClosed(); // @OnClose

        for (int i = 0; i < 10; i++) {
            assertThat(outbox.offer("late " + i)).isFalse();
        }

        assertThat(overflows).hasValue(0);
        assertThat(client.closes).isEmpty();
    }

    @Test
    void aBatchingClientGetsWhatQueuedMeanwhileInOneWrite() {
        SessionOutbox outbox = outbox(new SessionOutbox.Limits(100, 10_000, 10, 10_000, 10_000));
        outbox.offer("{\"type\":\"PONG\",\"ts\":\"2026-01-01T00:00:00Z\"}");
        writers.runAll();
        outbox.offer("{\"type\":\"PONG\",\"ts\":\"2026-01-01T00:00:01Z\"}");
        outbox.offer("{\"type\":\"PONG\",\"ts\":\"2026-01-01T00:00:02Z\"}");

        client.complete();
        writers.runAll();

        assertThat(client.sent).hasSize(2);
        assertThat(ChatJson.instance().decodeServerFrames(client.sent.get(1))).hasSize(2);
    }

    @Test
    void aRedeliveredSeqIsNotSentTwice() {
        SessionOutbox outbox = outbox(ROOMY);

        outbox.offerInRoom("r", 1, "m1");
        outbox.offerInRoom("r", 2, "m2");
        outbox.offerInRoom("r", 1, "m1 again");
        drain();

        assertThat(client.sent).containsExactly("m1", "m2");
    }

    @Test
    void liveFramesDuringAReplayWaitAndFollowItInSeqOrderWithoutDuplicates() {
        SessionOutbox outbox = outbox(ROOMY);

        SessionOutbox.Replay replay = outbox.replay("r", 3, after -> {
            // while the database is read, seqs 6 and 5 arrive live, and 5 is also in the replay
            outbox.offerInRoom("r", 6, "m6");
            outbox.offerInRoom("r", 5, "m5 live");
            outbox.offerRoomEvent("r", "edit of m4");
            return new SessionOutbox.Replayed(List.of(frame(4), frame(5)), true);
        });
        outbox.offerInRoom("r", 7, "m7");
        outbox.offerInRoom("r", 2, "m2: the client has it");
        drain();

        assertThat(replay.from()).isEqualTo(3);
        assertThat(client.sent).containsExactly("m4", "m5", "m6", "edit of m4", "m7");
    }

    @Test
    void aNewConnectionsRoomsHoldLiveFramesUntilTheClientResumesThem() {
        SessionOutbox outbox = holdingOutbox();
        outbox.offerInRoom("r", 11, "m11"); // live, before the client's RESUME is read
        outbox.offerInRoom("r", 10, "m10");
        drain();
        assertThat(client.sent).isEmpty();

        outbox.replay("r", 7, after -> new SessionOutbox.Replayed(List.of(frame(8), frame(9), frame(10)), true));
        drain();

        assertThat(client.sent).containsExactly("m8", "m9", "m10", "m11");
    }

    @Test
    void roomsNobodyResumedGoLiveInSeqOrderWhenTheHoldEnds() {
        SessionOutbox outbox = holdingOutbox();
        outbox.offerInRoom("r", 5, "m5");
        outbox.offerRoomEvent("r", "reaction to m4");
        outbox.offerInRoom("r", 4, "m4");

        outbox.releaseHolding();
        outbox.offerInRoom("s", 1, "s1"); // a room first heard of after the hold: live at once
        drain();

        assertThat(client.sent).containsExactly("m4", "m5", "reaction to m4", "s1");
    }

    @Test
    void aGapWaitsForItsRepairAndWhatTheDatabaseDoesNotHaveIsGivenUp() {
        SessionOutbox outbox = outbox(ROOMY);
        outbox.offerInRoom("r", 1, "m1");
        outbox.offerInRoom("r", 4, "m4");
        outbox.offerRoomEvent("r", "edit of m4");
        drain();
        assertThat(client.sent).containsExactly("m1");
        assertThat(repairs).containsExactly("r");
        assertThat(outbox.gapToRepair("r")).contains(new SessionOutbox.Gap(1, 2));

        outbox.repaired("r", 3, List.of(frame(2))); // 3 is nowhere
        drain();

        assertThat(client.sent).containsExactly("m1", "m2", "m4", "edit of m4");
        assertThat(outbox.gapToRepair("r")).isEmpty();
        outbox.offerInRoom("r", 5, "m5");
        drain();
        assertThat(client.sent).endsWith("m5");
    }

    @Test
    void aGapFilledByTheLiveStreamNeedsNoRepair() {
        SessionOutbox outbox = outbox(ROOMY);
        outbox.offerInRoom("r", 1, "m1");
        outbox.offerInRoom("r", 3, "m3");
        outbox.offerInRoom("r", 2, "m2"); // from the other way round (the stored stream)
        drain();

        assertThat(client.sent).containsExactly("m1", "m2", "m3");
        assertThat(outbox.gapToRepair("r")).isEmpty();
    }

    @Test
    void messagesKnownToExistAreRepairedThoughNothingLaterArrives() {
        SessionOutbox outbox = outbox(ROOMY);
        outbox.offerInRoom("r", 1, "m1");
        drain();

        outbox.expectUpTo("r", 3); // the node subscribed late: 2 and 3 were published before
        assertThat(repairs).containsExactly("r");
        assertThat(outbox.gapToRepair("r")).contains(new SessionOutbox.Gap(1, 2));

        outbox.repaired("r", 3, List.of(frame(2), frame(3)));
        drain();
        assertThat(client.sent).containsExactly("m1", "m2", "m3");
        assertThat(outbox.gapToRepair("r")).isEmpty();

        outbox.expectUpTo("r", 3); // a second catch-up that finds nothing new
        outbox.offerInRoom("r", 3, "m3");
        outbox.offerInRoom("r", 4, "m4");
        drain();
        assertThat(client.sent).containsExactly("m1", "m2", "m3", "m4");
        assertThat(repairs).containsExactly("r");
    }

    @Test
    void aKnownLastSeqWaitsForAReplayInProgressAndIsRepairedAfterIt() {
        SessionOutbox outbox = outbox(ROOMY);
        outbox.replay("r", 4, from -> {
            outbox.expectUpTo("r", 7); // the catch-up ran while the replay was read
            return new SessionOutbox.Replayed(List.of(frame(5)), true);
        });
        drain();

        assertThat(client.sent).containsExactly("m5");
        assertThat(repairs).containsExactly("r");
        assertThat(outbox.gapToRepair("r")).contains(new SessionOutbox.Gap(5, 2));
    }

    @Test
    void aRoomThatGotNothingYetOwesNothingKnown() {
        SessionOutbox outbox = outbox(ROOMY);
        outbox.goLive("r"); // SUBSCRIBE without afterSeq: live from the next message

        outbox.expectUpTo("r", 7);

        assertThat(repairs).isEmpty();
        outbox.offerInRoom("r", 8, "m8");
        drain();
        assertThat(client.sent).containsExactly("m8");
    }

    @Test
    void aRepairThatCouldNotReadEverythingAsksAgainInsteadOfSkipping() {
        SessionOutbox outbox = outbox(ROOMY);
        outbox.offerInRoom("r", 1, "m1");
        outbox.offerInRoom("r", 5, "m5");

        outbox.repaired("r", 2, List.of(frame(2))); // a read capped at one message
        drain();

        assertThat(client.sent).containsExactly("m1", "m2");
        assertThat(repairs).containsExactly("r", "r");
    }

    @Test
    void aClientNotHeardFromYetGetsFourWindowsToResumeAndNoRoomStopsHoldingWhileAResumeIsHandled() {
        SessionOutbox outbox = holdingOutbox();
        long window = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        outbox.startHoldWindow();

        assertThat(outbox.holdLeftNanos(window)).as("silent: its RESUME may still wait to be read").isGreaterThan(3 * window);

        outbox.heard(); // a PING first
        assertThat(outbox.holdLeftNanos(window)).isBetween(window / 2, window);

        outbox.positioning(); // a RESUME whose membership check waits for the database
        assertThat(outbox.holdLeftNanos(0)).as("no room stops holding while it is handled").isPositive();
        outbox.positioned();
        assertThat(outbox.holdLeftNanos(window)).isBetween(window / 2, window);

        outbox.releaseHolding();
        assertThat(outbox.holdLeftNanos(window)).isZero();
    }

    @Test
    void aRepairSkipsOnlyWhatItReadAndASecondGapGetsItsOwnRepair() {
        SessionOutbox outbox = outbox(ROOMY);
        outbox.offerInRoom("r", 9, "m9");
        outbox.offerInRoom("r", 11, "m11");
        outbox.offerInRoom("r", 13, "m13");
        assertThat(outbox.gapToRepair("r")).contains(new SessionOutbox.Gap(9, 1));

        outbox.repaired("r", 10, List.of(frame(10)));
        outbox.offerInRoom("r", 12, "m12"); // still on its way when the first repair read
        drain();

        assertThat(client.sent).containsExactly("m9", "m10", "m11", "m12", "m13");
        assertThat(repairs).containsExactly("r", "r");
    }

    @Test
    void theEndOfTheResumeWindowLeavesAPausedRoomPausedAndEventsPassWhilePaused() {
        SessionOutbox outbox = holdingOutbox();
        outbox.replay("r", 0, after -> new SessionOutbox.Replayed(List.of(frame(1)), false));

        outbox.releaseHolding();
        outbox.offerInRoom("r", 9, "m9");
        outbox.offerRoomEvent("r", "delete of m1");
        drain();

        assertThat(client.sent).containsExactly("m1", "delete of m1");
    }

    @Test
    void aRoomLeftWhileItsReplayIsReadGetsNothingOfIt() {
        SessionOutbox outbox = outbox(ROOMY);

        outbox.replay("r", 0, after -> {
            outbox.forget("r"); // membership removed meanwhile
            return new SessionOutbox.Replayed(List.of(frame(1)), true);
        });
        drain();

        assertThat(client.sent).isEmpty();
    }

    @Test
    void eachResumeGivesTheOtherRoomsAnotherWindow() throws InterruptedException {
        SessionOutbox outbox = holdingOutbox();
        long window = 200_000_000L;
        Thread.sleep(150);
        outbox.replay("r", 0, after -> new SessionOutbox.Replayed(List.of(), true));

        assertThat(outbox.holdLeftNanos(window)).isGreaterThan(window / 2);
        outbox.releaseHolding();
        assertThat(outbox.holdLeftNanos(window)).isZero();
    }

    @Test
    void aResumeOfARoomAlreadyLiveHereReplaysOnlyWhatCameAfter() {
        SessionOutbox outbox = outbox(ROOMY);
        outbox.offerInRoom("r", 20, "m20");

        long from = outbox.replay("r", 15, after -> new SessionOutbox.Replayed(List.of(), true)).from();
        outbox.offerInRoom("r", 21, "m21");
        drain();

        assertThat(from).as("older seqs would come after m20").isEqualTo(20);
        assertThat(client.sent).containsExactly("m20", "m21");
    }

    @Test
    void anIncompleteReplayPausesTheRoomUntilTheNextResume() {
        SessionOutbox outbox = outbox(ROOMY);
        outbox.replay("r", 0, after -> new SessionOutbox.Replayed(List.of(frame(1), frame(2)), false));
        outbox.offerInRoom("r", 9, "m9");
        drain();
        assertThat(client.sent).containsExactly("m1", "m2");

        outbox.replay("r", 8, after -> new SessionOutbox.Replayed(List.of(), true));
        outbox.offerInRoom("r", 9, "m9");
        drain();
        assertThat(client.sent).containsExactly("m1", "m2", "m9");
    }

    @Test
    void aRoomHoldingHalfAnOutboxGoesLiveInOrderWithoutWaitingForTheResume() {
        SessionOutbox outbox = holdingOutbox(); // ROOMY: 100 frames, messages queued up to 50
        for (int seq = 1; seq <= 51; seq++) {
            assertThat(outbox.offerInRoom("r", seq, "m" + seq)).isTrue();
        }
        catchUpFromTheDatabase(outbox, 51);

        assertThat(client.sent).hasSize(51).startsWith("m1", "m2").endsWith("m51");
        assertThat(client.closes).isEmpty();
        assertThat(outbox.offerInRoom("r", 52, "m52")).isTrue(); // live from here
        drain();
        assertThat(client.sent).endsWith("m52");
    }

    @Test
    void aClientBehindABurstIsNotClosedAndGetsEveryMessageInOrderReadFromTheDatabaseAsItDrains() {
        SessionOutbox outbox = outbox(ROOMY); // messages queued up to 50, read again from 25
        outbox.offerInRoom("r", 1, "m1");
        outbox.offerInRoom("s", 1, "m1 of s");
        drain();
        for (int seq = 2; seq <= 300; seq++) { // a persister catching up, faster than the client reads
            assertThat(outbox.offerInRoom("r", seq, "m" + seq)).isTrue();
        }
        outbox.offerRoomEvent("r", "reaction to m1"); // an event of a room behind goes out at once: it states its outcome
        outbox.offer("{\"type\":\"ACK\"}"); // not a message of a room: queued up to the whole bound

        assertThat(repairs).as("nothing is read while the queue is full").isEmpty();
        catchUpFromTheDatabase(outbox, 300);

        assertThat(client.closes).isEmpty();
        assertThat(overflows).hasValue(0);
        assertThat(client.sent).contains("reaction to m1", "{\"type\":\"ACK\"}", "m1 of s");
        assertThat(client.sent.stream().filter(text -> text.matches("m\\d+")))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 300).mapToObj(seq -> "m" + seq).toList());
        assertThat(catchUps).as("249 owed: a read at a time, each as much as the queue has room for (50)").hasSize(5);
        assertThat(repairs).isEmpty();

        outbox.offerInRoom("r", 301, "m301"); // caught up: live again
        drain();
        assertThat(client.sent).endsWith("m301");
    }

    @Test
    void roomsThatHeldTogetherMoreThanTheOutboxGoLiveWithoutClosingTheClient() {
        SessionOutbox outbox = holdingOutbox(); // ROOMY: 100 frames; each room holds up to half of them
        for (int seq = 1; seq <= 45; seq++) { // senders faster than the resume window: RoomOrderingIT failed so
            for (String room : List.of("a", "b", "c")) {
                outbox.offerInRoom(room, seq, room + seq);
            }
        }

        outbox.releaseHolding(); // 135 frames at once
        drain();
        for (int read = 0; read < catchUps.size(); read++) {
            String room = catchUps.get(read);
            var gap = outbox.gapToRepair(room).orElseThrow();
            long upTo = Math.min(45, gap.afterSeq() + gap.missing());
            outbox.repaired(room, upTo, java.util.stream.LongStream.rangeClosed(gap.afterSeq() + 1, upTo)
                    .mapToObj(seq -> new SessionOutbox.RoomFrame(seq, room + seq)).toList());
            drain();
        }

        assertThat(client.closes).isEmpty();
        for (String room : List.of("a", "b", "c")) {
            assertThat(client.sent.stream().filter(text -> text.startsWith(room)))
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 45).mapToObj(seq -> room + seq).toList());
        }
    }

    @Test
    void anIncompleteReplayThatDidNotFitPausesAfterWhatItSentSoThatTheClientPagesOnFromThere() {
        SessionOutbox outbox = outbox(new SessionOutbox.Limits(8, 10_000, 1, 10_000, 10_000)); // messages queued up to 4

        SessionOutbox.Replay replay = outbox.replay("r", 0, after -> new SessionOutbox.Replayed(
                java.util.stream.LongStream.rangeClosed(1, 6).mapToObj(SessionOutboxTest::frame).toList(), false));
        drain();

        assertThat(client.sent).containsExactly("m1", "m2", "m3", "m4");
        assertThat(replay.sentUpTo()).as("5 and 6 were read but not sent").isEqualTo(4);
        assertThat(catchUps).as("paused: the client pages the rest").isEmpty();
    }

    @Test
    void aClientThatTakesNothingWhileItsRoomsSpeakIsClosedWith1013OnceItStalled() throws InterruptedException {
        SessionOutbox outbox = outbox(new SessionOutbox.Limits(100, 10_000, 1, 10_000, 20));
        for (int seq = 1; seq <= 100; seq++) {
            assertThat(outbox.offerInRoom("r", seq, "m" + seq)).isTrue(); // half queued, the rest owed: no close yet
        }
        writers.runAll(); // the first is in flight, and never taken
        assertThat(client.closes).isEmpty();

        Thread.sleep(40);
        assertThat(outbox.offerInRoom("r", 101, "m101")).isFalse();

        assertThat(overflows).hasValue(1);
        assertThat(client.closes).singleElement().satisfies(reason -> {
            assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.TRY_AGAIN_LATER);
            assertThat(reason.getReasonPhrase()).contains("took no frame for 20 ms");
        });
    }

    @Test
    void aGapInARoomBehindIsGivenUpOnlyWhereTheDatabaseLacksIt() {
        SessionOutbox outbox = outbox(new SessionOutbox.Limits(8, 10_000, 1, 10_000, 10_000)); // messages queued up to 4
        outbox.offerInRoom("r", 1, "m1");
        drain();
        for (int seq = 2; seq <= 12; seq++) {
            outbox.offerInRoom("r", seq, "m" + seq);
        }
        drain();
        assertThat(client.sent).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(outbox.gapToRepair("r")).contains(new SessionOutbox.Gap(5, 4));

        outbox.repaired("r", 9, List.of(frame(6), frame(8), frame(9))); // 7 is nowhere
        drain();
        assertThat(outbox.gapToRepair("r")).as("still behind: 10 to 12 owed").contains(new SessionOutbox.Gap(9, 3));
        outbox.repaired("r", 12, List.of(frame(10), frame(11), frame(12)));
        drain();

        assertThat(client.sent).containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m8", "m9", "m10", "m11", "m12");
    }

    /**
     * Plays the client that reads and the node that reads the database ({@code RoomOrdering}): the
     * session drains, and each read it asks for returns what the room had, up to {@code lastSeq}.
     */
    private void catchUpFromTheDatabase(SessionOutbox outbox, long lastSeq) {
        drain();
        for (int read = 0; read < catchUps.size(); read++) {
            String roomId = catchUps.get(read);
            var gap = outbox.gapToRepair(roomId).orElseThrow();
            long upTo = Math.min(lastSeq, gap.afterSeq() + gap.missing());
            List<SessionOutbox.RoomFrame> found = java.util.stream.LongStream.rangeClosed(gap.afterSeq() + 1, upTo)
                    .mapToObj(SessionOutboxTest::frame).toList();
            outbox.repaired(roomId, upTo, found);
            drain();
        }
    }

    private void requested(SessionOutbox outbox, String roomId, boolean now) {
        (now ? catchUps : repairs).add(roomId);
    }

    private static SessionOutbox.RoomFrame frame(long seq) {
        return new SessionOutbox.RoomFrame(seq, "m" + seq);
    }

    private SessionOutbox holdingOutbox() {
        return new SessionOutbox(client.session, "u1", ROOMY, writers, true, this::requested, overflows::incrementAndGet, null);
    }

    private SessionOutbox outbox(SessionOutbox.Limits limits) {
        return new SessionOutbox(client.session, "u1", limits, writers, false, this::requested, overflows::incrementAndGet, null);
    }

    /** Runs the writers and completes every send, until nothing waits. */
    private void drain() {
        writers.runAll();
        while (client.inFlight() > 0) {
            client.complete();
            writers.runAll();
        }
    }

    /** The writer pool, run by the test: nothing happens between two steps it does not take. */
    private static final class ManualWriters implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }
}
