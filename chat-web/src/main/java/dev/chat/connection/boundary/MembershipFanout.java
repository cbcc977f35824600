package dev.chat.connection.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.RoomMembershipChangedV1;
import dev.chat.api.frame.Membership;
import dev.chat.connection.control.ConnectedSession;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.connection.control.SessionRegistry;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.EventRecords;
import dev.chat.room.boundary.RoomMembership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * This node's consumer of membership changes (group {@code chat-rooms-<nodeId>}): drops the
 * room from the membership cache and makes the user's sessions on this node start or stop
 * receiving the room, telling them with a {@code MEMBERSHIP} frame. No reconnect needed.
 */
@ApplicationScoped
public class MembershipFanout {

    @Inject
    RoomMembership membership;

    @Inject
    SessionRegistry sessions;

    @Inject
    RoomSubscriptions subscriptions;

    @Incoming(Channels.ROOMS_FANOUT)
    public void apply(String value) {
        var event = EventRecords.decode(value, "chat-rooms").map(EventEnvelope::payload).orElse(null);
        if (!(event instanceof RoomMembershipChangedV1 change)) {
            return;
        }
        membership.invalidate(change.roomId());
        String frame = ChatJson.instance().encodeFrame(new Membership(change.roomId(), change.userId(), change.change(), change.role()));
        boolean joined = "JOINED".equals(change.change());
        boolean gone = "LEFT".equals(change.change()) || "REMOVED".equals(change.change()) || "ROOM_DELETED".equals(change.change());
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
