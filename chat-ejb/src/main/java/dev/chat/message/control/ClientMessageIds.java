package dev.chat.message.control;

import dev.chat.platform.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The idempotency of sending: {@code clientMsgId} is unique per sender, and the first send of it
 * reserves a message id in Redis (cluster-wide, for {@code chat.messages.idempotency-ttl-hours}).
 * A resend (the client did not get its ACK) gets the same message id, so the persister stores it
 * once and every session receives it once, whichever node the resend reached.
 */
@ApplicationScoped
public class ClientMessageIds {

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "chat.messages.idempotency-ttl-hours", defaultValue = "24")
    long ttlHours;

    /** The message id of this sender's {@code clientMsgId}: {@code candidate} if it is the first send. */
    public CompletionStage<String> reserve(String senderId, String clientMsgId, String candidate) {
        var bucket = redis.client().<String>getBucket("chat:client-msg:" + senderId + ":" + clientMsgId, StringCodec.INSTANCE);
        return bucket.setIfAbsentAsync(candidate, Duration.ofHours(ttlHours))
                .thenCompose(reserved -> reserved ? java.util.concurrent.CompletableFuture.completedFuture(candidate) : bucket.getAsync());
    }
}
