package dev.chat.block.boundary;

import dev.chat.api.event.UserBlockChangedV1;
import dev.chat.platform.kafka.RoomsTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Announces blocks and unblocks once their transaction committed: this node's {@link Blockers}
 * forgets the blocked user at once, the other nodes hear it from Kafka.
 */
@ApplicationScoped
public class BlockEvents {

    @Inject
    Blockers blockers;

    @Inject
    RoomsTopic rooms;

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) UserBlockChangedV1 change) {
        blockers.invalidate(change.blockedId());
        rooms.announce(change.blockerId(), change, change.changedAt());
    }
}
