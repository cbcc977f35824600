package dev.chat.platform.metrics;

import dev.chat.connection.control.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;
import org.eclipse.microprofile.metrics.annotation.Metric;

import java.util.logging.Logger;

/**
 * This node's WebSocket connections: {@code chat_ws_active_sessions} (open now),
 * {@code chat_ws_slow_consumer_closes_total} (closed with 1013 because they did not read what
 * was sent to them: a rise means clients on bad networks, or a node too slow for its load) and
 * {@code chat_ws_handshakes_refused_per_address_total} (handshakes refused by the per-address limit).
 */
@ApplicationScoped
public class ConnectionMetrics {
    private static final Logger LOG = Logger.getLogger(ConnectionMetrics.class.getName());

    @Inject
    SessionRegistry sessions;

    @Inject
    @Metric(name = "chat_ws_slow_consumer_closes", absolute = true, // exported with the counter suffix _total
            description = "WebSocket sessions closed with 1013 because their outbound queue was full")
    Counter slowConsumerCloses;

    @Inject
    @Metric(name = "chat_ws_handshakes_refused_per_address", absolute = true,
            description = "WebSocket handshakes refused with 429: the client address held its maximum of connections")
    Counter refusedPerAddress;

    /** Created at start, so that the metrics are registered before the first scrape. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.fine("connection metrics registered");
    }

    @Gauge(name = "chat_ws_active_sessions", absolute = true, unit = MetricUnits.NONE,
            description = "Open WebSocket sessions on this node")
    public long activeSessions() {
        return sessions.count();
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.inc();
    }

    public void handshakeRefusedPerAddress() {
        refusedPerAddress.inc();
    }
}
