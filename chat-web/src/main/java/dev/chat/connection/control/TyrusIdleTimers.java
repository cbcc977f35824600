package dev.chat.connection.control;

import dev.chat.platform.concurrent.PlainThreads;
import jakarta.websocket.Session;

import java.lang.reflect.Field;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes the per-frame scheduling cost out of Payara's WebSocket transport. Tyrus re-schedules
 * each session's idle-timeout task on every frame sent or received, on the container's managed
 * scheduled executor, and every {@code schedule} there captures thread context by scanning the
 * class loader's service files: under load that path takes most of the server's CPU and caps
 * delivery at a fraction of what the transport can do (docs/architecture.md, "Container
 * workarounds"). Each session is pointed at one plain scheduler that does not schedule Tyrus's
 * idle-timeout tasks at all ({@link #IDLE_TIMEOUT_TASK}: they would be cancelled by the next
 * frame anyway, ~16,000 a second under load, and a cancelled task stays queued until it is due);
 * the application enforces the idle timeout itself ({@link SessionIdleTimer}), and sessions keep
 * Tyrus's own timeout at 0. Other Tyrus tasks (heartbeats) run on it as usual.
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
    /** Tyrus's idle-timeout task ({@code TyrusSession.IdleTimeoutCommand}), recognised by its class name. */
    static final String IDLE_TIMEOUT_TASK = "IdleTimeoutCommand";

    private final ScheduledExecutorService scheduler = new WithoutIdleTimeoutTasks();
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

    /**
     * A plain scheduler (one daemon thread, cancelled tasks removed at once) that answers Tyrus's
     * idle-timeout tasks with a future that is already cancelled instead of scheduling them.
     */
    static final class WithoutIdleTimeoutTasks extends ScheduledThreadPoolExecutor {

        WithoutIdleTimeoutTasks() {
            super(1, PlainThreads.named("chat-ws-timer"));
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            if (command.getClass().getName().endsWith(IDLE_TIMEOUT_TASK)) {
                return NotScheduled.INSTANCE;
            }
            return super.schedule(command, delay, unit);
        }
    }

    /** The answer to a task that is not scheduled: done, cancelled, never runs. */
    static final class NotScheduled implements ScheduledFuture<Object> {
        static final NotScheduled INSTANCE = new NotScheduled();

        private NotScheduled() {
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            throw new CancellationException("not scheduled");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new CancellationException("not scheduled");
        }
    }
}
