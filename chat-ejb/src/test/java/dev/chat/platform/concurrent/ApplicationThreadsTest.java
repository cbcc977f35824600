package dev.chat.platform.concurrent;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Scheduled work: each kind on its own thread, and a round that throws stops nothing. */
class ApplicationThreadsTest {
    private final ApplicationThreads threads = new ApplicationThreads();

    @BeforeEach
    void wire() {
        threads.threadFactory = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable runnable) {
                return new Thread(runnable);
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
        threads.configuredThreads = 1;
        threads.queueSize = 1;
        threads.createPool();
    }

    @AfterEach
    void stop() {
        threads.stop();
    }

    @Test
    void aRoundThatHangsHoldsUpNoOtherScheduledWork() throws InterruptedException {
        var release = new CountDownLatch(1);
        var hanging = new CountDownLatch(1);
        threads.every("hangs", Duration.ofMillis(10), () -> {
            hanging.countDown();
            awaitQuietly(release);
        });
        assertThat(hanging.await(5, TimeUnit.SECONDS)).isTrue();

        var rounds = new CountDownLatch(5);
        threads.every("keeps-time", Duration.ofMillis(10), rounds::countDown);

        assertThat(rounds.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
    }

    @Test
    void aRoundThatThrowsIsLoggedAndTheNextRoundRuns() throws InterruptedException {
        var rounds = new AtomicInteger();
        var third = new CountDownLatch(1);
        threads.every("throws", Duration.ofMillis(10), () -> {
            if (rounds.incrementAndGet() == 3) {
                third.countDown();
            }
            throw new IllegalStateException("round " + rounds.get());
        });

        assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTimersThreadIsNamedForItsWork() throws InterruptedException {
        var name = new AtomicReference<String>();
        var ran = new CountDownLatch(1);
        threads.timer("presence-heartbeat").schedule(() -> {
            name.set(Thread.currentThread().getName());
            ran.countDown();
        }, 0, TimeUnit.MILLISECONDS);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(name.get()).isEqualTo("chat-presence-heartbeat");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
