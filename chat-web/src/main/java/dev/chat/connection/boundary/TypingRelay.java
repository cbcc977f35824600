package dev.chat.connection.boundary;

import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.api.codec.ChatJson;
import dev.chat.api.frame.TypingNotice;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.platform.redis.RedisConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RTopic;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Typing indicators: ephemeral, never stored, never on Kafka. A member's {@code TYPING} passes a
 * cluster-wide throttle (one per user and room per {@code chat.typing.throttle-ms}, a Redis key
 * with that TTL), then goes out on the Redis channel {@code chat:typing}; every node, this one
 * included, pushes {@code TYPING {roomId, userId, expiresInMs}} to its sessions of the room's
 * members except the typing user's own.
 */
@ApplicationScoped
public class TypingRelay implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(TypingRelay.class.getName());
    private static final String CHANNEL = "chat:typing";

    @Inject
    RedisConnection redis;

    @Inject
    RoomSubscriptions subscriptions;

    @Inject
    @ConfigProperty(name = "chat.typing.throttle-ms", defaultValue = "2000")
    long throttleMs;

    @Inject
    @ConfigProperty(name = "chat.typing.expiry-ms", defaultValue = "3000")
    long expiryMs;

    private volatile RTopic topic; // null until subscribed: read without a lock on every TYPING
    private int listener;

    @Override
    public void start() {
        subscribe();
    }

    private synchronized void subscribe() {
        if (topic != null) {
            return;
        }
        try {
            RTopic subscribed = redis.client().getTopic(CHANNEL, StringCodec.INSTANCE);
            listener = subscribed.addListener(String.class, (channel, message) -> deliver(message));
            topic = subscribed;
        } catch (RuntimeException e) {
            // Redis may still be starting: typing then works once the first TYPING re-registers.
            LOG.log(Level.WARNING, "Typing channel not subscribed yet: {0}", e.toString());
        }
    }

    /** A member is typing (membership checked by the caller). */
    public void typing(String roomId, String userId) {
        ensureSubscribed();
        redis.client().getBucket("typing:" + roomId + ":" + userId, StringCodec.INSTANCE)
                .setIfAbsentAsync("1", Duration.ofMillis(throttleMs))
                .thenCompose(first -> first ? topic.publishAsync(roomId + "|" + userId).thenApply(receivers -> true)
                        : CompletableFuture.completedFuture(false))
                .exceptionally(failure -> {
                    LOG.log(Level.FINE, "Typing of {0} in {1} not relayed: {2}", new Object[]{userId, roomId, failure.toString()});
                    return false;
                });
    }

    private void deliver(String message) {
        int separator = message.indexOf('|');
        if (separator < 0) {
            return;
        }
        String roomId = message.substring(0, separator);
        String typist = message.substring(separator + 1);
        String frame = ChatJson.instance().encodeFrame(new TypingNotice(roomId, typist, expiryMs));
        // Runs on a Redis I/O thread: no database lookups here. The room's subscriptions are its
        // members' sessions (a removed member's go at once), which is good enough for a hint that lives 3 s.
        subscriptions.deliverEphemeral(roomId, frame, userId -> !userId.equals(typist));
    }

    private void ensureSubscribed() {
        if (topic == null) {
            subscribe();
        }
    }

    @PreDestroy
    void stop() {
        RTopic subscribed = topic;
        if (subscribed != null) {
            try {
                subscribed.removeListener(listener);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Typing listener not removed: {0}", e.toString());
            }
        }
    }
}
