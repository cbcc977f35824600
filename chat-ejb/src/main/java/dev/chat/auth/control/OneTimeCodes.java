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
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Six-digit codes mailed to prove a mailbox (email verification, password reset), kept in Redis:
 * one per purpose and user, hashed, for {@code chat.auth.otp.ttl-seconds} (600), used once, and
 * dropped after {@code chat.auth.otp.max-attempts} (5) wrong tries, so that guessing one of a
 * million is hopeless. A new code replaces the old one, at most one per
 * {@code chat.auth.otp.resend-seconds} (30): nobody can flood a mailbox through us. Redis being
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

    /**
     * A new code for {@code userId}, to be sent to {@code sentTo}.
     *
     * @throws ChatException RATE_LIMITED (with retryAfterMs) within the resend interval, UNAVAILABLE without Redis
     */
    public Issued issue(Purpose purpose, String userId, String sentTo) {
        RMap<String, Object> stored = codeOf(purpose, userId);
        long now = System.currentTimeMillis();
        try {
            Object issuedAt = stored.get("issuedAt");
            long since = issuedAt == null ? Long.MAX_VALUE : now - Long.parseLong(issuedAt.toString());
            if (since < resendSeconds * 1000) {
                throw new ChatException(ErrorCode.RATE_LIMITED, "a code was sent moments ago: wait before asking for another",
                        resendSeconds * 1000 - since);
            }
            String code = String.format("%06d", RANDOM.nextInt(1_000_000));
            stored.delete();
            stored.putAll(Map.of("hash", hash(purpose, userId, code), "sentTo", sentTo, "attempts", "0", "issuedAt", Long.toString(now)));
            stored.expire(Duration.ofSeconds(ttlSeconds));
            return new Issued(code, sentTo, Duration.ofSeconds(ttlSeconds));
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /**
     * Spends the code: returns where it was sent.
     *
     * @throws ChatException INVALID_CODE when it is wrong, used, expired or tried too often; UNAVAILABLE without Redis
     */
    public String spend(Purpose purpose, String userId, String code) {
        RMap<String, Object> stored = codeOf(purpose, userId);
        try {
            Map<String, Object> fields = stored.readAllMap();
            if (fields.isEmpty()) {
                throw new ChatException(ErrorCode.INVALID_CODE, "the code is wrong, used or expired: ask for a new one");
            }
            long attempts = LoginThrottle.counted(stored.addAndGet("attempts", 1));
            if (attempts > maxAttempts) {
                stored.delete();
                throw new ChatException(ErrorCode.INVALID_CODE, "too many wrong codes: ask for a new one");
            }
            boolean matches = MessageDigest.isEqual(fields.get("hash").toString().getBytes(StandardCharsets.US_ASCII),
                    hash(purpose, userId, code == null ? "" : code.strip()).getBytes(StandardCharsets.US_ASCII));
            // only one of two requests with the right code deletes it: the code is used once
            if (!matches || !stored.delete()) {
                throw new ChatException(ErrorCode.INVALID_CODE, "the code is wrong, used or expired"
                        + (matches ? "" : " (" + (maxAttempts - attempts) + " tries left)"));
            }
            return fields.get("sentTo").toString();
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /** Forgets a code that could not be sent, so that asking again is not refused as too soon. */
    public void forget(Purpose purpose, String userId) {
        try {
            codeOf(purpose, userId).delete();
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    private RMap<String, Object> codeOf(Purpose purpose, String userId) {
        return redis.client().getMap("otp:" + purpose.name().toLowerCase(Locale.ROOT) + ":{" + userId + "}", StringCodec.INSTANCE);
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
