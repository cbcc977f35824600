package dev.chat.connection.boundary;

import dev.chat.connection.control.ConnectionMetrics;
import dev.chat.connection.control.SessionOutbox;
import dev.chat.message.boundary.Messages;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.concurrent.PlainThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The timers behind each session's per-room order ({@code RoomOrder}): a new connection's rooms
 * hold their live frames for {@code chat.ws.resume-window-ms}, time for the client to RESUME them
 * (a PING or a message first does not end the wait: a client may check the connection before it
 * resumes), counted from the end of the open, from the last room the client resumed or from its
 * first frame (four windows while it has sent none: {@code SessionOutbox.holdLeftNanos}); and a gap in a room's
 * messages that the live streams do not fill within {@code chat.ws.gap-wait-ms} is read from the
 * database (a failed read is tried again, backing off up to {@link #MAX_REPAIR_BACKOFF_MS}); a room that fell behind
 * (its client reads more slowly than the room speaks) is read at once whenever its session's queue has drained. The timers run on one
 * plain thread (per-connection tasks; a managed executor would capture the context of each); the
 * database read on {@link ApplicationThreads}.
 */
@ApplicationScoped
public class RoomOrdering implements SessionOutbox.GapRepair {
    private static final Logger LOG = Logger.getLogger(RoomOrdering.class.getName());
    static final long MAX_REPAIR_BACKOFF_MS = 5_000;

    /** 0: rooms go live at the open, and a RESUME replays only after what the connection got. */
    @Inject
    @ConfigProperty(name = "chat.ws.resume-window-ms", defaultValue = "500")
    long resumeWindowMs;

    @Inject
    @ConfigProperty(name = "chat.ws.gap-wait-ms", defaultValue = "200")
    long gapWaitMs;

    /** A gap read at a time reads at most this many messages (as much as a RESUME replays). */
    @Inject
    @ConfigProperty(name = "chat.ws.resume-max-messages")
    int maxRead;

    @Inject
    Messages messages;

    @Inject
    ApplicationThreads threads;

    @Inject
    ConnectionMetrics connectionMetrics;

    private ScheduledThreadPoolExecutor timers;

    @PostConstruct
    void start() {
        timers = new ScheduledThreadPoolExecutor(1, PlainThreads.named("chat-room-order"));
        timers.setRemoveOnCancelPolicy(true);
    }

    /** How long a gap waits for the live streams before it is read from the database. */
    public long gapWaitMs() {
        return gapWaitMs;
    }

    /** Whether a new connection's rooms wait for its RESUMEs. */
    public boolean holdsRooms() {
        return resumeWindowMs > 0;
    }

    /** Ends the wait of a new connection's rooms once the resume window has passed (counted from now: the end of the open). */
    public void releaseAfterWindow(SessionOutbox outbox) {
        if (holdsRooms()) {
            outbox.startHoldWindow();
            later(resumeWindowMs, () -> releaseOrWait(outbox));
        }
    }

    private void releaseOrWait(SessionOutbox outbox) {
        long leftNanos = outbox.holdLeftNanos(TimeUnit.MILLISECONDS.toNanos(resumeWindowMs));
        if (leftNanos > 0) {
            later(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos)), () -> releaseOrWait(outbox));
        } else {
            outbox.releaseHolding();
        }
    }

    @Override
    public void request(SessionOutbox outbox, String roomId, boolean now) {
        if (now) {
            connectionMetrics.catchUpRead();
            repairNow(outbox, roomId, 1);
        } else {
            repairLater(outbox, roomId, 1, gapWaitMs);
        }
    }

    private void repairLater(SessionOutbox outbox, String roomId, int attempt, long delayMs) {
        later(delayMs, () -> repairNow(outbox, roomId, attempt));
    }

    private void repairNow(SessionOutbox outbox, String roomId, int attempt) {
        try {
            threads.execute(() -> repair(outbox, roomId, attempt));
        } catch (RejectedExecutionException busy) {
            failed(outbox, roomId, attempt, "no thread free: " + busy, null);
        }
    }

    private void repair(SessionOutbox outbox, String roomId, int attempt) {
        var gap = outbox.gapToRepair(roomId);
        if (gap.isEmpty()) {
            return; // the live streams filled it meanwhile, or the session is gone
        }
        int reading = Math.min(gap.get().missing(), maxRead);
        List<SessionOutbox.RoomFrame> found;
        try {
            found = messages.missedSince(outbox.userId(), roomId, gap.get().afterSeq(), reading).stream()
                    .map(SessionOutbox.RoomFrame::of).toList();
        } catch (RuntimeException e) {
            failed(outbox, roomId, attempt, "reading the gap after seq " + gap.get().afterSeq() + " failed", e);
            return;
        }
        outbox.repaired(roomId, gap.get().afterSeq() + reading, found);
    }

    /** The room keeps waiting (within the outbox's bounds) and the read is tried again, less often each time; logged now and again. */
    private void failed(SessionOutbox outbox, String roomId, int attempt, String what, RuntimeException cause) {
        if (attempt == 1 || attempt % 10 == 0) {
            LOG.log(Level.WARNING, "Gap repair of room " + roomId + " for session " + outbox.sessionId() + " (attempt " + attempt + "): "
                    + what + "; trying again", cause);
        }
        repairLater(outbox, roomId, attempt + 1, Math.min(MAX_REPAIR_BACKOFF_MS, gapWaitMs << Math.min(attempt, 10)));
    }

    private void later(long delayMs, Runnable task) {
        try {
            timers.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.log(Level.FINE, "Room order timer refused (stopping): {0}", stopping.toString());
        }
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }
}
