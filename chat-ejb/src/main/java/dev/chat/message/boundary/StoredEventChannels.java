package dev.chat.message.boundary;

import dev.chat.platform.redis.RedisConnection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.listener.BaseStatusListener;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Stored room events on their way to the nodes that host the room: one Redis pub/sub channel per
 * room ({@code chat:room:<roomId>}), published by the persister after the commit, subscribed by a
 * node while one of its sessions reads the room (docs/architecture.md, "Fan-out design"). A
 * message is the event's JSON as the persister forwards it to Kafka. Pub/sub is best-effort: what a
 * node misses (not subscribed yet, a reconnect) it repairs from the database by seq. With
 * {@code chat.redis.mode=cluster} the channels are sharded ({@code SPUBLISH}/{@code SSUBSCRIBE},
 * Redis 7.0 or later), so a message crosses only the shard that owns its room's channel.
 */
@ApplicationScoped
public class StoredEventChannels {
    static final String PREFIX = "chat:room:";
    /** ARGV: channel, message, channel, message …; published in order; returns how many receivers in all. */
    private static final String PUBLISH_ALL = """
            local receivers = 0
            for i = 1, #ARGV, 2 do
              receivers = receivers + redis.call('PUBLISH', ARGV[i], ARGV[i + 1])
            end
            return receivers""";

    @Inject
    RedisConnection redis;

    @Inject
    MetricRegistry metrics;

    private Counter publishFailures;
    private final Map<String, Subscription> subscribed = new ConcurrentHashMap<>();

    /**
     * One stored event to publish: its room, the event as it is stored in Kafka, and the trace it
     * continues (null: none; also in the event's envelope, which is what the nodes read).
     */
    public record StoredEvent(String roomId, String value, String traceparent) {
    }

    @PostConstruct
    void registerMetrics() {
        publishFailures = metrics.counter(Metadata.builder().withName("chat_fanout_publish_failures_total")
                .withDescription("Batches of stored events the persister could not publish to Redis (the nodes repair them from the database)").build());
    }

    /**
     * Publishes the events in one round trip, in order. Completes when Redis took them; a failure
     * is counted, and reaches the caller to log.
     */
    public CompletionStage<Void> publish(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<?> published = sharded() ? publishSharded(events) : publishInOneScript(events);
        return published.<Void>thenApply(done -> null).whenComplete((done, failure) -> {
            if (failure != null) {
                publishFailures.inc();
            }
        });
    }

    /**
     * One command for the whole batch: a script that publishes each event. A node alone (it stores
     * every partition and nobody subscribes) pays one small command per poll instead of one command,
     * future and topic object per event (what a pipeline of PUBLISHes costs the client).
     */
    private CompletionStage<Long> publishInOneScript(List<StoredEvent> events) {
        Object[] channelsAndValues = new Object[events.size() * 2];
        int i = 0;
        for (StoredEvent event : events) {
            channelsAndValues[i++] = PREFIX + event.roomId();
            channelsAndValues[i++] = event.value();
        }
        return redis.client().getScript(StringCodec.INSTANCE).evalAsync(RScript.Mode.READ_WRITE, PUBLISH_ALL,
                RScript.ReturnType.INTEGER, List.of(), channelsAndValues);
    }

    /** Sharded channels live on the shard of their room's slot: one pipelined SPUBLISH per event. */
    private CompletionStage<?> publishSharded(List<StoredEvent> events) {
        RBatch batch = redis.client().createBatch();
        for (StoredEvent event : events) {
            batch.getShardedTopic(PREFIX + event.roomId(), StringCodec.INSTANCE).publishAsync(event.value());
        }
        return batch.executeAsync();
    }

    /**
     * Subscribes to a room's channel. {@code onEvent} gets each of its events' JSON on a Redis
     * client thread, one at a time and in order (it must only hand them on); {@code onSubscribed}
     * runs once Redis confirmed the subscription, and again after every reconnect: the moments up
     * to which the node may have missed events. {@code onFailed} runs when the subscription could
     * not be made (the caller tries again).
     */
    public synchronized void subscribe(String roomId, Consumer<String> onEvent, Consumer<String> onSubscribed,
                                       BiConsumer<String, Throwable> onFailed) {
        if (subscribed.containsKey(roomId)) {
            return;
        }
        String channel = PREFIX + roomId;
        RTopic topic = sharded() ? redis.client().getShardedTopic(channel, StringCodec.INSTANCE)
                : redis.client().getTopic(channel, StringCodec.INSTANCE);
        Subscription subscription = new Subscription(topic);
        subscribed.put(roomId, subscription);
        topic.addListenerAsync(String.class, (name, message) -> onEvent.accept(message)).whenComplete((listenerId, failure) -> {
            boolean current;
            synchronized (this) {
                subscription.listening(listenerId);
                current = subscribed.get(roomId) == subscription;
                if (current && failure != null) {
                    subscribed.remove(roomId);
                } else if (current) {
                    // Redisson subscribes again after a reconnect and says so here
                    topic.addListenerAsync(new BaseStatusListener() {
                        @Override
                        public void onSubscribe(String name) {
                            onSubscribed.accept(roomId);
                        }
                    }).thenAccept(subscription::listening);
                }
            }
            if (!current) {
                subscription.stop(); // left (or left and joined again) while Redis confirmed: only this one's listeners go
            } else if (failure != null) {
                onFailed.accept(roomId, failure);
            } else {
                onSubscribed.accept(roomId);
            }
        });
    }

    /** Stops receiving a room's channel. */
    public synchronized void unsubscribe(String roomId) {
        Subscription subscription = subscribed.remove(roomId);
        if (subscription != null) {
            subscription.stop();
        }
    }

    public boolean isSubscribed(String roomId) {
        return subscribed.containsKey(roomId);
    }

    /** The rooms whose channels this node receives (a snapshot). */
    public List<String> subscribedRooms() {
        return List.copyOf(subscribed.keySet());
    }

    /** How many rooms' channels this node receives. */
    public int subscribedCount() {
        return subscribed.size();
    }

    private boolean sharded() {
        return redis.isCluster();
    }

    /**
     * One subscription to a channel, with the listeners it added: leaving removes only those (the
     * topic's remove-all would also remove those of a newer subscription to the same channel).
     * Once stopped, a listener whose addition completes later is removed at once.
     */
    private static final class Subscription {
        private final RTopic topic;
        private final List<Integer> listeners = new ArrayList<>();
        private boolean stopped;

        Subscription(RTopic topic) {
            this.topic = topic;
        }

        synchronized void listening(Integer listenerId) {
            if (listenerId == null) {
                return;
            }
            if (stopped) {
                topic.removeListenerAsync(listenerId);
            } else {
                listeners.add(listenerId);
            }
        }

        synchronized void stop() {
            stopped = true;
            if (!listeners.isEmpty()) {
                topic.removeListenerAsync(listeners.toArray(Integer[]::new));
                listeners.clear();
            }
        }
    }
}
