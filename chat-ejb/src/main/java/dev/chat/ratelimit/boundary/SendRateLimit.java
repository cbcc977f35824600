package dev.chat.ratelimit.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.platform.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RScript;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each user's budget for what they write (messages, edits, deletes, reactions): at most
 * {@code chat.ratelimit.messages} per {@code chat.ratelimit.interval-seconds}, in any such
 * interval, all of it usable at once (a burst), counted on every node together in Redis: a sliding
 * window of the permits taken, one sorted set per user ({@code ratelimit:window:{userId}}, the
 * permits as members scored by Redis's clock). Beyond it: {@code RATE_LIMITED} with
 * {@code retryAfterMs}, the time until the oldest permit of the window expires (HTTP 429 with
 * Retry-After).
 * <p>
 * A message takes its permit in the same Redis script as its {@code clientMsgId} reservation (one
 * round trip per message): {@link #PERMIT_FUNCTION} is the rule both scripts share.
 * <p>
 * While Redis is unreachable nothing is refused: a chat that stops accepting messages because its
 * limiter is down would be worse than a flood for a few seconds. The outage is logged (WARNING,
 * at most once a minute) and the readiness check reports Redis.
 */
@ApplicationScoped
public class SendRateLimit {
    private static final Logger LOG = Logger.getLogger(SendRateLimit.class.getName());
    private static final long WARN_EVERY_MS = 60_000;

    /**
     * Lua: {@code permit(window, limit, intervalMs, member)} takes a permit of the sorted set
     * {@code window} unless {@code limit} permits were taken in the last {@code intervalMs} (by
     * Redis's clock, the same for every node); answers 0 when taken, else the milliseconds until
     * the oldest permit leaves the window. {@code member} must be unique. {@code limit} 0: no limit.
     */
    public static final String PERMIT_FUNCTION = """
            local function permit(window, limit, intervalMs, member)
                if limit <= 0 then
                    return 0
                end
                local clock = redis.call('TIME')
                local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
                redis.call('ZREMRANGEBYSCORE', window, '-inf', now - intervalMs)
                if redis.call('ZCARD', window) >= limit then
                    local oldest = redis.call('ZRANGE', window, 0, 0, 'WITHSCORES')
                    return math.max(1, tonumber(oldest[2]) + intervalMs - now)
                end
                redis.call('ZADD', window, now, member)
                redis.call('PEXPIRE', window, intervalMs)
                return 0
            end
            """;

    private static final String ACQUIRE = PERMIT_FUNCTION + "return permit(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3])\n";

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "chat.ratelimit.messages", defaultValue = "60")
    long permits;

    @Inject
    @ConfigProperty(name = "chat.ratelimit.interval-seconds", defaultValue = "60")
    long intervalSeconds;

    private final AtomicLong lastWarning = new AtomicLong();

    /** A user's window and its rule, as the arguments of {@link #PERMIT_FUNCTION} (limit 0: no limit). */
    public record Window(String key, long limit, long intervalMs) {
    }

    public Window windowOf(String userId) {
        return new Window(windowKey(userId), Math.max(0, permits), intervalSeconds * 1000);
    }

    /** The Redis key of a user's window (for erasure). */
    public static String windowKey(String userId) {
        return "ratelimit:window:{" + userId + "}";
    }

    /** Takes one permit of the user's budget; fails with {@code RATE_LIMITED} when it is spent. Never blocks. */
    public CompletionStage<Void> acquire(String userId) {
        if (permits <= 0) {
            return CompletableFuture.completedFuture(null); // 0 = no limit
        }
        Window window = windowOf(userId);
        return redis.<Long>evalAsync(ACQUIRE, RScript.ReturnType.INTEGER, List.of(window.key()), window.limit(), window.intervalMs(),
                uniqueMember()).handle((retryAfterMs, failure) -> {
            if (failure != null) {
                notChecked("Rate limit", userId, failure);
                return null;
            }
            requireGranted(retryAfterMs);
            return null;
        });
    }

    /** {@link #acquire} for callers on a worker thread (REST, room actions), where waiting for Redis is fine. */
    public void acquireNow(String userId) {
        try {
            acquire(userId).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof ChatException refused ? refused : e;
        }
    }

    /** @throws ChatException RATE_LIMITED when {@link #PERMIT_FUNCTION} answered a wait ({@code > 0}) */
    public void requireGranted(long retryAfterMs) {
        if (retryAfterMs > 0) {
            throw new ChatException(ErrorCode.RATE_LIMITED,
                    "more than " + permits + " messages in " + intervalSeconds + " s: wait and send again", retryAfterMs);
        }
    }

    /** Logs (at most once a minute) that {@code what} was not checked because Redis failed; the user is let through. */
    public void notChecked(String what, String userId, Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "{0} not checked (Redis unavailable), allowing user {1}: {2}",
                    new Object[]{what, userId, failure.toString()});
        }
    }

    /** A window's member: unique among one user's permits of an interval (64 random bits). */
    private static String uniqueMember() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
