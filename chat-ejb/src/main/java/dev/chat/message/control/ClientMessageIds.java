package dev.chat.message.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.SendMessage;
import dev.chat.platform.redis.RedisConnection;
import dev.chat.ratelimit.boundary.SendRateLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RScript;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The idempotency of sending: {@code clientMsgId} (over HTTP: the {@code Idempotency-Key}) is
 * unique per sender, and the first send of it reserves a message id in Redis (cluster-wide, for
 * {@code chat.messages.idempotency-ttl-hours}), with a fingerprint of what was sent. A resend (the
 * client did not get its answer) gets the same message id, so the persister stores it once and
 * every session receives it once, whichever node or transport the resend reached; the same key
 * with another message is refused ({@code IDEMPOTENCY_KEY_REUSED}).
 * <p>
 * The same script takes the send's permit of the sender's {@link SendRateLimit} (every send, a
 * resend too): one Redis round trip per message. Both keys carry {@code {senderId}}, one slot.
 */
@ApplicationScoped
public class ClientMessageIds {
    static final String KEY_PREFIX = "chat:client-msg:";

    /**
     * KEYS: the reservation, the sender's rate window; ARGV: the candidate message id, the
     * fingerprint, the reservation's TTL (ms), the window's limit and interval (ms). Answers the
     * message id and the permit's verdict (0, or the wait in ms), or the other message's
     * reservation and -1 when the key was used for another message (then no permit is taken).
     * A reservation made before fingerprints were kept is only an id: nothing to compare. KEYS[3],
     * when given, is where releases before the shared slot kept the reservation
     * ({@link #legacyKeyOf}).
     */
    private static final String RESERVE = SendRateLimit.PERMIT_FUNCTION + """
            local messageId = ARGV[1]
            local stored = redis.call('GET', KEYS[1])
            if not stored and KEYS[3] then
                stored = redis.call('GET', KEYS[3])
            end
            if stored then
                local space = string.find(stored, ' ', 1, true)
                if space and string.sub(stored, space + 1) ~= ARGV[2] then
                    return {stored, -1}
                end
                messageId = space and string.sub(stored, 1, space - 1) or stored
            else
                redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'PX', ARGV[3])
            end
            return {messageId, permit(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[1])}
            """;

    @Inject
    RedisConnection redis;

    @Inject
    SendRateLimit rateLimit;

    @Inject
    @ConfigProperty(name = "chat.messages.idempotency-ttl-hours", defaultValue = "24")
    long ttlHours;

    /**
     * The message id of this sender's {@code clientMsgId}: {@code candidate} if it is the first
     * send; fails with {@code IDEMPOTENCY_KEY_REUSED} when the key was used for another message,
     * and with {@code RATE_LIMITED} when the sender's budget is spent (the key stays reserved, so
     * the resend is the same message). Without Redis a resend cannot be recognised nor the budget
     * counted, but the message itself is not refused for that: it gets {@code candidate}.
     */
    public CompletionStage<String> reserve(String senderId, SendMessage send, String candidate) {
        String key = keyOf(senderId, send.clientMsgId());
        SendRateLimit.Window window = rateLimit.windowOf(senderId);
        return redis.<List<Object>>evalAsync(RESERVE, RScript.ReturnType.MULTI, keys(key, window, senderId, send.clientMsgId()),
                candidate, fingerprint(send), Duration.ofHours(ttlHours).toMillis(), window.limit(), window.intervalMs()
        ).handle((reply, redisDown) -> {
            if (redisDown != null) {
                rateLimit.notChecked("clientMsgId reservation and rate limit", senderId, redisDown);
                return candidate;
            }
            String messageId = (String) reply.get(0);
            long verdict = ((Number) reply.get(1)).longValue();
            if (verdict < 0) {
                throw new ChatException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "'" + send.clientMsgId() + "' was already used for another message: use a new key for a new message");
            }
            rateLimit.requireGranted(verdict);
            return messageId;
        });
    }

    /** The reservation of a sender's key: {@code {senderId}} puts it in the slot of the sender's rate window. */
    static String keyOf(String senderId, String clientMsgId) {
        return KEY_PREFIX + "{" + senderId + "}:" + clientMsgId;
    }

    /**
     * Where releases before 2026-12 kept the reservation, without a hash tag. A client that lost
     * its ACK in a rolling upgrade resends to a node of the new release: so that the resend is
     * still the same message, the script looks there too for one TTL after the upgrade. Not in a
     * Redis Cluster, where the old key lies in another slot (docs/architecture.md).
     */
    static String legacyKeyOf(String senderId, String clientMsgId) {
        return KEY_PREFIX + senderId + ":" + clientMsgId;
    }

    private List<Object> keys(String key, SendRateLimit.Window window, String senderId, String clientMsgId) {
        return redis.isCluster() ? List.of(key, window.key()) : List.of(key, window.key(), legacyKeyOf(senderId, clientMsgId));
    }

    /** What makes two sends the same message: room, content, reply and files (SHA-256, hex, 32 chars). */
    static String fingerprint(SendMessage send) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String sent = send.roomId() + '\u0000' + send.content() + '\u0000' + (send.replyTo() == null ? "" : send.replyTo())
                    // only when there are files: the keys of messages without any stay what they were
                    + (send.attachments().isEmpty() ? "" : '\u0000' + String.join(",", send.attachments().stream().sorted().toList()));
            return HexFormat.of().formatHex(sha256.digest(sent.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
