package dev.chat.connection.boundary;

import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.RoomEvent;
import dev.chat.connection.control.MessageFrames;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.message.control.LocalDelivery;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.EventRecords;
import dev.chat.room.boundary.RoomMembership;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import io.smallrye.reactive.messaging.annotations.Blocking;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;


/**
 * This node's consumer of the stored-message stream ({@code chat.messages.stored}, group
 * {@code chat-fanout-<nodeId>}): turns each timeline event into one frame (a message with its seq;
 * edits, deletes, reactions, receipts), encoded once, and queues it for the node's sessions of the
 * room's members. It only enqueues, so it never blocks the Kafka thread. Messages of the rooms this
 * node persists arrive earlier, straight from its persister ({@link LocalDelivery}); each message
 * is handed to the sessions once, by seq, whichever way came first.
 *
 * <p>{@code chat_messages_fanout_latency_ms}: from a message's acceptance (its {@code sentAt}) to
 * this node queueing it for its sessions, i.e. Kafka, the persister and the fan-out consumer,
 * everything but the last hop to the client. {@code chat_fanout_events_without_local_sessions_total}:
 * stored events of rooms no session here reads, skipped by their key (the roomId) without being
 * decoded; every node still receives them (docs/architecture.md, "Next: delivery by interest").
 */
@ApplicationScoped
public class MessageFanout implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(MessageFanout.class.getName());

    @Inject
    RoomSubscriptions subscriptions;

    @Inject
    RoomMembership membership;

    @Inject
    MetricRegistry metrics;


    @Inject
    LocalDelivery localDelivery;

    private Histogram fanoutLatency;
    private Counter withoutLocalSessions;

    @Override
    public void start() {
        localDelivery.listen(this::deliverStored);
    }

    @PostConstruct
    void registerMetrics() {
        fanoutLatency = metrics.histogram(Metadata.builder().withName("chat_messages_fanout_latency_ms")
                .withDescription("Milliseconds from a message's acceptance to its fan-out by this node")
                .withUnit(MetricUnits.NONE).build());
        withoutLocalSessions = metrics.counter(Metadata.builder().withName("chat_fanout_events_without_local_sessions_total")
                .withDescription("Stored events this node received for rooms none of its sessions reads (skipped undecoded)").build());
    }

    /**
     * One Kafka poll at a time ({@code batch=true}), on a worker thread ({@code @Blocking}, in
     * order): per record, SmallRye's dispatch through the event loop it shares with the other
     * channels cost more than the delivery itself, and held up the persister's batches behind it.
     */
    @Incoming(Channels.MESSAGES_FANOUT)
    @Blocking
    public void deliver(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            if (record.key() != null && !subscriptions.hosts(record.key())) {
                withoutLocalSessions.inc(); // the persister keys every stored event by its room
                continue;
            }
            try {
                deliver(record.value());
            } catch (RuntimeException e) {
                // one record that cannot be delivered must not cost the others of the poll
                LOG.log(Level.SEVERE, "Fan-out skipped a record it could not deliver", e);
            }
        }
    }

    private void deliver(String value) {
        var event = EventRecords.decode(value, "chat-fanout").map(EventEnvelope::payload).orElse(null);
        if (!(event instanceof RoomEvent roomEvent)) {
            return;
        }
        if (roomEvent instanceof MessageSentV1 stored) {
            if (stored.seq() != null) {
                deliverMessage(stored);
            }
        } else {
            var members = membership.rolesIn(roomEvent.roomId());
            subscriptions.deliverEvent(roomEvent.roomId(), MessageFrames.of(roomEvent), members::containsKey);
        }
    }

    /** Messages this node's persister just stored ({@link LocalDelivery}): delivered before they go round through Kafka. */
    private void deliverStored(List<MessageSentV1> stored) {
        for (MessageSentV1 message : stored) {
            deliverMessage(message);
        }
    }

    /** A stored message reaches this node's sessions once, whichever way it came first (from this node's persister, or from the stored stream). */
    private void deliverMessage(MessageSentV1 stored) {
        long seq = stored.seq();
        if (!subscriptions.firstDelivery(stored.roomId(), seq)) {
            return; // delivered already, or a later one was, or nobody here reads the room
        }
        var members = membership.rolesIn(stored.roomId());
        subscriptions.deliver(stored.roomId(), seq, MessageFrames.delivered(stored), members::containsKey);
        fanoutLatency.update(Duration.between(stored.sentAt(), Instant.now()).toMillis());
    }
}
