package dev.chat.room.boundary;

import dev.chat.api.event.RoomMembershipChangedV1;
import dev.chat.platform.kafka.RoomsTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Announces membership changes once their transaction committed (never a change that was rolled
 * back): this node's cache is invalidated at once, the other nodes hear it from Kafka.
 */
@ApplicationScoped
public class MembershipEvents {
    @Inject
    RoomMembership membership;

    @Inject
    RoomsTopic rooms;

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoomMembershipChangedV1 change) {
        membership.invalidate(change.roomId());
        rooms.announce(change.roomId(), change, change.changedAt());
    }
}
