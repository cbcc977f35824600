package dev.chat.presence.web;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.PresenceChangedV1;
import dev.chat.api.frame.Presence;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.EventRecords;
import dev.chat.room.boundary.RoomMembership;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * This node's consumer of presence transitions ({@code chat.presence}, group
 * {@code chat-presence-<nodeId>}): pushes {@code PRESENCE} once to every local session of another
 * user that shares a room with the user. It looks only at the rooms sessions here read, in the
 * membership cache those rooms' messages keep warm: no database query per transition (the user's
 * rooms elsewhere are none of this node's business). Blocking (on a worker thread, in order, so a
 * user's transitions keep their order) for the rare cache miss.
 */
@ApplicationScoped
public class PresenceFanout {

    @Inject
    RoomSubscriptions subscriptions;

    @Inject
    RoomMembership membership;

    @Incoming(Channels.PRESENCE_FANOUT)
    @Blocking
    public void deliver(String value) {
        var event = EventRecords.decode(value, "chat-presence").map(EventEnvelope::payload).orElse(null);
        if (event instanceof PresenceChangedV1 changed) {
            String frame = ChatJson.instance().encodeFrame(new Presence(changed.userId(), changed.status(), changed.lastSeen()));
            subscriptions.deliverToRoomsWhere(roomId -> membership.rolesIn(roomId).containsKey(changed.userId()), frame,
                    userId -> !userId.equals(changed.userId())); // not to the user's own devices
        }
    }
}
