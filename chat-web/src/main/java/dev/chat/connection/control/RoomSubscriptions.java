package dev.chat.connection.control;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which of this node's sessions receive which room. Fan-out encodes a frame once per room and
 * offers it to each subscribed session's outbox; nothing here blocks.
 */
@ApplicationScoped
public class RoomSubscriptions {
    private final Map<String, Set<SessionOutbox>> byRoom = new ConcurrentHashMap<>();

    public void subscribe(String roomId, SessionOutbox outbox) {
        byRoom.computeIfAbsent(roomId, id -> ConcurrentHashMap.newKeySet()).add(outbox);
        outbox.rooms().add(roomId);
    }

    public void unsubscribe(String roomId, SessionOutbox outbox) {
        byRoom.computeIfPresent(roomId, (id, sessions) -> {
            sessions.remove(outbox);
            return sessions.isEmpty() ? null : sessions;
        });
        outbox.rooms().remove(roomId);
    }

    public void unsubscribeAll(SessionOutbox outbox) {
        for (String roomId : outbox.rooms()) {
            byRoom.computeIfPresent(roomId, (id, sessions) -> {
                sessions.remove(outbox);
                return sessions.isEmpty() ? null : sessions;
            });
        }
        outbox.rooms().clear();
    }

    /**
     * Queues the frame for the room's subscribed sessions whose user {@code mayReceive} (checked
     * per delivery, so a member removed a moment ago gets nothing more even before their
     * subscription is dropped).
     *
     * @return how many sessions the frame was queued for
     */
    public int deliver(String roomId, long seq, String frameText, Predicate<String> mayReceive) {
        Set<SessionOutbox> sessions = byRoom.get(roomId);
        if (sessions == null) {
            return 0;
        }
        int queued = 0;
        for (SessionOutbox outbox : sessions) {
            if (mayReceive.test(outbox.userId()) && outbox.offerInRoom(roomId, seq, frameText)) {
                queued++;
            } else if (outbox.isClosed()) {
                unsubscribeAll(outbox); // closed under us; @OnClose may not have run yet
            }
        }
        return queued;
    }
}
