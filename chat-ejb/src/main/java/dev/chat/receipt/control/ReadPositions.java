package dev.chat.receipt.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Each member's read position in a room ({@code chat_room_members.last_read_seq}), which only moves forward. */
@Stateless
public class ReadPositions {
    private static final String MOVE_FORWARD = """
            UPDATE chat_room_members SET last_read_seq = ?3
            WHERE room_id = ?1 AND user_id = ?2 AND last_read_seq < ?3""";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** @return whether the position moved (false: the member had read that far already, or is no member) */
    public boolean moveForward(String roomId, String userId, long seq) {
        return em.createNativeQuery(MOVE_FORWARD).setParameter(1, roomId).setParameter(2, userId)
                .setParameter(3, seq).executeUpdate() > 0;
    }
}
