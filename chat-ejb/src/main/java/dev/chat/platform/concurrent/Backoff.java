package dev.chat.platform.concurrent;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Blocking work of a consumer's own thread, tried until it succeeds: a database or Kafka that is
 * away for a while holds the consumer instead of losing its batch. It waits 100 ms, then twice as
 * long each time up to {@code maxBackoffMs}, and says so loudly at first and then every 20th
 * attempt, so that a stuck consumer is never silent.
 */
public final class Backoff {
    private static final long FIRST_MS = 100;

    private Backoff() {
    }

    /** @param what what {@code work} does, for the log ("Could not " + what) */
    public static <T> T untilDone(String what, long maxBackoffMs, Logger log, Supplier<T> work) throws InterruptedException {
        long backoffMs = FIRST_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                log.log(attempt == 1 || attempt % 20 == 0 ? Level.WARNING : Level.FINE, "Could not " + what + " (attempt " + attempt
                        + "), retrying in " + backoffMs + " ms", e);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
            }
        }
    }
}
