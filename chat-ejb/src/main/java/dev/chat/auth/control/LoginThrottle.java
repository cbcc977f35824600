package dev.chat.auth.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.platform.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RMap;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Slows down password guessing, per account and per client address, counted in Redis (every node
 * together): the first {@code chat.auth.login.free-failures} (5) wrong passwords of an account
 * within {@code chat.auth.login.window-seconds} (15 min) cost nothing; each further one makes the
 * next try wait 1, 2, 4 … seconds, at most {@code chat.auth.login.max-wait-seconds} (5 min); a try
 * before then is refused with {@code RATE_LIMITED} and {@code retryAfterMs} without looking at
 * the password. An address gets {@code chat.auth.login.address-free-failures} (50, many people
 * share one; 0 lifts the rule, as the benchmarks do that log thousands in from one address). No
 * permanent lockout: the counts expire with the window, so nobody can lock a victim out for good;
 * a correct password clears the account's count. Unknown usernames are counted like known ones
 * (the answer says nothing about which exist). Redis down: nothing is refused (logged, at most
 * once a minute), as with the send rate limit: a login that fails for want of a counter would be worse.
 */
@ApplicationScoped
public class LoginThrottle {
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "chat.auth.login.free-failures", defaultValue = "5")
    int freeFailures;

    @Inject
    @ConfigProperty(name = "chat.auth.login.address-free-failures", defaultValue = "50")
    int addressFreeFailures;

    @Inject
    @ConfigProperty(name = "chat.auth.login.window-seconds", defaultValue = "900")
    long windowSeconds;

    @Inject
    @ConfigProperty(name = "chat.auth.login.max-wait-seconds", defaultValue = "300")
    long maxWaitSeconds;

    private final AtomicLong lastWarning = new AtomicLong();

    /** @throws ChatException RATE_LIMITED while the account or the address has to wait */
    public void check(String login, String address) {
        long now = System.currentTimeMillis();
        try {
            long until = Math.max(waitUntil(accountOf(login)), addressFreeFailures > 0 ? waitUntil(addressOf(address)) : 0);
            if (until > now) {
                throw new ChatException(ErrorCode.RATE_LIMITED, "too many wrong passwords: wait before trying again", until - now);
            }
        } catch (RedisException e) {
            warn(e);
        }
    }

    /** A wrong password (or code) for {@code login} from {@code address}. */
    public void failed(String login, String address) {
        try {
            count(accountOf(login), freeFailures);
            if (addressFreeFailures > 0) {
                count(addressOf(address), addressFreeFailures);
            }
        } catch (RedisException e) {
            warn(e);
        }
    }

    /** The right password: the account's count starts again (the address's does not: one address may try many accounts). */
    public void succeeded(String login) {
        try {
            accountOf(login).delete();
        } catch (RedisException e) {
            warn(e);
        }
    }

    /** The wait after {@code failures} within the window: none for the free ones, then doubling from a second. */
    static long waitMs(long failures, int free, long maxWaitSeconds) {
        if (failures <= free) {
            return 0;
        }
        long exponent = Math.min(failures - free - 1, 30);
        return Math.min(maxWaitSeconds * 1000, 1000L << exponent);
    }

    private void count(RMap<String, Object> counter, int free) {
        long failures = RedisConnection.counted(counter.addAndGet("failures", 1));
        long wait = waitMs(failures, free, maxWaitSeconds);
        if (wait > 0) {
            counter.fastPut("until", Long.toString(System.currentTimeMillis() + wait));
        }
        counter.expire(Duration.ofSeconds(windowSeconds));
    }

    private static long waitUntil(RMap<String, Object> counter) {
        Object until = counter.get("until");
        return until == null ? 0 : Long.parseLong(until.toString());
    }

    private RMap<String, Object> accountOf(String login) {
        return redis.client().getMap("login:account:{" + login.strip().toLowerCase(Locale.ROOT) + "}", StringCodec.INSTANCE);
    }

    private RMap<String, Object> addressOf(String address) {
        return redis.client().getMap("login:address:{" + address + "}", StringCodec.INSTANCE);
    }

    private void warn(RuntimeException failure) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= 60_000 && lastWarning.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "Login throttling not applied (Redis unavailable): {0}", failure.toString());
        }
    }
}
