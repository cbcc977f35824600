package dev.chat.privacy.boundary;

import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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

    @Inject
    AccountErasures erasures;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "chat.privacy.erasure-interval-ms", defaultValue = "1000")
    long intervalMs;

    private ScheduledFuture<?> task;

    @Override
    public void start() {
        task = scheduler.scheduleWithFixedDelay(this::run, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void run() {
        try {
            for (String userId : erasures.pending(ACCOUNTS_PER_ROUND)) {
                AccountErasures.Step step;
                do {
                    step = erasures.step(userId);
                } while (step == AccountErasures.Step.MORE);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An erasure step failed; it is tried again at the next round", e);
        }
    }
}
