package dev.chat.notification.boundary;

import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every {@code chat.notifications.check-interval-ms}, on every node that decides notifications:
 * the checks of connected members' mentions that are due (each taken by one node: the rows are
 * locked with SKIP LOCKED), and once an hour, decisions older than
 * {@code chat.notifications.decision-retention-hours} are forgotten.
 */
@ApplicationScoped
public class MentionChecks implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(MentionChecks.class.getName());
    private static final int BATCH = 500;

    @Inject
    NotificationDecider decider;

    @Inject
    ApplicationThreads threads;

    @Inject
    @ConfigProperty(name = "chat.node.notifier")
    boolean notifierNode;

    @Inject
    @ConfigProperty(name = "chat.notifications.check-interval-ms", defaultValue = "1000")
    long intervalMs;

    @Inject
    @ConfigProperty(name = "chat.notifications.decision-retention-hours", defaultValue = "168")
    long retentionHours;

    private ScheduledFuture<?> task;
    private Instant lastForget = Instant.EPOCH;

    @Override
    public void start() {
        if (notifierNode) {
            task = threads.every("mention-checks", Duration.ofMillis(intervalMs), this::run); // checks stay due while a round fails
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void run() {
        int made;
        do {
            made = decider.checkDue(BATCH);
        } while (made == BATCH);
        if (lastForget.isBefore(Instant.now().minus(Duration.ofHours(1)))) {
            lastForget = Instant.now();
            int forgotten = decider.forgetOlderThan(Duration.ofHours(retentionHours));
            LOG.log(Level.FINE, "Forgot {0} notification decisions", forgotten);
        }
    }
}
