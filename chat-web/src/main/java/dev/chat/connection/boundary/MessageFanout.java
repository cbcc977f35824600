package dev.chat.connection.boundary;

import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.api.event.MessageEditedV1;
import dev.chat.api.event.MessageFlaggedV1;
import dev.chat.api.event.MessageRestoredV1;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.RoomEvent;
import dev.chat.block.boundary.Blockers;
import dev.chat.crypto.boundary.Contents;
import dev.chat.connection.control.MessageFrames;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.message.control.LocalDelivery;
import dev.chat.platform.kafka.EventRecords;
import dev.chat.room.boundary.RoomMembership;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import dev.chat.connection.control.TracedFrames;
import dev.chat.platform.metrics.LatencyHistograms;
import dev.chat.platform.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import dev.chat.platform.concurrent.ApplicationThreads;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;


/**
 * Hands stored room events to this node's sessions: each timeline event becomes one frame (a
 * message with its seq; edits, deletes, reactions, receipts), encoded once, queued for the node's
 * sessions of the room's members. Events come from this node's persister ({@link LocalDelivery},
 * the rooms of the partitions it stores) and from the channels of the other rooms, which
 * {@link RoomInterest} subscribes while a session here reads them; each message is handed to the
 * sessions once, by seq, whichever way came first. A member who blocked the sender gets the
 * message as a placeholder (its seq, no content) and none of its edits, hidings or restores. A flag that
 * hides a message goes to the room as {@code MESSAGE_HIDDEN}; one that does not hide sends nothing.
 * It only enqueues.
 *
 * <p>{@code chat_messages_fanout_latency_ms}: from a message's acceptance (its {@code sentAt}) to
 * this node queueing it for its sessions, i.e. Kafka, the persister and the channel, everything
 * but the last hop to the client. {@code chat_fanout_events_without_local_sessions_total}: events
 * received on a channel for rooms no session here reads (a room left within the unsubscribe delay;
 * skipped undecoded); {@code chat_fanout_events_dropped_total}: events
 * a full lane could not take (their rooms are caught up from the database).
 */
