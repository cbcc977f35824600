package dev.chat.connection.control;

import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * This node's WebSocket connections: {@code chat_ws_active_sessions} (open now),
 * {@code chat_ws_slow_consumer_closes_total} (closed with 1013 because they did not read what
 * was sent to them: a rise means clients on bad networks, or a node too slow for its load),
 * {@code chat_ws_catch_up_reads_total} (database reads for rooms a client fell behind in: it reads
 * more slowly than its rooms speak; normal in bursts, a steady rise means the node writes more
 * slowly than its rooms speak) and
 * {@code chat_ws_handshakes_refused_per_address_total} (handshakes refused by the per-address limit),
 * {@code chat_ws_outbox_queued_frames} and {@code chat_ws_outbox_deepest_frames} (frames waiting to be
 * written, all together and in the fullest outbox: read when scraped).
 * Registered when the bean is created, which is at start, before the first scrape.
 */
@ApplicationScoped
public class ConnectionMetrics implements StartsWithApplication {

    @Inject
    SessionRegistry sessions;

    @Inject
    MetricRegistry metrics;

    private Counter slowConsumerCloses;
    private Counter refusedPerAddress;
    private Counter catchUpReads;

    @PostConstruct
    void register() {
        metrics.gauge(Metadata.builder().withName("chat_ws_active_sessions")
                .withDescription("Open WebSocket sessions on this node")
                .withUnit(MetricUnits.NONE).build(), sessions, SessionRegistry::count);
        metrics.gauge(Metadata.builder().withName("chat_ws_outbox_queued_frames")
                .withDescription("Frames waiting in the outboxes of this node's WebSocket sessions, all together")
                .withUnit(MetricUnits.NONE).build(), sessions, all -> all.all().stream().mapToLong(session -> session.outbox().queuedFrames()).sum());
        metrics.gauge(Metadata.builder().withName("chat_ws_outbox_deepest_frames")
                .withDescription("Frames waiting in the fullest outbox of this node's WebSocket sessions (a slow reader)")
                .withUnit(MetricUnits.NONE).build(), sessions, all -> all.all().stream().mapToLong(session -> session.outbox().queuedFrames()).max().orElse(0));
        slowConsumerCloses = metrics.counter(Metadata.builder().withName("chat_ws_slow_consumer_closes") // exported with the counter suffix _total
                .withDescription("WebSocket sessions closed with 1013: they took no frame for chat.ws.outbox.stall-ms, or their outbound queue was full")
                .withUnit(MetricUnits.NONE).build());
        catchUpReads = metrics.counter(Metadata.builder().withName("chat_ws_catch_up_reads")
                .withDescription("Database reads of messages for rooms a WebSocket client fell behind in (it read more slowly than they spoke)")
                .withUnit(MetricUnits.NONE).build());
        refusedPerAddress = metrics.counter(Metadata.builder().withName("chat_ws_handshakes_refused_per_address")
                .withDescription("WebSocket handshakes refused with 429: the client address held its maximum of connections")
                .withUnit(MetricUnits.NONE).build());
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.inc();
    }

    public void catchUpRead() {
        catchUpReads.inc();
    }

    public void handshakeRefusedPerAddress() {
        refusedPerAddress.inc();
    }
}
