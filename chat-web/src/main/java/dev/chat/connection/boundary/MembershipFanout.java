package dev.chat.connection.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.RoomMembershipChangedV1;
import dev.chat.api.event.UserBlockChangedV1;
import dev.chat.api.frame.Membership;
import dev.chat.block.boundary.Blockers;
import dev.chat.connection.control.ConnectedSession;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.connection.control.SessionRegistry;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.EventRecords;
import dev.chat.room.boundary.RoomMembership;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's consumer of membership changes (group {@code chat-rooms-<nodeId>}): drops the
 * room from the membership cache and makes the user's sessions on this node start or stop
 * receiving the room, telling them with a {@code MEMBERSHIP} frame. No reconnect needed.
 * <p>A change committed on this node is applied here at its commit, without waiting for its own
 * record to come back from Kafka (a produce and a fetch: most of a quiet node's membership
 * latency); that record, when it arrives, is then skipped. Blocks travel on the same topic: a
 * block or unblock drops the blocked user from this node's {@link Blockers}.
 */
@ApplicationScoped
public class MembershipFanout {
    private static final Logger LOG = Logger.getLogger(MembershipFanout.class.getName());
    private static final int MAX_AWAITED_RECORDS = 4096;

    @Inject
    RoomMembership membership;

    @Inject
    SessionRegistry sessions;

    @Inject
    RoomSubscriptions subscriptions;

    @Inject
    Blockers blockers;

    /** This node's own changes applied at their commit, until their records come back from Kafka (bounded: a record may never come). */
    private final Set<RoomMembershipChangedV1> appliedAtCommit = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RoomMembershipChangedV1, Boolean> eldest) {
            return size() > MAX_AWAITED_RECORDS;
        }
    });

    /** Before {@link dev.chat.room.boundary.MembershipEvents} sends the record (default priority), so that it cannot come back first. */
    void committedHere(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(Interceptor.Priority.APPLICATION) RoomMembershipChangedV1 change) {
        try {
            apply(change);
            synchronized (appliedAtCommit) {
                appliedAtCommit.add(change);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Membership change of room " + change.roomId() + " not applied at its commit; its Kafka record applies it", e);
        }
    }

    @Incoming(Channels.ROOMS_FANOUT)
    public void apply(String value) {
        var event = EventRecords.decode(value, "chat-rooms").map(EventEnvelope::payload).orElse(null);
        if (event instanceof UserBlockChangedV1 block) {
            blockers.invalidate(block.blockedId()); // what the blocked user sends is delivered differently from now on
            return;
        }
        if (!(event instanceof RoomMembershipChangedV1 change)) {
            return;
        }
        synchronized (appliedAtCommit) {
            if (appliedAtCommit.remove(change)) {
                return; // committed on this node: applied then
            }
        }
        apply(change);
    }

    private void apply(RoomMembershipChangedV1 change) {
        membership.invalidate(change.roomId());
        String frame = ChatJson.instance().encodeFrame(new Membership(change.roomId(), change.userId(), change.change(), change.role(), change.until()));
        boolean joined = change.change().startsDelivery();
        boolean gone = change.change().endsDelivery();
        for (ConnectedSession session : sessions.sessionsOf(change.userId())) {
            if (joined) {
                subscriptions.subscribe(change.roomId(), session.outbox());
            }
            session.outbox().offer(frame);
            if (gone) {
                subscriptions.unsubscribe(change.roomId(), session.outbox());
            }
        }
    }
}
