package dev.chat.notification.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageSentV1;
import dev.chat.platform.concurrent.Backoff;
import dev.chat.platform.kafka.Channels;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumer group {@code chat-notifier} on {@code chat.messages.stored}: each poll's stored
 * messages go to the {@link NotificationDecider} as one batch (one query for the rooms' members,
 * one Redis round trip for their presence, one insert). Edits, reactions and receipts notify
 * nobody. While the database, Redis or Kafka fails it retries the batch with growing backoff, so
 * that no message is skipped; the offsets are committed once the batch is decided.
 */
@ApplicationScoped
public class Notifier {
    private static final Logger LOG = Logger.getLogger(Notifier.class.getName());

    @Inject
    NotificationDecider decider;

    @Inject
    @ConfigProperty(name = "chat.persister.max-backoff-ms") // default in microprofile-config.properties (read by two beans)
    long maxBackoffMs;

    @Incoming(Channels.MESSAGES_NOTIFY)
    @Blocking
    public void decide(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<MessageSentV1> stored = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, String> record : batch) {
            try {
                EventEnvelope envelope = ChatJson.instance().decodeEvent(record.value());
                if (envelope.payload() instanceof MessageSentV1 message && message.seq() != null) {
                    stored.add(message);
                }
            } catch (RuntimeException notAnEvent) {
                // the persister wrote this topic, so this is a bug, not a message: said, and passed over
                LOG.log(Level.WARNING, "Not a chat event at {0}-{1}@{2}, no notification: {3}",
                        new Object[]{record.topic(), record.partition(), record.offset(), notAnEvent.toString()});
            }
        }
        if (stored.isEmpty()) {
            return;
        }
        Backoff.untilDone("decide the notifications of " + stored.size() + " messages", maxBackoffMs, LOG, () -> {
            decider.decide(stored);
            return null;
        });
    }
}
