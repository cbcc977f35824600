package dev.chat.connection.boundary;

import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.auth.boundary.Accounts;
import dev.chat.auth.entity.SessionsRevoked;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.connection.control.ConnectedSession;
import dev.chat.connection.control.SessionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * Re-checks every open session's authentication at a fixed interval: once its access token has
 * expired the session gets {@code ERROR UNAUTHORIZED} asking for {@code REAUTH}, and if no valid
 * token arrives within the grace period it is closed with 1008. Sessions whose user's sessions
 * were ended after their token was issued (account deleted, password reset or changed) are closed
 * with 1008: on this node as soon as the change commits, on the others at their next check.
 */
@ApplicationScoped
public class SessionAuthenticationWatch implements StartsWithApplication {
    @Inject
    SessionRegistry registry;

    @Inject
    Accounts accounts;

    @Inject
    ApplicationThreads threads;

    @Inject
    @ConfigProperty(name = "chat.ws.auth-check-interval-ms", defaultValue = "30000")
    long intervalMs;

    @Inject
    @ConfigProperty(name = "chat.ws.reauth-grace-ms", defaultValue = "30000")
    long graceMs;

    private static final String SESSION_ENDED = "session ended: account deleted, or password reset or changed";

    private ScheduledFuture<?> task;
    /** Sessions ended from here on close sessions; the first round looks back to before the node started. */
    private volatile Instant revokedSince = Instant.now().minus(Duration.ofMinutes(1));

    @Override
    public void start() {
        task = threads.every("session-authentication", Duration.ofMillis(intervalMs), this::checkAll);
    }

    /**
     * Accounts are checked by asking whose sessions ended since the previous round (with a margin
     * for clocks and slow commits): one query per round whatever the number of connections (one
     * query per connected user made an idle node with 10,000 connections busy). A connection was
     * opened only with a token its account honoured (the handshake checks), so an end after it is found here.
     */
    void checkAll() {
        Instant now = Instant.now();
        Map<String, Integer> revoked = accounts.sessionsRevokedSince(revokedSince);
        revokedSince = now.minusMillis(Math.max(intervalMs, 60_000)); // overlapping rounds: an end is never missed
        for (ConnectedSession session : registry.all()) {
            Integer generation = revoked.get(session.userId());
            if (generation != null && session.principal().endedBy(generation)) {
                session.close(CloseReason.CloseCodes.VIOLATED_POLICY, SESSION_ENDED);
            } else {
                check(session, now);
            }
        }
    }

    /** This node's sessions of a user whose sessions just ended: closed once the change committed, not a round later. */
    void sessionsRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionsRevoked revoked) {
        for (ConnectedSession session : List.copyOf(registry.sessionsOf(revoked.userId()))) {
            if (session.principal().endedBy(revoked.generation())) {
                session.close(CloseReason.CloseCodes.VIOLATED_POLICY, SESSION_ENDED);
            }
        }
    }

    private void check(ConnectedSession session, Instant now) {
        if (!session.principal().expiredAt(now)) {
            return;
        }
        Instant deadline = session.reauthDeadline();
        if (deadline == null) {
            session.awaitReauthUntil(now.plusMillis(graceMs));
            session.send(ErrorFrame.of(ErrorCode.UNAUTHORIZED,
                    "access token expired: send REAUTH with a fresh token within " + Duration.ofMillis(graceMs).toSeconds() + " s", null));
        } else if (now.isAfter(deadline)) {
            session.close(CloseReason.CloseCodes.VIOLATED_POLICY, "access token expired");
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
