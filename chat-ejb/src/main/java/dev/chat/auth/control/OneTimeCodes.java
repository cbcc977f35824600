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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
     * A new code for {@code userId}, to be sent to {@code sentTo}.
     *
     * @throws ChatException RATE_LIMITED (with retryAfterMs) within the resend interval, UNAVAILABLE without Redis
     */
    public Issued issue(Purpose purpose, String userId, String sentTo) {
        RMap<String, Object> stored = codeOf(purpose, userId);
        RMap<String, Object> budget = budgetOf(purpose, userId);
        long now = System.currentTimeMillis();
        try {
            Object lastIssued = budget.get("lastIssuedAt");
            long since = lastIssued == null ? Long.MAX_VALUE : now - Long.parseLong(lastIssued.toString());
            if (since < resendSeconds * 1000) {
                throw new ChatException(ErrorCode.RATE_LIMITED, "a code was sent moments ago: wait before asking for another",
                        resendSeconds * 1000 - since);
            }
            if (RedisConnection.counted(budget.addAndGet("issued", 1)) > maxPerDay) {
                throw new ChatException(ErrorCode.RATE_LIMITED, "no more codes today: try again tomorrow", Math.max(1, budget.remainTimeToLive()));
            }
            budget.fastPut("lastIssuedAt", Long.toString(now));
            keepForADay(budget);
            String code = String.format("%06d", RANDOM.nextInt(1_000_000));
            stored.delete();
            stored.putAll(Map.of("hash", hash(purpose, userId, code), "sentTo", sentTo, "attempts", "0"));
            stored.expire(Duration.ofSeconds(ttlSeconds));
            return new Issued(code, sentTo, Duration.ofSeconds(ttlSeconds));
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /**
     * Spends the code: returns where it was sent. Every failure answers alike (wrong, used, expired,
     * tried too often, the day's budget spent), so that the answer tells nothing more.
     *
     * @throws ChatException INVALID_CODE when it is not accepted; UNAVAILABLE without Redis
     */
    public String spend(Purpose purpose, String userId, String code) {
        RMap<String, Object> stored = codeOf(purpose, userId);
        RMap<String, Object> budget = budgetOf(purpose, userId);
        try {
            Object failures = budget.get("failures");
            if (failures != null && Long.parseLong(failures.toString()) >= maxFailuresPerDay) {
                throw refused(); // a day's wrong codes: guessing one of a million stays hopeless, code after code
            }
            Map<String, Object> fields = stored.readAllMap();
            if (fields.get("hash") == null) { // none, or expired between two calls
                throw refused();
            }
            boolean matches = MessageDigest.isEqual(fields.get("hash").toString().getBytes(StandardCharsets.US_ASCII),
                    hash(purpose, userId, code == null ? "" : code.strip()).getBytes(StandardCharsets.US_ASCII));
            // only one of two requests with the right code deletes it: the code is used once
            if (matches && stored.delete()) {
                return fields.get("sentTo").toString();
            }
            if (!matches) {
                budget.addAndGet("failures", 1);
                keepForADay(budget);
                if (RedisConnection.counted(stored.addAndGet("attempts", 1)) >= maxAttempts || stored.remainTimeToLive() < 0) {
                    stored.delete(); // its tries are spent (or the key was made again by the count after it expired)
                }
            }
            throw refused();
        } catch (RedisException e) {
            throw unavailable(e);
        }
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

    /** The day's budget expires a day after it began (the first code or wrong try of the day). */
    private static void keepForADay(RMap<String, Object> budget) {
        if (budget.remainTimeToLive() < 0) {
            budget.expire(Duration.ofDays(1));
        }
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
