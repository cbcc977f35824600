package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageWorkersTest {
    private final ImageWorkers workers = new ImageWorkers();
    private final CountDownLatch release = new CountDownLatch(1);

    private void start(long maxDecodeMs) {
        workers.workers = 1;
        workers.queue = 1;
        workers.maxDecodeMs = maxDecodeMs;
        workers.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        workers.stop();
    }

    @Test
    void workRunsAndItsRefusalReachesTheCaller() {
        start(5_000);
        assertThat(workers.run(() -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> workers.run(() -> {
            throw new ChatException(ErrorCode.UNSUPPORTED_TYPE, "broken");
        })).isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
    }

    @Test
    void anImageThatTakesTooLongIsRefused() {
        start(100);
        assertThatThrownBy(() -> workers.run(() -> release.await(10, TimeUnit.SECONDS)))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }

    @Test
    void beyondTheWorkersAndTheQueueUploadsAreAskedToComeBack() throws Exception {
        start(10_000);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> workers.run(() -> {
            running.countDown();
            return release.await(10, TimeUnit.SECONDS);
        }));
        running.await(5, TimeUnit.SECONDS);
        CompletableFuture.runAsync(() -> workers.run(() -> release.await(10, TimeUnit.SECONDS))); // waits in the queue
        Thread.sleep(200);

        assertThatThrownBy(() -> workers.run(() -> 1))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED));
    }
}
