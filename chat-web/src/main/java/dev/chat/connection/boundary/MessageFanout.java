package dev.chat.connection.boundary;

import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.RoomEvent;
import dev.chat.connection.control.MessageFrames;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.EventRecords;
import dev.chat.room.boundary.RoomMembership;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.time.Instant;


/**
 * This node's consumer of the stored-message stream ({@code chat.messages.stored}, group
 * {@code chat-fanout-<nodeId>}): turns each timeline event into one frame (a message with its seq;
 * edits, deletes, reactions, receipts), encoded once, and queues it for the node's sessions of the
 * room's members. It only enqueues, so it never blocks the Kafka thread.
 *
 * <p>{@code chat_messages_fanout_latency_ms}: from a message's acceptance (its {@code sentAt}) to
 * this node queueing it for its sessions, i.e. Kafka, the persister and the fan-out consumer,
 * everything but the last hop to the client.
 */
@ApplicationScoped
public class MessageFanout {
    @Inject
    RoomSubscriptions subscriptions;

    @Inject
    RoomMembership membership;

    @Inject
    MetricRegistry metrics;

    private Histogram fanoutLatency;

    @PostConstruct
    void registerMetrics() {
        fanoutLatency = metrics.histogram(Metadata.builder().withName("chat_messages_fanout_latency_ms")
                .withDescription("Milliseconds from a message's acceptance to its fan-out by this node")
                .withUnit(MetricUnits.NONE).build());
    }

    @Incoming(Channels.MESSAGES_FANOUT)
    public void deliver(String value) {
        var event = EventRecords.decode(value, "chat-fanout").map(EventEnvelope::payload).orElse(null);
        if (!(event instanceof RoomEvent roomEvent)) {
            return;
        }
        var members = membership.rolesIn(roomEvent.roomId());
        if (roomEvent instanceof MessageSentV1 stored) {
            if (stored.seq() != null) {
                subscriptions.deliver(stored.roomId(), stored.seq(), MessageFrames.delivered(stored), members::containsKey);
                fanoutLatency.update(Duration.between(stored.sentAt(), Instant.now()).toMillis());
            }
        } else {
            subscriptions.deliverEvent(roomEvent.roomId(), MessageFrames.of(roomEvent), members::containsKey);
        }
    }
}
