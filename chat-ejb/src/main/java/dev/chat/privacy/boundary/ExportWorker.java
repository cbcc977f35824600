package dev.chat.privacy.boundary;

import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * Every {@code chat.privacy.export-interval-ms} (2 s), on every node: builds the exports waiting
 * to be built, one at a time on a timer of its own (a large one takes a while and holds up no
 * other scheduled work), and removes the expired ones ({@link AccountExports}).
 */
@ApplicationScoped
public class ExportWorker implements StartsWithApplication {
    @Inject
    AccountExports exports;

    @Inject
    ApplicationThreads threads;

    @Inject
    @ConfigProperty(name = "chat.privacy.export-interval-ms", defaultValue = "2000")
    long intervalMs;

    private ScheduledFuture<?> task;

    @Override
    public void start() {
        task = threads.every("exports", Duration.ofMillis(intervalMs), this::run);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void run() {
        Optional<String[]> claimed;
        while ((claimed = exports.claim()).isPresent()) {
            exports.build(claimed.get()[0], claimed.get()[1]);
        }
        exports.expire();
    }
}
