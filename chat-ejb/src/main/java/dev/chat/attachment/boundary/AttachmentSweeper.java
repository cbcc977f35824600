package dev.chat.attachment.boundary;

import dev.chat.attachment.control.AttachmentLimits;
import dev.chat.attachment.control.AttachmentRecords;
import dev.chat.attachment.control.ObjectStore;
import dev.chat.api.error.ChatException;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes, every {@code chat.attachments.sweep-interval-seconds}, the files nobody can reach:
 * uploads no message took within {@code chat.attachments.unattached-ttl-seconds}, the files of
 * deleted messages, and those of deleted rooms; objects first, then rows, in batches. Every node
 * sweeps; rows are locked with {@code SKIP LOCKED}, so two nodes never remove the same batch. A
 * deleted message's files go right after its commit too, without waiting for the next sweep.
 */
@ApplicationScoped
public class AttachmentSweeper implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(AttachmentSweeper.class.getName());
    private static final int BATCH = 100;

    @Inject
    AttachmentRecords records;

    @Inject
    ObjectStore store;

    @Inject
    AttachmentLimits limits;

    @Inject
    AttachmentMetrics metrics;

    @Inject
    ApplicationThreads threads;


    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    @ConfigProperty(name = "chat.attachments.sweep-interval-seconds", defaultValue = "300")
    long intervalSeconds;

    private ScheduledFuture<?> task;

    @Override
    public void start() {
        task = threads.every("attachment-sweep", Duration.ofSeconds(intervalSeconds), this::sweep);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** One sweep: batches until nothing is left to remove (or the store fails: the next sweep goes on). */
    void sweep() {
        try {
            Instant now = Instant.now();
            Instant cutoff = now.minus(limits.unattachedTtl());
            Instant uploadsExpired = uploadsExpiredBefore(now);
            int removed;
            int total = 0;
            do {
                removed = records.sweep(cutoff, uploadsExpired, BATCH, store);
                total += removed;
            } while (removed == BATCH);
            while (records.clearUploads(uploadsExpired, BATCH, store) == BATCH) {
                LOG.log(Level.FINE, "Cleared a batch of upload keys whose URLs expired");
            }
            if (total > 0) {
                metrics.removed(total);
                LOG.log(Level.FINE, "Removed {0} attachments no message or room keeps", total);
            }
            metrics.stored(records.totalBytes());
        } catch (ChatException unavailable) {
            LOG.log(Level.WARNING, "Attachment sweep stopped: {0} (the next one goes on)", unavailable.getMessage());
        }
    }

    /** Rows created before this have no upload URL that still writes (a minute's margin for clocks). */
    private Instant uploadsExpiredBefore(Instant now) {
        return now.minus(limits.uploadUrlValidity()).minusSeconds(60);
    }

    /** Removes the attachments of a deleted message once the deletion has committed (the sweep takes them otherwise). */
    void removeAfterCommit(List<String> attachmentIds) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    return;
                }
                try {
                    threads.execute(() -> removeNow(attachmentIds));
                } catch (RejectedExecutionException busy) {
                    LOG.log(Level.FINE, "Attachments of a deleted message left to the next sweep (threads busy)");
                }
            }
        });
    }

    private void removeNow(List<String> attachmentIds) {
        try {
            metrics.removed(records.sweepRemoved(attachmentIds, uploadsExpiredBefore(Instant.now()), store));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove the attachments of a deleted message now (the next sweep does): {0}", e.getMessage());
        }
    }
}
