package dev.chat.platform.kafka;

import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records that can never be processed (not a chat event, or one that breaks the schema) go to
 * topic {@code chat.dlq} with where they came from, instead of stopping their partition or
 * vanishing: same key and value, headers {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset} and {@code dead-letter-reason} (SmallRye's names), counted by
 * {@code chat_dlq_records_total}. A transient failure (database, Redis or Kafka down) never comes
 * here: its consumer waits and retries. Inspecting and redriving: docs/architecture.md, "Dead letters".
 */
@ApplicationScoped
public class DeadLetters implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());

    @Inject
    @Channel(Channels.DEAD_LETTERS)
    Emitter<String> deadLetters;

    @Inject
    MetricRegistry metrics;

    private Counter recorded;

    @PostConstruct
    void registerMetric() {
        recorded = metrics.counter(Metadata.builder().withName("chat_dlq_records")
                .withDescription("Records sent to chat.dlq because they can never be processed")
                .withUnit(MetricUnits.NONE).build());
    }

    /** Completes once Kafka has the dead letter (acks=all); the caller commits the record's offset only then. */
    public CompletionStage<Void> send(ConsumerRecord<String, String> record, String reason) {
        LOG.log(Level.SEVERE, "Dead letter: {0}-{1}@{2}: {3}",
                new Object[]{record.topic(), record.partition(), record.offset(), reason});
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(String.valueOf(record.partition())));
        headers.add("dead-letter-offset", bytes(String.valueOf(record.offset())));
        headers.add("dead-letter-reason", bytes(reason));
        return KeyedRecords.send(deadLetters, record.key(), record.value() == null ? "" : record.value(), headers)
                .thenRun(recorded::inc);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
