package dev.chat.connection.control;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.ServerFrame;
import dev.chat.auth.entity.ChatPrincipal;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open WebSocket connection: who it belongs to (replaced on {@code REAUTH}), its outbox,
 * and, once its token expired, the deadline by which a fresh token must arrive.
 */
public final class ConnectedSession {
    private static final Logger LOG = Logger.getLogger(ConnectedSession.class.getName());

    private final Session session;
    private final SessionOutbox outbox;
    private final Consumer<ErrorCode> refused;
    private volatile ChatPrincipal principal;
    private volatile Instant reauthDeadline;
    private volatile long lastReceivedNanos = System.nanoTime();
    private CompletableFuture<Void> lastAction = CompletableFuture.completedFuture(null); // guarded by this
    private int pendingActions; // guarded by this

    public ConnectedSession(Session session, ChatPrincipal principal, SessionOutbox.Limits outboxLimits, Executor writers,
                            boolean holdRooms, SessionOutbox.GapRepair gapRepair, Runnable outboxOverflowed, Consumer<ErrorCode> refused,
                            TracedFrames tracedFrames) {
        this.session = session;
        this.refused = refused;
        this.principal = principal;
        this.outbox = new SessionOutbox(session, principal.userId(), outboxLimits, writers, holdRooms, gapRepair, outboxOverflowed, tracedFrames);
    }

    public String userId() {
        return principal.userId();
    }

    public String sessionId() {
        return session.getId();
    }

    /** The client sent a frame (for the idle timeout, {@link SessionIdleTimer}, and the rooms' wait for its RESUME). */
    public void received() {
        lastReceivedNanos = System.nanoTime();
        outbox.heard();
    }

    /** When a frame last went either way ({@link System#nanoTime()}). */
    public long lastActivityNanos() {
        long sent = outbox.lastSentNanos();
        return sent - lastReceivedNanos > 0 ? sent : lastReceivedNanos;
    }

    public ChatPrincipal principal() {
        return principal;
    }

    public SessionOutbox outbox() {
        return outbox;
    }

    /** Queues a frame for this session (see {@link SessionOutbox}); an {@code ERROR} frame is counted by its code. */
    public void send(ServerFrame frame) {
        if (frame instanceof ErrorFrame error) {
            refused.accept(error.code());
        }
        outbox.offer(ChatJson.instance().encodeFrame((Record) frame));
    }

    /**
     * Runs a room action (edit, delete, reaction, receipt) on {@code executor}, after the
     * session's earlier actions: off the container's thread, yet in the order the client sent them.
     *
     * @return false, running nothing, when {@code maxPending} actions are already waiting
     */
    public synchronized boolean runInOrder(Runnable action, Executor executor, int maxPending) {
        if (pendingActions >= maxPending) {
            return false;
        }
        pendingActions++;
        lastAction = lastAction.thenRunAsync(() -> {
            try {
                action.run();
            } finally {
                synchronized (this) {
                    pendingActions--;
                }
            }
        }, executor);
        return true;
    }

    public Instant reauthDeadline() {
        return reauthDeadline;
    }

    public void awaitReauthUntil(Instant deadline) {
        reauthDeadline = deadline;
    }

    /** A fresh token of the same user: the session lives on. */
    public void reauthenticated(ChatPrincipal fresh) {
        principal = fresh;
        reauthDeadline = null;
    }

    public void close(CloseReason.CloseCode code, String reason) {
        outbox.markClosed();
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException | IllegalStateException e) { // gone meanwhile, or closed already (Tyrus throws then)
            LOG.log(Level.FINE, "Close of session " + session.getId() + " failed", e);
        }
    }
}
