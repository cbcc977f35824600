package dev.chat.attachment.web;

import dev.chat.attachment.control.ObjectStore;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reports whether the attachment store answers (its bucket exists and the credentials work), in
 * the check's data, as a background check every {@link #INTERVAL_SECONDS} s found it: a probe
 * never waits for the store (one that drops packets would hold it for the store's timeouts).
 * Always up: chat goes on without the store (uploads and downloads answer 503 meanwhile), so an
 * outage of the store must not take the node out of a load balancer's rotation.
 */
@Readiness
@ApplicationScoped
public class AttachmentStoreReadiness implements HealthCheck, StartsWithApplication {
    static final long INTERVAL_SECONDS = 5;

    @Inject
    ObjectStore store;

    @Inject
    ApplicationThreads threads;

    private volatile String error = "not checked yet";
    private ScheduledFuture<?> task;

    @Override
    public void start() {
        // ping() logs nothing and throws nothing: the plain timer, and a first check at once
        task = threads.timer("attachment-store-check").scheduleWithFixedDelay(this::ping, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void ping() {
        try {
            store.ping();
            error = null;
        } catch (RuntimeException e) { // UNAVAILABLE, or a client failure
            error = String.valueOf(e.getMessage());
        }
    }

    @Override
    public HealthCheckResponse call() {
        String last = error;
        var response = HealthCheckResponse.named("attachment-store").up().withData("reachable", last == null);
        return last == null ? response.build() : response.withData("error", last).build();
    }
}
