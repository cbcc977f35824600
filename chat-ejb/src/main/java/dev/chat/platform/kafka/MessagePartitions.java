package dev.chat.platform.kafka;

import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * The partitions of the message topic ({@code chat.messages}, key = roomId): which partition a
 * room's messages are in, and which partitions this node's persister stores. A node needs no
 * channel for the rooms of the partitions it persists itself: its persister hands their events to
 * its sessions directly (docs/architecture.md, "Fan-out design").
 *
 * <p>Wired by name as the persister's rebalance listener
 * ({@code mp.messaging.incoming.messages-persist.consumer-rebalance-listener.name}); it lives
 * beside the Reactive Messaging classes because SmallRye looks it up from their bean archive. A
 * node without a persister (an edge node) learns the partition count from the broker.
 */
@ApplicationScoped
@Named(MessagePartitions.NAME)
public class MessagePartitions implements KafkaConsumerRebalanceListener {
    public static final String NAME = "chat-persister-assignment";
    private static final Logger LOG = Logger.getLogger(MessagePartitions.class.getName());

    @Inject
    @ConfigProperty(name = "mp.messaging.outgoing.messages-out.topic") // this region's; the persister's pattern also matches other regions', co-partitioned
    String topic;

    @Inject
    KafkaBroker broker;

    private final Set<Integer> persisted = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile int count;

    /**
     * Runs {@code listener} (on a Kafka or broker thread; it must only hand work on) whenever the
     * count or the persisted partitions change. A listener registered late reads {@link #count()}
     * itself: what changed before it was registered is not replayed.
     */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Whether the partition count is known yet (from the persister's consumer or the broker). */
    public boolean known() {
        return count > 0;
    }

    /** The partition count (0 while not known). */
    public int count() {
        return count;
    }

    /** The room's partition, as Kafka's default partitioner places a record keyed by the roomId. */
    public int of(String roomId) {
        int partitions = count;
        if (partitions == 0) {
            throw new IllegalStateException("partitions of " + topic + " not known yet");
        }
        return of(roomId, partitions);
    }

    static int of(String roomId, int partitions) {
        return Utils.toPositive(Utils.murmur2(roomId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Whether this node's persister stores the partition now (and hands its events to this node's sessions). */
    public boolean persistedHere(int partition) {
        return persisted.contains(partition);
    }

    public int persistedCount() {
        return persisted.size();
    }

    /** Asks the broker for the partition count (creating the topic with the broker's defaults if it does not exist yet). */
    public CompletionStage<Integer> learnCount() {
        return broker.partitionsOf(topic).thenApply(partitions -> {
            countIs(partitions);
            return partitions;
        });
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.stream().filter(partition -> partition.topic().equals(topic)).forEach(partition -> persisted.add(partition.partition()));
        countIs(consumer.partitionsFor(topic).size());
        LOG.fine(() -> "The persister stores " + persisted.size() + " of " + count + " partitions");
        changed();
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        lose(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        lose(partitions);
    }

    private void lose(Collection<TopicPartition> partitions) {
        partitions.stream().filter(partition -> partition.topic().equals(topic)).forEach(partition -> persisted.remove(partition.partition()));
        changed();
    }

    private void countIs(int partitions) {
        if (partitions > 0 && partitions != count) {
            if (count > 0) {
                LOG.warning(() -> topic + " now has " + partitions + " partitions instead of " + count
                        + ": rooms moved between partitions, and their order holds only for messages sent from now on");
            }
            count = partitions;
            changed();
        }
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
