package dev.chat.platform.kafka;

import dev.chat.api.codec.ChatJson;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pays the first-use costs of the message path while the node starts, not on the first message
 * after it (docs/architecture.md, "Kafka consumers and latency"): the codec's shapes and method
 * handles of every frame and event type (the JVM generates code for a method handle on its first
 * call), and each producer's topic metadata (fetched on the first send otherwise).
 */
@ApplicationScoped
public class FirstUseWarmup implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(FirstUseWarmup.class.getName());

    @Inject
    ProducerMetadata producers;

    @Override
    public void start() {
        long begin = System.nanoTime();
        int types = ChatJson.instance().warmUp();
        LOG.log(Level.FINE, "Codec warmed up: {0} frame and event types in {1} ms",
                new Object[]{types, (System.nanoTime() - begin) / 1_000_000});
        producers.fetchForEveryProducer();
    }
}
