package dev.chat.privacy.boundary;

import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every {@code chat.privacy.erasure-interval-ms} (1 s), on every node: the pending erasures, each
 * taken step by step until it is done or another node holds it ({@link AccountErasures}). A step
 * that fails (Kafka or the database unavailable) rolls back and is tried again at the next round.
 */
@ApplicationScoped
public class ErasureWorker implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(ErasureWorker.class.getName());
    private static final int ACCOUNTS_PER_ROUND = 10;
    /**
     * How long after an erasure what was written late is looked for: longer than a session stays
     * open on another node and than a Kafka outage the node's buffer rides out, in practice.
     */
    private static final Duration LATE_WINDOW = Duration.ofHours(1);

    @Inject
    AccountErasures erasures;

    @Inject
    ApplicationThreads threads;

    @Inject
    @ConfigProperty(name = "chat.privacy.erasure-interval-ms", defaultValue = "1000")
    long intervalMs;

    private ScheduledFuture<?> task;

    @Override
    public void start() {
        task = threads.every("erasures", Duration.ofMillis(intervalMs), this::run);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void run() {
        for (String userId : erasures.pending(ACCOUNTS_PER_ROUND)) {
            try {
                AccountErasures.Step step;
                do {
                    step = erasures.step(userId);
                } while (step == AccountErasures.Step.MORE);
            } catch (RuntimeException e) { // one account's trouble (the store down, Kafka slow) holds up no other
                LOG.log(Level.WARNING, "An erasure step of account " + userId + " failed; it is tried again at the next round", e);
            }
        }
        for (String userId : erasures.recentlyErased(LATE_WINDOW)) {
            erasures.eraseLateDecisions(userId);
            while (erasures.eraseLateMessages(userId) > 0) {
                // until none is left
            }
        }
    }
}
