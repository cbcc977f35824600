package dev.chat.connection.control;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TyrusIdleTimersTest {

    /** Named as Tyrus names its idle-timeout task (TyrusSession.IdleTimeoutCommand). */
    static final class IdleTimeoutCommand implements Runnable {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run() {
            runs.incrementAndGet();
        }
    }

    @Test
    void idleTimeoutTasksAreNeverScheduledOtherTasksRun() throws InterruptedException {
        var scheduler = new TyrusIdleTimers.WithoutIdleTimeoutTasks();
        try {
            var idle = new IdleTimeoutCommand();
            ScheduledFuture<?> notScheduled = scheduler.schedule(idle, 0, TimeUnit.MILLISECONDS);
            CountDownLatch heartbeat = new CountDownLatch(1);
            scheduler.schedule(heartbeat::countDown, 1, TimeUnit.MILLISECONDS);

            assertThat(heartbeat.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(notScheduled.isCancelled()).isTrue();
            assertThat(notScheduled.isDone()).isTrue();
            assertThat(idle.runs).hasValue(0);
            assertThat(scheduler.getQueue()).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void cancelledTasksLeaveTheQueueAtOnce() {
        var scheduler = new TyrusIdleTimers.WithoutIdleTimeoutTasks();
        try {
            scheduler.schedule(() -> { }, 1, TimeUnit.HOURS).cancel(false);

            assertThat(scheduler.getQueue()).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
