package dev.chat.platform.metrics;

import dev.chat.presence.boundary.PresenceTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code presence_online_users}: users online on all nodes (every node reports the same
 * cluster-wide count, read from Redis at scrape time). -1 while Redis cannot be read, so that
 * an outage does not look like an empty chat.
 */
@ApplicationScoped
public class PresenceMetrics {
    private static final Logger LOG = Logger.getLogger(PresenceMetrics.class.getName());

    @Inject
    PresenceTracker presence;

    /** Created at start, so that the gauge is registered before the first scrape. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.fine("presence_online_users registered");
    }

    @Gauge(name = "presence_online_users", absolute = true, unit = MetricUnits.NONE,
            description = "Users with at least one live connection, on all nodes")
    public long onlineUsers() {
        try {
            return presence.onlineUsers();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "presence_online_users unavailable: {0}", e.toString());
            return -1;
        }
    }
}
