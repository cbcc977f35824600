package dev.chat.connection.control;

import jakarta.websocket.Session;

import java.lang.reflect.Field;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes the per-frame scheduling cost out of Payara's WebSocket transport. Tyrus re-schedules
 * each session's idle-timeout task on every frame sent or received, on the container's managed
 * scheduled executor, and every {@code schedule} there captures thread context by scanning the
 * class loader's service files: under load that path takes most of the server's CPU and caps
 * delivery at a fraction of what the transport can do (docs/benchmarks.md,
 * ../shared/notes/websocket-throughput-on-payara.md). Pointing each session at one plain
 * single-thread scheduler keeps the idle timeout working and removes the cost.
 * <p>
 * It sets a Tyrus internal ({@code TyrusSession.service}, found on the session's own class: Tyrus
 * is not visible to the application's class loader on Payara Server, its instances are), so it
 * logs a WARNING and leaves Tyrus as shipped when the field is gone. Plain Java, no container
 * dependency: the benchmark's baseline endpoint uses it too.
 */
public final class TyrusIdleTimers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TyrusIdleTimers.class.getName());
    static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
    static final String SCHEDULER_FIELD = "service";

    /** How sessions' idle timers run. */
    public enum Mode { PLAIN, SHIPPED, NO_SESSION_YET }

    private final boolean enabled;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-ws-idle-timer");
        thread.setDaemon(true);
        return thread;
    });
    private Field schedulerField; // guarded by this; resolved from the first session's class
    private Mode mode = Mode.NO_SESSION_YET; // guarded by this

    public TyrusIdleTimers(boolean enabled) {
        this.enabled = enabled;
    }

    public synchronized Mode mode() {
        return mode;
    }

    /** Moves a just opened session's idle timer to the plain scheduler (call it before anything else on the session). */
    public void apply(Session session) {
        Field field = fieldOf(session);
        if (field == null) {
            return;
        }
        try {
            field.set(session, scheduler);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Idle timer of session " + session.getId() + " left on the managed scheduler", e);
        }
    }

    private synchronized Field fieldOf(Session session) {
        if (mode == Mode.NO_SESSION_YET) {
            mode = Mode.SHIPPED;
            if (enabled) {
                try {
                    Class<?> type = session.getClass();
                    while (type != null && !type.getName().equals(TYRUS_SESSION)) {
                        type = type.getSuperclass();
                    }
                    if (type == null) {
                        throw new NoSuchFieldException("session class " + session.getClass().getName() + " is no " + TYRUS_SESSION);
                    }
                    Field field = type.getDeclaredField(SCHEDULER_FIELD);
                    if (!ScheduledExecutorService.class.equals(field.getType())) {
                        throw new NoSuchFieldException(SCHEDULER_FIELD + " has type " + field.getType().getName());
                    }
                    field.setAccessible(true);
                    schedulerField = field;
                    mode = Mode.PLAIN;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.log(Level.WARNING, "WebSocket idle timers: Tyrus as shipped, because " + TYRUS_SESSION + "." + SCHEDULER_FIELD
                            + " cannot be used (" + e + "): every frame pays the managed scheduler's context capture");
                }
            }
        }
        return schedulerField;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
