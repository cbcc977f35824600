package dev.chat.connection.control;

import dev.chat.auth.entity.ChatPrincipal;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.time.Instant;
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
    private volatile ChatPrincipal principal;
    private volatile Instant reauthDeadline;

    public ConnectedSession(Session session, ChatPrincipal principal, int maxQueued) {
        this.session = session;
        this.principal = principal;
        this.outbox = new SessionOutbox(session, principal.userId(), maxQueued);
    }

    public String userId() {
        return principal.userId();
    }

    public ChatPrincipal principal() {
        return principal;
    }

    public SessionOutbox outbox() {
        return outbox;
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
        } catch (IOException e) {
            LOG.log(Level.FINE, "Close of session " + session.getId() + " failed", e);
        }
    }
}
