package dev.chat.platform.kafka;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the value of a Kafka record as a chat event. A record that is not one (written by
 * another producer, or corrupt) is logged and skipped: retrying it could never succeed, and
 * stopping the partition for it would stop the room.
 */
public final class EventRecords {
    private static final Logger LOG = Logger.getLogger(EventRecords.class.getName());

    private EventRecords() {
    }

    public static Optional<EventEnvelope> decode(String value, String consumer) {
        try {
            return Optional.of(ChatJson.instance().decodeEvent(value));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.SEVERE, "{0}: skipping a record that is not a chat event: {1}", new Object[]{consumer, e.getMessage()});
            return Optional.empty();
        }
    }
}