@ApplicationScoped
public class MessageFanout implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(MessageFanout.class.getName());

    @Inject
    RoomSubscriptions subscriptions;

    @Inject
    RoomMembership membership;

    @Inject
    Blockers blockers;

    @Inject
    Contents contents;

    @Inject
    MetricRegistry metrics;

    @Inject
    LatencyHistograms histograms;

    @Inject
    TracedFrames tracedFrames;

    @Inject
    LocalDelivery localDelivery;

    @Inject
    Tracing tracing;

    @Inject
    ApplicationThreads threads;

    /** Events received from the channels that may wait for the fan-out's thread. */
    @Inject
    @ConfigProperty(name = "chat.fanout.queue", defaultValue = "20000")
    int queue;

    private Histogram fanoutLatency;
    private Counter withoutLocalSessions;
    private Counter dropped;
    private Executor lane;

    @Override
    public void start() {
        localDelivery.listen(this::deliverStored);
    }

    @PostConstruct
    void create() {
        lane = threads.lane("fanout", queue);
        fanoutLatency = histograms.register("chat_messages_fanout_latency_ms", "Milliseconds from a message's acceptance to its fan-out by this node");
        withoutLocalSessions = metrics.counter(Metadata.builder().withName("chat_fanout_events_without_local_sessions_total")
                .withDescription("Stored events this node received for rooms none of its sessions reads (skipped undecoded)").build());
        dropped = metrics.counter(Metadata.builder().withName("chat_fanout_events_dropped_total")
                .withDescription("Stored events received while the fan-out's queue was full (caught up from the database)").build());
    }

    /**
     * A stored event from a room's channel, on a Redis client thread (one at a time per
     * channel, in order): skipped when no session here reads its room, else queued for the
     * fan-out's own thread, which keeps the order.
     *
     * @return false when the queue was full and the event was dropped: the caller catches the room up
     */
    public boolean received(String roomId, String value) {
        if (!subscriptions.hosts(roomId)) {
            withoutLocalSessions.inc();
            return true;
        }
        try {
            lane.execute(() -> deliverReceived(value));
            return true;
        } catch (RejectedExecutionException full) {
            dropped.inc();
            return false;
        }
    }

    /**
     * Runs {@code task} on the fan-out's thread once the events queued before it went out.
     *
     * @throws RejectedExecutionException when the queue is full
     */
    public void afterQueued(Runnable task) {
        lane.execute(task);
    }

    private void deliverReceived(String value) {
        RoomEvent event;
        String traceparent;
        try {
            var envelope = EventRecords.decode(value, "chat-fanout").orElse(null);
            event = envelope != null && envelope.payload() instanceof RoomEvent roomEvent ? contents.opened(roomEvent) : null;
            traceparent = envelope == null ? null : envelope.traceparent();
        } catch (RuntimeException e) { // the lane goes on with the next event
            LOG.log(Level.SEVERE, "Fan-out skipped a stored event it could not decode or open", e);
            return;
        }
        if (event != null) {
            deliver(event, traceparent, SpanKind.CONSUMER);
        }
    }

    /** What this node's persister just stored ({@link LocalDelivery}), on the persister's thread. */
    private void deliverStored(List<LocalDelivery.Stored> timeline) {
        timeline.forEach(stored -> deliver(stored.event(), stored.traceparent(), SpanKind.INTERNAL));
    }

    /** {@code traceparent}: the span of the event's storing, when its trace is sampled (null: not traced). */
    private void deliver(RoomEvent roomEvent, String traceparent, SpanKind kind) {
        try {
            if (roomEvent instanceof MessageSentV1 stored) {
                if (stored.seq() != null) {
                    Span span = tracing.continueTrace(traceparent, "fan-out", kind, null);
                    int sessions = deliverMessage(stored, span);
                    if (span.isRecording()) {
                        span.setAttribute(Tracing.ROOM_ID, stored.roomId()).setAttribute(Tracing.MESSAGE_ID, stored.messageId())
                                .setAttribute(Tracing.SEQ, stored.seq()).setAttribute(Tracing.SESSIONS, (long) sessions);
                    }
                    span.end();
                }
            } else if (roomEvent instanceof MessageFlaggedV1 flagged && !flagged.hidden()) {
                return; // flagged for review only: nothing changes for the room
            } else if (subscriptions.hosts(roomEvent.roomId())) {
                var members = membership.rolesIn(roomEvent.roomId());
                // an edit or a restore shows content: not to those who blocked its author; nor a hiding (theirs stays a blocked placeholder)
                Set<String> blockedAuthor = roomEvent instanceof MessageEditedV1 edited ? blockers.of(edited.editedBy())
                        : roomEvent instanceof MessageRestoredV1 restored ? blockers.of(restored.senderId())
                        : roomEvent instanceof MessageFlaggedV1 flagged ? blockers.of(flagged.senderId()) : Set.of();
                subscriptions.deliverEvent(roomEvent.roomId(), MessageFrames.of(roomEvent),
                        userId -> members.containsKey(userId) && !blockedAuthor.contains(userId));
            }
        } catch (RuntimeException e) {
            // one event that cannot be delivered must not cost the others
            LOG.log(Level.SEVERE, "Fan-out skipped a stored event of room " + roomEvent.roomId() + " it could not deliver", e);
        }
    }

    /**
     * A stored message reaches this node's sessions once, whichever way it came first (from this node's persister, or from a channel).
     *
     * @return to how many sessions it was queued (0: delivered already, or nobody here reads the room)
     */
    private int deliverMessage(MessageSentV1 stored, Span span) {
        long seq = stored.seq();
        if (!subscriptions.firstDelivery(stored.roomId(), seq)) {
            return 0;
        }
        var members = membership.rolesIn(stored.roomId());
        String frame = MessageFrames.delivered(stored);
        tracedFrames.add(frame, span); // its writes to the sessions are spans of the trace too
        Set<String> blockedSender = blockers.of(stored.senderId());
        int sessions;
        if (blockedSender.isEmpty()) {
            sessions = subscriptions.deliver(stored.roomId(), seq, frame, members::containsKey);
        } else {
            String placeholder = MessageFrames.hidden(stored);
            sessions = subscriptions.deliver(stored.roomId(), seq,
                    userId -> !members.containsKey(userId) ? null : blockedSender.contains(userId) ? placeholder : frame);
        }
        fanoutLatency.update(Duration.between(stored.sentAt(), Instant.now()).toMillis());
        return sessions;
    }
}
