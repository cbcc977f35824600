package dev.chat.message.boundary;

import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageSentV1;
import dev.chat.message.control.MessageStore;
import dev.chat.message.entity.ChatMessage;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.EventRecords;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumer group {@code chat-persister}: stores every message event in PostgreSQL. The offset
 * is committed only after the store returned, so a crash means redelivery, which the store
 * absorbs. While the database is unavailable it retries the same record with growing backoff
 * instead of skipping it: the partition waits, nothing is lost and the room's order holds.
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
    @Blocking
    public void persist(String value) throws InterruptedException {
        var event = EventRecords.decode(value, "chat-persister").map(EventEnvelope::payload).orElse(null);
        if (event instanceof MessageSentV1 sent) {
            storeWithRetry(sent);
        }
    }

    private void storeWithRetry(MessageSentV1 sent) throws InterruptedException {
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                ChatMessage stored = store.store(sent);
                LOG.log(Level.FINE, "Stored message {0} as seq {1} of room {2}",
                        new Object[]{stored.messageId(), stored.seq(), stored.roomId()});
                return;
            } catch (RuntimeException e) {
                LOG.log(attempt == 1 ? Level.WARNING : Level.FINE,
                        "Could not store message " + sent.messageId() + " (attempt " + attempt + "), retrying in " + backoffMs + " ms", e);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
            }
        }
    }
}
