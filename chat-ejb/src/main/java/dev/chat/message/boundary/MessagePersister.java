package dev.chat.message.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.RoomEvent;
import dev.chat.message.control.MessageStore;
import dev.chat.message.entity.ChatMessage;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.EventRecords;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumer group {@code chat-persister}: stores every message event in PostgreSQL, then forwards
 * it with its room sequence number to {@code chat.messages.stored} (key = roomId), the stream the
 * nodes fan out from; the room's other timeline events follow in the same order. The incoming offset is committed only once the forwarded record is
 * acknowledged, so a crash means redelivery, which the store absorbs (same row, same seq) and
 * the sessions de-duplicate (by seq). While the database is unavailable it retries the same
 * record with growing backoff instead of skipping it: the partition waits, nothing is lost and
 * the room's order holds.
 */
@ApplicationScoped
public class MessagePersister {
    private static final Logger LOG = Logger.getLogger(MessagePersister.class.getName());

    @Inject
    MessageStore store;

    @Inject
    @ConfigProperty(name = "chat.persister.max-backoff-ms", defaultValue = "5000")
    long maxBackoffMs;

    @Incoming(Channels.MESSAGES_PERSIST)
    @Outgoing(Channels.MESSAGES_STORED)
    @Blocking
    public Message<String> persist(Message<String> record) throws InterruptedException {
        var envelope = EventRecords.decode(record.getPayload(), "chat-persister").orElse(null);
        if (envelope == null || !(envelope.payload() instanceof RoomEvent event)) {
            return record; // not a timeline event: passed on unchanged, the fan-out skips what it does not know
        }
        String value = record.getPayload();
        if (event instanceof MessageSentV1 sent) {
            ChatMessage stored = storeWithRetry(sent);
            value = ChatJson.instance().encodeEvent(new EventEnvelope(envelope.eventId(), envelope.eventType(),
                    envelope.occurredAt(), envelope.region(), sent.storedAs(stored.seq())));
        }
        // Edits, deletes, reactions and receipts were stored by the node that accepted them (in the
        // transaction that appended them); they pass through here only to keep their place in the
        // room's order behind the message they refer to.
        // withPayload keeps the incoming record's ack: its offset is committed when this one is acknowledged
        return record.withPayload(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.roomId()).build());
    }

    private ChatMessage storeWithRetry(MessageSentV1 sent) throws InterruptedException {
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                ChatMessage stored = store.store(sent);
                LOG.log(Level.FINE, "Stored message {0} as seq {1} of room {2}",
                        new Object[]{stored.messageId(), stored.seq(), stored.roomId()});
                return stored;
            } catch (RuntimeException e) {
                LOG.log(attempt == 1 ? Level.WARNING : Level.FINE,
                        "Could not store message " + sent.messageId() + " (attempt " + attempt + "), retrying in " + backoffMs + " ms", e);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
            }
        }
    }
}
