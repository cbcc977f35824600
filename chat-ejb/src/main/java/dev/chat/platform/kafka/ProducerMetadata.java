package dev.chat.platform.kafka;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Has every producer fetch the metadata of its topic while the node starts: a Kafka producer
 * fetches it on its first send otherwise, and the first message after a node's start waited for
 * that round trip (docs/architecture.md, "Kafka consumers and latency"). Asynchronous: a broker
 * that is not up yet delays nothing and costs a FINE line; the first send then fetches it.
 */
@ApplicationScoped
public class ProducerMetadata {
    private static final Logger LOG = Logger.getLogger(ProducerMetadata.class.getName());

    @Inject
    Instance<KafkaClientService> clientService;

    @Inject
    Config config;

    /** Asks each producer channel's producer for its topic's partitions (the answer is cached by the producer). */
    public void fetchForEveryProducer() {
        if (!clientService.isResolvable()) {
            LOG.warning("SmallRye's KafkaClientService is not available: each producer fetches its topic's metadata on its first send");
            return;
        }
        KafkaClientService clients = clientService.get();
        for (String channel : clients.getProducerChannels()) {
            String topic = config.getOptionalValue("mp.messaging.outgoing." + channel + ".topic", String.class).orElse(channel);
            var producer = clients.getProducer(channel);
            if (producer == null) {
                continue;
            }
            producer.partitionsFor(topic).subscribe().with(
                    partitions -> LOG.log(Level.FINE, "Producer of {0}: metadata of {1} ({2} partitions)",
                            new Object[]{channel, topic, partitions.size()}),
                    failure -> LOG.log(Level.FINE, "Producer of " + channel + ": no metadata of " + topic + " yet (fetched on its first send)",
                            failure));
        }
    }
}
