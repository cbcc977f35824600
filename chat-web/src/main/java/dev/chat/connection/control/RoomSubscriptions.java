package dev.chat.connection.control;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which of this node's sessions receive which room. Fan-out encodes a frame once per room and
 * offers it to each subscribed session's outbox; nothing here blocks.
 */
@ApplicationScoped
public class RoomSubscriptions {
    private final Map<String, Room> byRoom = new ConcurrentHashMap<>();

    /**
     * A room's sessions on this node, and the message seqs handed to them; both go when its last
     * session does, so the node keeps nothing of rooms nobody here reads.
     */
    private static final class Room {
        final Set<SessionOutbox> sessions = ConcurrentHashMap.newKeySet();
        private final SentSeqs handedOver = new SentSeqs(); // guarded by itself

        boolean firstTime(long seq) {
            synchronized (handedOver) {
                return handedOver.firstTime(seq);
            }
        }
    }

    /** Told when a room gets its first session on this node and when its last one leaves. */
    public interface Hosting {
        /** Runs inside the map's update of the room: quick, nothing that blocks. */
        void changed(String roomId, boolean hosted);
    }

    private volatile Hosting hosting = (roomId, hosted) -> {
    };

    public void onHostingChange(Hosting listener) {
        hosting = listener;
    }

    public void subscribe(String roomId, SessionOutbox outbox) {
        byRoom.compute(roomId, (id, room) -> {
            Room hosted = room;
            if (hosted == null) {
                hosted = new Room();
                hosting.changed(id, true);
            }
            hosted.sessions.add(outbox);
            return hosted;
        });
        outbox.rooms().add(roomId);
    }

    public void unsubscribe(String roomId, SessionOutbox outbox) {
        leave(roomId, outbox);
        outbox.rooms().remove(roomId);
        outbox.forget(roomId);
    }

    public void unsubscribeAll(SessionOutbox outbox) {
        for (String roomId : outbox.rooms()) {
            leave(roomId, outbox);
        }
        outbox.rooms().clear();
    }

    private void leave(String roomId, SessionOutbox outbox) {
        byRoom.computeIfPresent(roomId, (id, room) -> {
            room.sessions.remove(outbox);
            if (room.sessions.isEmpty()) {
                hosting.changed(id, false);
                return null;
            }
            return room;
        });
    }

    /** The rooms a session here reads (a snapshot). */
    public Set<String> hostedRooms() {
        return Set.copyOf(byRoom.keySet());
    }

    /**
     * The room has messages up to {@code lastSeq}: each session of it here gets what it missed
     * of them from the database ({@link SessionOutbox#expectUpTo}).
     */
    public void expectUpTo(String roomId, long lastSeq) {
        Room room = byRoom.get(roomId);
        if (room != null) {
            room.sessions.forEach(outbox -> outbox.expectUpTo(roomId, lastSeq));
        }
    }

    /** Whether a session here reads the room: what the fan-out asks before it decodes anything of it. */
    public boolean hosts(String roomId) {
        return byRoom.containsKey(roomId);
    }

    /**
     * Whether message {@code seq} is new to the room's sessions here, marking it handed over: a
     * stored message can reach this node twice (from its own persister, and from the channel
     * of its partition around a rebalance, or a redelivery), and is encoded once. A seq lower than one handed over already is still new (each
     * session's {@link RoomOrder} puts it in its place). False as well when no session here reads
     * the room, so that nothing is encoded for nobody.
     */
    public boolean firstDelivery(String roomId, long seq) {
        Room room = byRoom.get(roomId);
        return room != null && room.firstTime(seq);
    }

    /**
     * Queues the frame for the room's subscribed sessions whose user {@code mayReceive} (checked
     * per delivery, so a member removed a moment ago gets nothing more even before their
     * subscription is dropped).
     *
     * @return how many sessions the frame was queued for
     */
    public int deliver(String roomId, long seq, String frameText, Predicate<String> mayReceive) {
        return deliver(roomId, outbox -> mayReceive.test(outbox.userId()) && outbox.offerInRoom(roomId, seq, frameText));
    }

    /**
     * Like {@link #deliver}, with the frame chosen per user: {@code frameFor} gives the frame of a
     * session's user, or null when the user may not receive it (frames are encoded by the caller,
     * once per kind, never per session).
     */
    public int deliver(String roomId, long seq, Function<String, String> frameFor) {
        return deliver(roomId, outbox -> {
            String frameText = frameFor.apply(outbox.userId());
            return frameText != null && outbox.offerInRoom(roomId, seq, frameText);
        });
    }

    /** Like {@link #deliver} for a room event that is not a message (edit, delete, reaction, receipt). */
    public int deliverEvent(String roomId, String frameText, Predicate<String> mayReceive) {
        return deliver(roomId, outbox -> mayReceive.test(outbox.userId()) && outbox.offerRoomEvent(roomId, frameText));
    }

    /** Queues an ephemeral frame (typing) for the room's sessions whose user {@code mayReceive}; never held, never replayed. */
    public int deliverEphemeral(String roomId, String frameText, Predicate<String> mayReceive) {
        return deliver(roomId, outbox -> mayReceive.test(outbox.userId()) && outbox.offer(frameText));
    }

    /**
     * Queues a frame once for every session that receives at least one of the rooms hosted here
     * that {@code concerns} (presence of a user of those rooms: rooms with the user as a member)
     * and whose user {@code mayReceive}. Looks only at the rooms sessions here read, nothing else.
     */
    public int deliverToRoomsWhere(Predicate<String> concerns, String frameText, Predicate<String> mayReceive) {
        Set<SessionOutbox> sessions = new HashSet<>();
        byRoom.forEach((roomId, room) -> {
            if (concerns.test(roomId)) {
                sessions.addAll(room.sessions);
            }
        });
        int queued = 0;
        for (SessionOutbox outbox : sessions) {
            if (mayReceive.test(outbox.userId()) && outbox.offer(frameText)) {
                queued++;
            }
        }
        return queued;
    }

    /** Offers to each session of the room; {@code offer} says whether it queued the frame. */
    private int deliver(String roomId, Predicate<SessionOutbox> offer) {
        Room room = byRoom.get(roomId);
        if (room == null) {
            return 0;
        }
        int queued = 0;
        for (SessionOutbox outbox : room.sessions) {
            if (offer.test(outbox)) {
                queued++;
            } else if (outbox.isClosed()) {
                unsubscribeAll(outbox); // closed under us; @OnClose may not have run yet
            }
        }
        return queued;
    }
}
