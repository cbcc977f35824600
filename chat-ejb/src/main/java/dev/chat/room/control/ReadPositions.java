package dev.chat.room.control;

import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Each member's read position in a room ({@code chat_room_members.last_read_seq}), which only moves forward. */
@Stateless
public class ReadPositions {
    private static final String MOVE_FORWARD = """
            UPDATE chat_room_members SET last_read_seq = ?3
            WHERE room_id = ?1 AND user_id = ?2 AND last_read_seq < ?3""";

    private static final String MOVE_ALL_FORWARD = """
            UPDATE chat_room_members m SET last_read_seq = v.seq
            FROM unnest(?1::text[], ?2::text[], ?3::bigint[]) AS v(room_id, user_id, seq)
            WHERE m.room_id = v.room_id AND m.user_id = v.user_id AND m.last_read_seq < v.seq""";

    /** A member's position to move forward to. */
    public record Position(String roomId, String userId, long seq) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** @return whether the position moved (false: the member had read that far already, or is no member) */
    public boolean moveForward(String roomId, String userId, long seq) {
        return em.createNativeQuery(MOVE_FORWARD).setParameter(1, roomId).setParameter(2, userId)
                .setParameter(3, seq).executeUpdate() > 0;
    }

    /**
     * Moves many positions forward in one statement (the persister's batch: each sender has read
     * their own messages). Rows are locked in (room, user) order, so two batches cannot deadlock.
     */
    public void moveAllForward(Collection<Position> positions) {
        if (positions.isEmpty()) {
            return;
        }
        List<Position> sorted = positions.stream()
                .sorted(Comparator.comparing(Position::roomId).thenComparing(Position::userId)).toList();
        NativeQueries.withArrays(em, MOVE_ALL_FORWARD, sorted.stream().map(Position::roomId).toList(),
                sorted.stream().map(Position::userId).toList(), sorted.stream().map(Position::seq).toList()).executeUpdate();
    }
}
