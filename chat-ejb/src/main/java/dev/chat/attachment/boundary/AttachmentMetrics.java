package dev.chat.attachment.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code chat_attachments_uploads_total} and {@code chat_attachments_uploaded_bytes_total} (checked
 * uploads on this node), {@code chat_attachments_removed_total} (attachments whose objects this
 * node's sweeps removed: unsent, of deleted messages or rooms) and {@code chat_attachments_stored_bytes}
 * (all files in the store, as of this node's last sweep).
 */
@ApplicationScoped
public class AttachmentMetrics {

    @Inject
    MetricRegistry metrics;

    private Counter uploads;
    private Counter uploadedBytes;
    private Counter removed;
    private final AtomicLong storedBytes = new AtomicLong();

    @PostConstruct
    void register() {
        uploads = metrics.counter(Metadata.builder().withName("chat_attachments_uploads_total")
                .withDescription("Uploads checked and stored by this node").build());
        uploadedBytes = metrics.counter(Metadata.builder().withName("chat_attachments_uploaded_bytes_total")
                .withDescription("Bytes of the uploads checked and stored by this node").withUnit(MetricUnits.BYTES).build());
        removed = metrics.counter(Metadata.builder().withName("chat_attachments_removed_total")
                .withDescription("Attachments this node removed from the store (never sent, message or room deleted)").build());
        metrics.gauge(Metadata.builder().withName("chat_attachments_stored_bytes")
                .withDescription("Bytes of all attachments in the store, as of this node's last sweep").withUnit(MetricUnits.BYTES).build(),
                storedBytes, AtomicLong::get);
    }

    void uploaded(long bytes) {
        uploads.inc();
        uploadedBytes.inc(bytes);
    }

    void removed(int count) {
        removed.inc(count);
    }

    void stored(long bytes) {
        storedBytes.set(bytes);
    }
}
