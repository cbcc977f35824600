package dev.chat.connection.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.logging.Logger;

/**
 * The application's {@link TyrusIdleTimers}, switched by {@code chat.ws.plain-idle-scheduler}
 * (on by default; off = Tyrus as shipped). The mode shows in the start-up log and on
 * {@code /health/live} (check {@code websocket}, data {@code idle-timers}), and a system test fails
 * when a Payara upgrade makes it fall back, rather than losing the fix silently.
 */
@ApplicationScoped
public class SessionIdleTimer {
    private static final Logger LOG = Logger.getLogger(SessionIdleTimer.class.getName());

    @Inject
    @ConfigProperty(name = "chat.ws.plain-idle-scheduler", defaultValue = "true")
    boolean enabled;

    private TyrusIdleTimers timers;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.info(() -> "WebSocket idle timers: " + (enabled ? "one plain scheduler for all sessions" : "Tyrus as shipped")
                + " (chat.ws.plain-idle-scheduler=" + enabled + ")");
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

    public void apply(Session session) {
        timers().apply(session);
    }

    @PreDestroy
    void stop() {
        if (timers != null) {
            timers.close();
        }
    }
}
