package dev.chat.platform.kafka;

import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Tracks the partitions this node's fan-out consumer owns. The fan-out group starts at the
 * latest offset, so until it owns partitions a message would reach nobody on this node: the node
 * reports ready only once it does (see {@code FanoutReadiness}). Wired by name through
 * {@code mp.messaging.incoming.messages-fanout.consumer-rebalance-listener.name}; it lives beside
 * the Reactive Messaging classes because SmallRye looks it up from their bean archive.
 */
@ApplicationScoped
@Named(FanoutAssignment.NAME)
public class FanoutAssignment implements KafkaConsumerRebalanceListener {
    public static final String NAME = "chat-fanout-assignment";
    private static final Logger LOG = Logger.getLogger(FanoutAssignment.class.getName());

    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.addAll(partitions);
        LOG.fine(() -> "Fan-out consumer owns " + owned.size() + " partitions");
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
    }

    public int ownedPartitions() {
        return owned.size();
    }
}
