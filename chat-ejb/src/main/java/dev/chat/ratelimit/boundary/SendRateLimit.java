package dev.chat.ratelimit.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.platform.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each user's budget for what they write (messages, edits, deletes, reactions): at most
 * {@code chat.ratelimit.messages} per {@code chat.ratelimit.interval-seconds}, all of it usable
 * at once (a burst), counted on every node together by a Redisson {@link RRateLimiter} per user.
 * Beyond it: {@code RATE_LIMITED} with {@code retryAfterMs} (HTTP 429 with Retry-After).
 * <p>
 * While Redis is unreachable nothing is refused: a chat that stops accepting messages because its
 * limiter is down would be worse than a flood for a few seconds. The outage is logged (WARNING,
 * at most once a minute) and the readiness check reports Redis.
 */
@ApplicationScoped
public class SendRateLimit {
    private static final Logger LOG = Logger.getLogger(SendRateLimit.class.getName());
    private static final long WARN_EVERY_MS = 60_000;

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "chat.ratelimit.messages", defaultValue = "60")
    long permits;

    @Inject
    @ConfigProperty(name = "chat.ratelimit.interval-seconds", defaultValue = "60")
    long intervalSeconds;

    private final AtomicLong lastWarning = new AtomicLong();

    /** Takes one permit of the user's budget; fails with {@code RATE_LIMITED} when it is spent. Never blocks. */
    public CompletionStage<Void> acquire(String userId) {
        if (permits <= 0) {
            return CompletableFuture.completedFuture(null); // 0 = no limit
        }
        RRateLimiter limiter;
        try {
            limiter = limiterOf(userId);
        } catch (RuntimeException e) {
            return allowWithoutRedis(userId, e);
        }
        Duration interval = Duration.ofSeconds(intervalSeconds);
        // one round trip as a rule: the limiter is configured only when Redis says it is not (first use, or
        // expired after two idle intervals: keepAlive)
        return limiter.tryAcquireAsync()
                .exceptionallyCompose(failure -> notInitialized(failure)
                        ? limiter.trySetRateAsync(RateType.OVERALL, permits, interval, interval.multipliedBy(2))
                                .thenCompose(ignored -> limiter.tryAcquireAsync())
                        : CompletableFuture.failedStage(failure))
                .handle((granted, failure) -> {
                    if (failure != null) {
                        allowWithoutRedis(userId, failure);
                        return null;
                    }
                    if (!granted) {
                        throw refusal();
                    }
                    return null;
                });
    }

    private static boolean notInitialized(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("not initialized")) {
                return true;
            }
        }
        return false;
    }

    /** {@link #acquire} for callers on a worker thread (REST, room actions), where waiting for Redis is fine. */
    public void acquireNow(String userId) {
        try {
            acquire(userId).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof ChatException refused ? refused : e;
        }
    }

    private RRateLimiter limiterOf(String userId) {
        return redis.client().getRateLimiter("ratelimit:send:{" + userId + "}");
    }

    /** The wait for the next permit if the budget refills evenly: the interval divided by the permits. */
    private ChatException refusal() {
        long retryAfterMs = Math.max(1, intervalSeconds * 1000 / permits);
        return new ChatException(ErrorCode.RATE_LIMITED,
                "more than " + permits + " messages in " + intervalSeconds + " s: wait and send again", retryAfterMs);
    }

    private CompletionStage<Void> allowWithoutRedis(String userId, Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "Rate limit not checked (Redis unavailable), allowing user {0}: {1}",
                    new Object[]{userId, failure.toString()});
        }
        return CompletableFuture.completedFuture(null);
    }
}
