package dev.chat.presence.web;

import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.presence.boundary.PresenceTracker;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code presence_online_users}: users online on all nodes (every node reports the same
 * cluster-wide count, read from Redis at scrape time). -1 while Redis cannot be read, so that
 * an outage does not look like an empty chat. Registered at start, before the first scrape.
 */
@ApplicationScoped
public class PresenceMetrics implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(PresenceMetrics.class.getName());

    @Inject
    PresenceTracker presence;

    @Inject
    MetricRegistry metrics;

    @PostConstruct
    void register() {
        metrics.gauge(Metadata.builder().withName("presence_online_users")
                .withDescription("Users with at least one live connection, on all nodes")
                .withUnit(MetricUnits.NONE).build(), this, PresenceMetrics::onlineUsers);
    }

    long onlineUsers() {
        try {
            return presence.onlineUsers();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "presence_online_users unavailable: {0}", e.toString());
            return -1;
        }
    }
}
