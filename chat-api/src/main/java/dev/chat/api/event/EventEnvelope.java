package dev.chat.api.event;

import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope of every Kafka event: {@code eventId} identifies this event (consumers
 * de-duplicate on it or on the payload's own id), {@code region} is where it was produced
 * (cross-region mirroring keeps it), {@code payload} is the typed event, {@code traceparent}
 * (W3C Trace Context, only on events of a sampled trace) the span the next hop continues.
 */
public record EventEnvelope(String eventId, String eventType, Instant occurredAt, String region, ChatEvent payload,
                            String traceparent) {

    public EventEnvelope(String eventId, String eventType, Instant occurredAt, String region, ChatEvent payload) {
        this(eventId, eventType, occurredAt, region, payload, null);
    }

    public static EventEnvelope wrap(ChatEvent payload, String region, Instant occurredAt) {
        return new EventEnvelope(UUID.randomUUID().toString(), EventType.of(payload).wireName(), occurredAt, region, payload);
    }

    /** The same event, continuing the trace of {@code traceparent} (null: none). */
    public EventEnvelope tracedBy(String traceparent) {
        return new EventEnvelope(eventId, eventType, occurredAt, region, payload, traceparent);
    }
}
