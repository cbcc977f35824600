package dev.chat.api.event;

import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope of every Kafka event: {@code eventId} identifies this event (consumers
 * de-duplicate on it or on the payload's own id), {@code region} is where it was produced
 * (cross-region mirroring keeps it), {@code payload} is the typed event.
 */
public record EventEnvelope(String eventId, String eventType, Instant occurredAt, String region, ChatEvent payload) {

    public static EventEnvelope wrap(ChatEvent payload, String region, Instant occurredAt) {
        return new EventEnvelope(UUID.randomUUID().toString(), EventType.of(payload).wireName(), occurredAt, region, payload);
    }
}
