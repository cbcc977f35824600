package dev.chat.presence.web;

import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.connection.control.ConnectedSession;
import dev.chat.connection.control.SessionRegistry;
import dev.chat.presence.boundary.PresenceTracker;
import dev.chat.platform.concurrent.ApplicationThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;

/**
 * The server side of presence heartbeats: every {@code chat.presence.heartbeat-ms} this node
 * refreshes the presence of every user with an open connection here (the only refresh while they
 * stay connected), and every {@code chat.presence.reaper-interval-ms} it looks for users whose presence
 * expired because their node died. Every node reaps; the store lets only one announce each OFFLINE.
 * Each on a timer of its own: a slow reaper round never delays a heartbeat.
 */
@ApplicationScoped
public class PresenceHeartbeat implements StartsWithApplication {
    @Inject
    SessionRegistry registry;

    @Inject
    PresenceTracker presence;

    @Inject
    ApplicationThreads threads;

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
        heartbeat = threads.every("presence-heartbeat", Duration.ofMillis(heartbeatMs), this::refreshAll);
        reaper = threads.every("presence-reaper", Duration.ofMillis(reaperIntervalMs), presence::reapExpired);
    }

    void refreshAll() {
        Map<String, List<String>> sessionsByUser = registry.all().stream().collect(Collectors.groupingBy(
                ConnectedSession::userId, Collectors.mapping(ConnectedSession::sessionId, Collectors.toList())));
        presence.aliveAll(sessionsByUser);
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
