package dev.chat.auth.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.platform.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Six-digit codes mailed to prove a mailbox (email verification, password reset), kept in Redis:
 * one per purpose and user, hashed, for {@code chat.auth.otp.ttl-seconds} (600), used once, and
 * dropped after {@code chat.auth.otp.max-attempts} (5) wrong tries. A new code replaces the old
 * one, at most one per {@code chat.auth.otp.resend-seconds} (30) and {@code chat.auth.otp.max-per-day}
 * (10) a day; and at most {@code chat.auth.otp.max-failures-per-day} (20) wrong codes a day are
 * looked at, whatever the code: guessing one of a million stays hopeless however many codes one
 * asks for, and nobody floods a mailbox through us. The day's counts live in a key of their own
 * ({@code otp-budget:…}) that a used or dropped code does not take with it. Redis being
 * down is an explicit {@code UNAVAILABLE}: without the store there is no code to check.
 */
@ApplicationScoped
public class OneTimeCodes {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a day's budget lasts from its first code or wrong try. */
    private static final String A_DAY_MS = Long.toString(Duration.ofDays(1).toMillis());

    /** What a code proves; part of its key, so that a reset code never verifies an address. */
    public enum Purpose { VERIFY_EMAIL, RESET_PASSWORD }

    /** A code and where it was sent (the address it proves). */
    public record Issued(String code, String sentTo, Duration validFor) {
    }

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "chat.auth.otp.ttl-seconds", defaultValue = "600")
    long ttlSeconds;

    @Inject
    @ConfigProperty(name = "chat.auth.otp.max-attempts", defaultValue = "5")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "chat.auth.otp.resend-seconds", defaultValue = "30")
    long resendSeconds;

    @Inject
    @ConfigProperty(name = "chat.auth.otp.max-per-day", defaultValue = "10")
    int maxPerDay;

    @Inject
    @ConfigProperty(name = "chat.auth.otp.max-failures-per-day", defaultValue = "20")
    int maxFailuresPerDay;

    /**
     * Checks the resend interval and the day's budget, counts the code and stores it, in one
     * script: two requests at once cannot both pass the interval.
     * KEYS: budget, code. ARGV: now ms, resend ms, max per day, a day in ms, hash, sent to, TTL ms.
     * Returns OK, SOON:&lt;ms to wait&gt; or DAY:&lt;ms until the budget ends&gt;.
     */
    private static final String ISSUE = """
            local last = redis.call('HGET', KEYS[1], 'lastIssuedAt')
            if last then
              local since = tonumber(ARGV[1]) - tonumber(last)
              if since < tonumber(ARGV[2]) then return 'SOON:' .. (tonumber(ARGV[2]) - since) end
            end
            local issued = redis.call('HINCRBY', KEYS[1], 'issued', 1)
            if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
            if issued > tonumber(ARGV[3]) then return 'DAY:' .. redis.call('PTTL', KEYS[1]) end
            redis.call('HSET', KEYS[1], 'lastIssuedAt', ARGV[1])
            redis.call('DEL', KEYS[2])
            redis.call('HSET', KEYS[2], 'hash', ARGV[5], 'sentTo', ARGV[6], 'attempts', '0')
            redis.call('PEXPIRE', KEYS[2], ARGV[7])
            return 'OK'
            """;

    /**
     * Compares and spends, or counts the wrong try, in one script: wrong codes sent at once are
     * counted one after the other, so a code is compared at most {@code max-attempts} times and
     * the day's failures hold even against a guesser in parallel. Hashes are compared: how long
     * the comparison takes tells nothing about the code.
     * KEYS: budget, code. ARGV: hash of the code given, max failures a day, max attempts, a day in ms.
     * Returns where the code was sent, or nil when it is not accepted.
     */
    private static final String SPEND = """
            if tonumber(redis.call('HGET', KEYS[1], 'failures') or '0') >= tonumber(ARGV[2]) then return false end
            local stored = redis.call('HGET', KEYS[2], 'hash')
            if not stored then return false end
            if stored == ARGV[1] then
              local sentTo = redis.call('HGET', KEYS[2], 'sentTo')
              redis.call('DEL', KEYS[2])
              return sentTo
            end
            redis.call('HINCRBY', KEYS[1], 'failures', 1)
            if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
            if redis.call('HINCRBY', KEYS[2], 'attempts', 1) >= tonumber(ARGV[3]) then redis.call('DEL', KEYS[2]) end
            return false
            """;

    /**
     * A new code for {@code userId}, to be sent to {@code sentTo}.
     *
     * @throws ChatException RATE_LIMITED (with retryAfterMs) within the resend interval, UNAVAILABLE without Redis
     */
    public Issued issue(Purpose purpose, String userId, String sentTo) {
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        String answer;
        try {
            answer = eval(ISSUE, purpose, userId,
                    Long.toString(System.currentTimeMillis()), Long.toString(resendSeconds * 1000), Integer.toString(maxPerDay),
                    A_DAY_MS, hash(purpose, userId, code), sentTo, Long.toString(ttlSeconds * 1000));
        } catch (RedisException e) {
            throw unavailable(e);
        }
        if (answer.startsWith("SOON:")) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "a code was sent moments ago: wait before asking for another",
                    Math.max(1, Long.parseLong(answer.substring(5))));
        }
        if (answer.startsWith("DAY:")) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "no more codes today: try again tomorrow", Math.max(1, Long.parseLong(answer.substring(4))));
        }
        return new Issued(code, sentTo, Duration.ofSeconds(ttlSeconds));
    }

    /**
     * Spends the code: returns where it was sent. Every failure answers alike (wrong, used, expired,
     * tried too often, the day's budget spent), so that the answer tells nothing more.
     *
     * @throws ChatException INVALID_CODE when it is not accepted; UNAVAILABLE without Redis
     */
    public String spend(Purpose purpose, String userId, String code) {
        String sentTo;
        try {
            sentTo = eval(SPEND, purpose, userId,
                    hash(purpose, userId, code == null ? "" : code.strip()), Integer.toString(maxFailuresPerDay),
                    Integer.toString(maxAttempts), A_DAY_MS);
        } catch (RedisException e) {
            throw unavailable(e);
        }
        if (sentTo == null) {
            throw refused();
        }
        return sentTo;
    }

    /** Forgets a code that could not be sent, so that asking again is not refused as too soon. */
    public void forget(Purpose purpose, String userId) {
        try {
            codeOf(purpose, userId).delete();
            budgetOf(purpose, userId).fastRemove("lastIssuedAt");
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /** The Redis keys of a user's codes and budgets (an erasure removes them). */
    public static List<String> keysOf(String userId) {
        List<String> keys = new ArrayList<>();
        for (Purpose purpose : Purpose.values()) {
            keys.add(codeKey(purpose, userId));
            keys.add(budgetKey(purpose, userId));
        }
        return keys;
    }

    private static ChatException refused() {
        return new ChatException(ErrorCode.INVALID_CODE, "the code is wrong, used or expired: ask for a new one");
    }

    private RMap<String, Object> budgetOf(Purpose purpose, String userId) {
        return redis.client().getMap(budgetKey(purpose, userId), StringCodec.INSTANCE);
    }

    private static String budgetKey(Purpose purpose, String userId) {
        return "otp-budget:" + purpose.name().toLowerCase(Locale.ROOT) + ":{" + userId + "}";
    }

    private static String codeKey(Purpose purpose, String userId) {
        return "otp:" + purpose.name().toLowerCase(Locale.ROOT) + ":{" + userId + "}";
    }

    /** Runs one of the scripts on the user's budget and code keys (one slot: both carry {userId}). */
    private String eval(String script, Purpose purpose, String userId, Object... args) {
        String budget = budgetKey(purpose, userId);
        return redis.client().getScript(StringCodec.INSTANCE).eval(budget, RScript.Mode.READ_WRITE, script, RScript.ReturnType.VALUE,
                List.of(budget, codeKey(purpose, userId)), args);
    }

    private RMap<String, Object> codeOf(Purpose purpose, String userId) {
        return redis.client().getMap(codeKey(purpose, userId), StringCodec.INSTANCE);
    }

    private static String hash(Purpose purpose, String userId, String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((purpose + ":" + userId + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static ChatException unavailable(RuntimeException cause) {
        return new ChatException(ErrorCode.UNAVAILABLE, "codes cannot be issued or checked right now (" + cause.getClass().getSimpleName()
                + "): try again shortly", 5_000L);
    }
}
