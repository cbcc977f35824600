package dev.chat.room.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.RoomMembershipChangedV1;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.KeyedRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Announces membership changes once their transaction committed (never a change that was rolled
 * back): this node's cache is invalidated at once, the other nodes hear it from Kafka.
 */
@ApplicationScoped
public class MembershipEvents {
    private static final Logger LOG = Logger.getLogger(MembershipEvents.class.getName());

    @Inject
    RoomMembership membership;

    @Inject
    @Channel(Channels.ROOMS_OUT)
    Emitter<String> rooms;

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoomMembershipChangedV1 change) {
        membership.invalidate(change.roomId());
        String value = ChatJson.instance().encodeEvent(EventEnvelope.wrap(change, region, change.changedAt()));
        KeyedRecords.send(rooms, change.roomId(), value).exceptionally(failure -> {
            // Other nodes then rely on their cache's time-to-live (chat.membership.cache-ttl-ms).
            LOG.log(Level.WARNING, "Membership change of room {0} not announced: {1}", new Object[]{change.roomId(), failure.toString()});
            return null;
        });
    }
}
