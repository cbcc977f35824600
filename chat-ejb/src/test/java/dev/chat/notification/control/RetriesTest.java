package dev.chat.notification.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetriesTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aRetryableFailureIsTriedAgainUntilItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();

        String result = Retries.withBackoff(() -> attempts.incrementAndGet() < 3
                        ? CompletableFuture.<String>failedFuture(DeliveryFailure.ofStatus("receiver", 503))
                        : CompletableFuture.completedFuture("sent"), 5, 1, scheduler)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(result).isEqualTo("sent");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        AtomicInteger attempts = new AtomicInteger();

        var result = Retries.withBackoff(() -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(DeliveryFailure.ofStatus("receiver", 500));
        }, 4, 1, scheduler).toCompletableFuture();

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DeliveryFailure.class);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void aRefusalIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();

        var result = Retries.withBackoff(() -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(DeliveryFailure.ofStatus("receiver", 400));
        }, 4, 1, scheduler).toCompletableFuture();

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasMessageContaining("HTTP 400");
        assertThat(attempts).hasValue(1);
    }
}
