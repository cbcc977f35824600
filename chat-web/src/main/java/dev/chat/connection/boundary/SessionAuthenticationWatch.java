package dev.chat.connection.boundary;

import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.auth.boundary.Accounts;
import dev.chat.connection.control.ConnectedSession;
import dev.chat.connection.control.SessionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Re-checks every open session's authentication at a fixed interval: once its access token has
 * expired the session gets {@code ERROR UNAUTHORIZED} asking for {@code REAUTH}, and if no valid
 * token arrives within the grace period it is closed with 1008. Sessions of a deleted account
 * are closed with 1008 at the next check.
 */
@ApplicationScoped
public class SessionAuthenticationWatch implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(SessionAuthenticationWatch.class.getName());

    @Inject
    SessionRegistry registry;

    @Inject
    Accounts accounts;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "chat.ws.auth-check-interval-ms", defaultValue = "30000")
    long intervalMs;

    @Inject
    @ConfigProperty(name = "chat.ws.reauth-grace-ms", defaultValue = "30000")
    long graceMs;

    private ScheduledFuture<?> task;
    /** Deletions from here on close sessions; the first round looks back to before the node started. */
    private volatile Instant deletedSince = Instant.now().minus(Duration.ofMinutes(1));

    @Override
    public void start() {
        task = scheduler.scheduleWithFixedDelay(this::checkAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Accounts are checked by asking which were deleted since the previous round (with a margin
     * for clocks and slow commits): one query per round whatever the number of connections (one
     * query per connected user made an idle node with 10,000 connections busy). A connection was
     * opened only for an active account (the handshake checks), so a deletion after it is found here.
     */
    void checkAll() {
        try {
            Instant now = Instant.now();
            Set<String> deleted = accounts.deletedSince(deletedSince);
            deletedSince = now.minusMillis(Math.max(intervalMs, 60_000)); // overlapping rounds: a deletion is never missed
            for (ConnectedSession session : registry.all()) {
                if (deleted.contains(session.userId())) {
                    session.close(CloseReason.CloseCodes.VIOLATED_POLICY, "account deleted");
                } else {
                    check(session, now);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Session authentication check failed; retrying at the next interval", e);
        }
    }

    private void check(ConnectedSession session, Instant now) {
        if (!session.principal().expiredAt(now)) {
            return;
        }
        Instant deadline = session.reauthDeadline();
        if (deadline == null) {
            session.awaitReauthUntil(now.plusMillis(graceMs));
            session.outbox().offer(ChatJson.instance().encodeFrame(ErrorFrame.of(ErrorCode.UNAUTHORIZED,
                    "access token expired: send REAUTH with a fresh token within " + Duration.ofMillis(graceMs).toSeconds() + " s", null)));
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
