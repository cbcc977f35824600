package dev.chat.platform.kafka;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one way this application writes a keyed record to Kafka: the returned stage completes once
 * the broker acknowledged the record (acks as the channel configures) and fails when it did not,
 * or when the emitter refused it (buffer full, channel down). Callers decide what a failure means.
 */
public final class KeyedRecords {

    /** W3C Trace Context's header name, as OpenTelemetry's Kafka instrumentations read it. */
    public static final String TRACEPARENT_HEADER = "traceparent";

    private KeyedRecords() {
    }

    public static CompletionStage<Void> send(Emitter<String> channel, String key, String value) {
        return send(channel, key, value, null);
    }

    /** The W3C {@code traceparent} header of a record of a sampled trace; null (no headers) for any other. */
    public static Headers traceHeaders(String traceparent) {
        return traceparent == null ? null
                : new RecordHeaders().add(TRACEPARENT_HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
    }

    /** With record headers ({@code null}: none). */
    public static CompletionStage<Void> send(Emitter<String> channel, String key, String value, Headers headers) {
        var acknowledged = new CompletableFuture<Void>();
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        if (headers != null) {
            metadata.withHeaders(headers);
        }
        Message<String> record = Message.of(value, Metadata.of(metadata.build()),
                () -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            channel.send(record);
        } catch (RuntimeException refused) {
            acknowledged.completeExceptionally(refused);
        }
        return acknowledged;
    }
}
