package dev.chat.connection.control;

import dev.chat.api.codec.ChatJson;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SessionOutboxTest {
    private static final SessionOutbox.Limits ONE_PER_WRITE = new SessionOutbox.Limits(3, 1_000, 1, 1_000);

    private final FakeSession client = new FakeSession("s1");
    private final ManualWriters writers = new ManualWriters();
    private final AtomicInteger overflows = new AtomicInteger();

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
        SessionOutbox outbox = outbox(new SessionOutbox.Limits(100, 10_000, 10, 10_000));
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
        SessionOutbox outbox = outbox(new SessionOutbox.Limits(100, 10_000, 1, 10_000));

        outbox.offerInRoom("r", 1, "m1");
        outbox.offerInRoom("r", 2, "m2");
        outbox.offerInRoom("r", 1, "m1 again");
        drain();

        assertThat(client.sent).containsExactly("m1", "m2");
    }

    @Test
    void liveFramesDuringAReplayWaitAndFollowItInSeqOrderWithoutDuplicates() {
        SessionOutbox outbox = outbox(new SessionOutbox.Limits(100, 10_000, 1, 10_000));

        outbox.replay("r", 3, () -> {
            // while the database is read, seqs 6 and 5 arrive live, and 5 is also in the replay
            outbox.offerInRoom("r", 6, "m6");
            outbox.offerInRoom("r", 5, "m5 live");
            outbox.offerRoomEvent("r", "edit of m4");
            return List.of(new SessionOutbox.RoomFrame(4, "m4"), new SessionOutbox.RoomFrame(5, "m5"));
        });
        outbox.offerInRoom("r", 7, "m7");
        outbox.offerInRoom("r", 2, "m2: the client has it");
        drain();

        assertThat(client.sent).containsExactly("m4", "m5", "m6", "edit of m4", "m7");
    }

    private SessionOutbox outbox(SessionOutbox.Limits limits) {
        return new SessionOutbox(client.session, "u1", limits, writers, overflows::incrementAndGet);
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
