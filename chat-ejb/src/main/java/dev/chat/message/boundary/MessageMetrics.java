package dev.chat.message.boundary;

import dev.chat.platform.metrics.LatencyHistograms;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latencies of a message on its way, in milliseconds (docs/observability.md):
 * {@code chat_messages_ack_latency_ms} (from the {@code SEND_MESSAGE} frame or the HTTP request on
 * this node to the durable {@code ACK}: the sender's wait) and
 * {@code chat_messages_persist_latency_ms} (from the acceptance of a message to the commit of its
 * batch by this node's persister). The fan-out latency is the fan-out's own
 * ({@code chat_messages_fanout_latency_ms}). With regions, {@code chat_region_replication_lag_ms}
 * (tag {@code source}: the home region): from a message's forward by its home's persister (the
 * stored record's Kafka timestamp, which MirrorMaker 2 keeps) to its storage in this region.
 */
@ApplicationScoped
public class MessageMetrics implements StartsWithApplication {

    @Inject
    LatencyHistograms histograms;

    private Histogram ackLatency;
    private Histogram persistLatency;

    @PostConstruct
    void register() {
        ackLatency = histograms.register("chat_messages_ack_latency_ms",
                "Milliseconds from a SEND_MESSAGE frame (or HTTP send) on this node to its durable ACK");
        persistLatency = histograms.register("chat_messages_persist_latency_ms",
                "Milliseconds from a message's acceptance to the commit of its batch by this node's persister");
    }

    /** A message received at {@code receivedNanos} ({@link System#nanoTime()}) was acknowledged as durable now. */
    public void acknowledged(long receivedNanos) {
        ackLatency.update((System.nanoTime() - receivedNanos) / 1_000_000);
    }

    private final Map<String, Histogram> replicationLag = new ConcurrentHashMap<>();

    /** A message of a room homed in {@code sourceRegion}, forwarded there at {@code forwardedAtMs}, is stored here now. */
    void replicated(String sourceRegion, long forwardedAtMs) {
        replicationLag.computeIfAbsent(sourceRegion, source -> histograms.register("chat_region_replication_lag_ms",
                        "Milliseconds from a message's forward by its home region's persister to its storage in this region",
                        new Tag("source", source)))
                .update(Math.max(0, System.currentTimeMillis() - forwardedAtMs));
    }

    void stored(Instant sentAt, Instant committed) {
        persistLatency.update(Math.max(0, Duration.between(sentAt, committed).toMillis()));
    }
}
