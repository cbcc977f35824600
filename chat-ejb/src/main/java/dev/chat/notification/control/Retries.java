package dev.chat.notification.control;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Tries an asynchronous delivery up to {@code maxAttempts} times, waiting {@code firstBackoffMs},
 * then twice as long each time, while it fails with a retryable {@link DeliveryFailure}; then the
 * last failure stands. No thread waits meanwhile: the scheduler starts each attempt.
 */
public final class Retries {
    private Retries() {
    }

    public static <T> CompletionStage<T> withBackoff(Supplier<CompletionStage<T>> attempt, int maxAttempts, long firstBackoffMs,
                                                     ScheduledExecutorService scheduler) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(attempt, 1, maxAttempts, firstBackoffMs, scheduler, result);
        return result;
    }

    private static <T> void run(Supplier<CompletionStage<T>> attempt, int number, int maxAttempts, long backoffMs,
                                ScheduledExecutorService scheduler, CompletableFuture<T> result) {
        CompletionStage<T> tried;
        try {
            tried = attempt.get();
        } catch (RuntimeException e) {
            tried = CompletableFuture.failedFuture(e);
        }
        tried.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (number < maxAttempts && cause instanceof DeliveryFailure delivery && delivery.retryable()) {
                scheduler.schedule(() -> run(attempt, number + 1, maxAttempts, backoffMs * 2, scheduler, result), backoffMs,
                        TimeUnit.MILLISECONDS);
            } else {
                result.completeExceptionally(cause);
            }
        });
    }
}
