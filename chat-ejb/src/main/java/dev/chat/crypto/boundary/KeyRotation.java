package dev.chat.crypto.boundary;

import dev.chat.crypto.control.DataKeyStore;
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
 * After a master key rotation (a new, higher version in the configuration), every
 * {@code chat.crypto.rewrap-interval-ms} each node re-wraps data keys still wrapped by an older
 * master key with the active one, {@code chat.crypto.rewrap-batch} per transaction, until none is
 * left; then the old master key can be removed from the configuration (docs/privacy.md).
 */
@ApplicationScoped
public class KeyRotation implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(KeyRotation.class.getName());

    @Inject
    Contents contents;

    @Inject
    DataKeyStore store;

    @Inject
    ApplicationThreads threads;

    @Inject
    @ConfigProperty(name = "chat.crypto.rewrap-interval-ms", defaultValue = "60000")
    long intervalMs;

    @Inject
    @ConfigProperty(name = "chat.crypto.rewrap-batch", defaultValue = "500")
    int batch;

    private ScheduledFuture<?> task;

    @Override
    public void start() {
        if (!contents.masters().isEmpty()) {
            task = threads.every("key-rotation", Duration.ofMillis(intervalMs), this::run);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void run() {
        int rewrapped = 0;
        int round;
        do {
            round = store.rewrap(contents.masters(), batch);
            rewrapped += round;
        } while (round == batch);
        if (rewrapped > 0) {
            LOG.log(Level.INFO, "Re-wrapped {0} data keys with master key {1}", new Object[]{rewrapped, contents.masters().activeVersion()});
        }
    }
}
