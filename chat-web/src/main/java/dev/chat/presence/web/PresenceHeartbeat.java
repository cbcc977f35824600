package dev.chat.presence.web;

import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.connection.control.ConnectedSession;
import dev.chat.connection.control.SessionRegistry;
import dev.chat.presence.boundary.PresenceTracker;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The server side of presence heartbeats: every {@code chat.presence.heartbeat-ms} this node
 * refreshes the presence of every user with an open connection here (the only refresh while they
 * stay connected), and every {@code chat.presence.reaper-interval-ms} it looks for users whose presence
 * expired because their node died. Every node reaps; the store lets only one announce each OFFLINE.
 */
@ApplicationScoped
public class PresenceHeartbeat implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(PresenceHeartbeat.class.getName());

    @Inject
    SessionRegistry registry;

    @Inject
    PresenceTracker presence;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "chat.presence.heartbeat-ms", defaultValue = "30000")
    long heartbeatMs;

    @Inject
    @ConfigProperty(name = "chat.presence.reaper-interval-ms", defaultValue = "2000")
    long reaperIntervalMs;

    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> reaper;

    @Override
    public void start() {
        heartbeat = scheduler.scheduleWithFixedDelay(this::refreshAll, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
        reaper = scheduler.scheduleWithFixedDelay(this::reap, reaperIntervalMs, reaperIntervalMs, TimeUnit.MILLISECONDS);
    }

    void refreshAll() {
        try {
            Map<String, List<String>> sessionsByUser = registry.all().stream().collect(Collectors.groupingBy(
                    ConnectedSession::userId, Collectors.mapping(ConnectedSession::sessionId, Collectors.toList())));
            presence.aliveAll(sessionsByUser);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence heartbeat failed; retrying at the next interval", e);
        }
    }

    void reap() {
        try {
            presence.reapExpired();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence reaper failed; retrying at the next interval", e);
        }
    }

    @PreDestroy
    void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (reaper != null) {
            reaper.cancel(false);
        }
    }
}
