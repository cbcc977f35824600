package dev.chat.connection.control;

import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Idle sessions: a session that neither received nor sent a frame for {@code chat.ws.idle-timeout-ms}
 * is closed (1000, "idle for … ms"), checked every {@link #sweepMs()}. The application does this
 * itself, from each session's last activity, instead of Tyrus's per-session timer: that timer is
 * re-scheduled on every frame (the cost {@link TyrusIdleTimers} removes, switched by
 * {@code chat.ws.plain-idle-scheduler}; off = Tyrus's scheduling as shipped), and one of its tasks
 * could close a busy session that had just opened. Tyrus's own timeout stays 0 on every session.
 * The mode shows in the start-up log and on {@code /health/live} (check {@code websocket}, data
 * {@code idle-timers}).
 */
@ApplicationScoped
public class SessionIdleTimer implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(SessionIdleTimer.class.getName());

    @Inject
    @ConfigProperty(name = "chat.ws.plain-idle-scheduler", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "chat.ws.idle-timeout-ms", defaultValue = "120000")
    long idleTimeoutMs;

    @Inject
    @ConfigProperty(name = "chat.ws.heartbeat-ms", defaultValue = "50000")
    long heartbeatMs;

    @Inject
    SessionRegistry registry;

    @Inject
    ApplicationThreads threads;

    private TyrusIdleTimers timers;
    private ScheduledFuture<?> sweep;

    @Override
    public void start() {
        LOG.info(() -> "WebSocket idle timers: " + (enabled ? "one plain scheduler for all sessions" : "Tyrus as shipped")
                + " (chat.ws.plain-idle-scheduler=" + enabled + "); idle sessions closed after " + idleTimeoutMs + " ms; clients asked to PING every " + heartbeatMs() + " ms");
        if (heartbeatMs() != heartbeatMs) {
            LOG.warning(() -> "chat.ws.heartbeat-ms=" + heartbeatMs + " is more than half chat.ws.idle-timeout-ms=" + idleTimeoutMs
                    + ": clients are asked to PING every " + heartbeatMs() + " ms instead");
        }
        if (idleTimeoutMs > 0) {
            sweep = threads.every("idle-sessions", Duration.ofMillis(sweepMs()), this::closeIdle);
        }
    }

    /**
     * How often a client is asked to {@code PING} (every {@code PONG} says it): {@code chat.ws.heartbeat-ms},
     * at most half the idle timeout so that one lost or late {@code PING} does not close the session.
     * Each {@code PING} and its {@code PONG} cost the node a read and a write (docs/benchmarks.md, idle
     * connections), hence not more often than the idle timeout needs.
     */
    public long heartbeatMs() {
        return idleTimeoutMs > 0 ? Math.min(heartbeatMs, idleTimeoutMs / 2) : heartbeatMs;
    }

    /** A quarter of the timeout, at most 5 s: a session is closed between the timeout and 1.25 times it. */
    long sweepMs() {
        return Math.max(100, Math.min(5000, idleTimeoutMs / 4));
    }

    void closeIdle() {
        long now = System.nanoTime();
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
        for (ConnectedSession session : registry.all()) {
            if (now - session.lastActivityNanos() > timeoutNanos) {
                LOG.log(Level.FINE, "Session {0} of user {1} idle for {2} ms: closing it",
                        new Object[]{session.sessionId(), session.userId(), idleTimeoutMs});
                session.close(CloseReason.CloseCodes.NORMAL_CLOSURE, "idle for " + idleTimeoutMs + " ms");
            }
        }
    }

    private synchronized TyrusIdleTimers timers() {
        if (timers == null) {
            timers = new TyrusIdleTimers(enabled);
        }
        return timers;
    }

    public TyrusIdleTimers.Mode mode() {
        return timers().mode();
    }

    /** Takes the session's idle timing over from Tyrus (call it first thing in {@code @OnOpen}). */
    public void apply(Session session) {
        timers().apply(session);
        session.setMaxIdleTimeout(0); // enforced by closeIdle; Tyrus's timer never closes a session
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        if (timers != null) {
            timers.close();
        }
    }
}
