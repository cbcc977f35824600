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
 * was sent to them: a rise means clients on bad networks, or a node too slow for its load) and
 * {@code chat_ws_handshakes_refused_per_address_total} (handshakes refused by the per-address limit).
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

    @PostConstruct
    void register() {
        metrics.gauge(Metadata.builder().withName("chat_ws_active_sessions")
                .withDescription("Open WebSocket sessions on this node")
                .withUnit(MetricUnits.NONE).build(), sessions, SessionRegistry::count);
        slowConsumerCloses = metrics.counter(Metadata.builder().withName("chat_ws_slow_consumer_closes") // exported with the counter suffix _total
                .withDescription("WebSocket sessions closed with 1013 because their outbound queue was full")
                .withUnit(MetricUnits.NONE).build());
        refusedPerAddress = metrics.counter(Metadata.builder().withName("chat_ws_handshakes_refused_per_address")
                .withDescription("WebSocket handshakes refused with 429: the client address held its maximum of connections")
                .withUnit(MetricUnits.NONE).build());
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.inc();
    }

    public void handshakeRefusedPerAddress() {
        refusedPerAddress.inc();
    }
}
