package dev.chat.platform.kafka;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.ChatEvent;
import dev.chat.api.event.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one writer of topic {@code chat.rooms}: the changes that alter what a node's sessions of a
 * room receive (membership, blocks), read by every node ({@link Channels#ROOMS_FANOUT}).
 */
@ApplicationScoped
public class RoomsTopic {
    private static final Logger LOG = Logger.getLogger(RoomsTopic.class.getName());

    @Inject
    @Channel(Channels.ROOMS_OUT)
    Emitter<String> rooms;

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    /**
     * Sends a committed change to every node. A failure is logged, not thrown: the change is
     * committed, and the nodes that miss it rely on their caches' time-to-live
     * ({@code chat.membership.cache-ttl-ms}, {@code chat.blocks.cache-ttl-ms}).
     */
    public void announce(String key, ChatEvent change, Instant changedAt) {
        KeyedRecords.send(rooms, key, ChatJson.instance().encodeEvent(EventEnvelope.wrap(change, region, changedAt)))
                .exceptionally(failure -> {
                    LOG.log(Level.WARNING, "{0} (key {1}) not announced to the other nodes: {2}",
                            new Object[]{change.getClass().getSimpleName(), key, failure.toString()});
                    return null;
                });
    }
}
