package dev.chat.message.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.SendMessage;
import dev.chat.platform.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.client.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The idempotency of sending: {@code clientMsgId} (over HTTP: the {@code Idempotency-Key}) is
 * unique per sender, and the first send of it reserves a message id in Redis (cluster-wide, for
 * {@code chat.messages.idempotency-ttl-hours}), with a fingerprint of what was sent. A resend (the
 * client did not get its answer) gets the same message id, so the persister stores it once and
 * every session receives it once, whichever node or transport the resend reached; the same key
 * with another message is refused ({@code IDEMPOTENCY_KEY_REUSED}).
 */
@ApplicationScoped
public class ClientMessageIds {
    private static final Logger LOG = Logger.getLogger(ClientMessageIds.class.getName());
    static final String KEY_PREFIX = "chat:client-msg:";

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "chat.messages.idempotency-ttl-hours", defaultValue = "24")
    long ttlHours;

    /**
     * The message id of this sender's {@code clientMsgId}: {@code candidate} if it is the first
     * send; fails with {@code IDEMPOTENCY_KEY_REUSED} when the key was used for another message.
     * Without Redis a resend cannot be recognised, but the message itself is not refused for
     * that: it gets {@code candidate}.
     */
    public CompletionStage<String> reserve(String senderId, SendMessage send, String candidate) {
        String fingerprint = fingerprint(send);
        var bucket = redis.client().<String>getBucket(KEY_PREFIX + senderId + ":" + send.clientMsgId(), StringCodec.INSTANCE);
        return bucket.setIfAbsentAsync(candidate + " " + fingerprint, Duration.ofHours(ttlHours))
                .thenCompose(reserved -> reserved ? CompletableFuture.<String>completedFuture(null) : bucket.getAsync())
                .handle((stored, redisDown) -> {
                    if (redisDown != null) {
                        LOG.log(Level.WARNING, "clientMsgId reservation failed, sending without idempotency: {0}", redisDown.toString());
                        return candidate;
                    }
                    return stored == null ? candidate : messageIdOf(stored, fingerprint, send.clientMsgId());
                });
    }

    /** The reserved message id; a reservation made for another message refuses this one. */
    static String messageIdOf(String stored, String fingerprint, String clientMsgId) {
        int space = stored.indexOf(' ');
        if (space < 0) {
            return stored; // reserved before fingerprints were kept: nothing to compare
        }
        if (!stored.substring(space + 1).equals(fingerprint)) {
            throw new ChatException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "'" + clientMsgId + "' was already used for another message: use a new key for a new message");
        }
        return stored.substring(0, space);
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
