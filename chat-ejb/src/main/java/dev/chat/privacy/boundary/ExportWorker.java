package dev.chat.privacy.boundary;

import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every {@code chat.privacy.export-interval-ms} (2 s), on every node: builds the exports waiting
 * to be built, one at a time on a thread of their own (a large one takes a while; the shared
 * scheduler's threads stay free), and removes the expired ones ({@link AccountExports}).
 */
@ApplicationScoped
public class ExportWorker implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(ExportWorker.class.getName());

    @Inject
    AccountExports exports;

    @Inject
    ApplicationThreads threads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "chat.privacy.export-interval-ms", defaultValue = "2000")
    long intervalMs;

    private final AtomicBoolean running = new AtomicBoolean();
    private Executor builder;
    private ScheduledFuture<?> task;

    @Override
    public void start() {
        builder = threads.lane(1);
        task = scheduler.scheduleWithFixedDelay(this::trigger, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void trigger() {
        if (running.compareAndSet(false, true)) {
            try {
                builder.execute(this::run);
            } catch (RejectedExecutionException e) {
                running.set(false); // stopping
            }
        }
    }

    void run() {
        try {
            Optional<String[]> claimed;
            while ((claimed = exports.claim()).isPresent()) {
                exports.build(claimed.get()[0], claimed.get()[1]);
            }
            exports.expire();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Building or expiring exports failed; tried again at the next round", e);
        } finally {
            running.set(false);
        }
    }
}
