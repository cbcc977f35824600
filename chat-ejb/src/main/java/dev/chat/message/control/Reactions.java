package dev.chat.message.control;

import dev.chat.api.rest.ReactionCount;
import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reactions: one row per message, emoji and user. Toggles run in the caller's transaction, which
 * holds the message's row lock, so the count returned with a toggle is exact.
 */
@Stateless
public class Reactions {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** The outcome of a toggle: whether the user now has the reaction, and how many users do. */
    public record Toggled(boolean added, long count) {
    }

    public Toggled toggle(String messageId, String emoji, String userId, Instant at) {
        int removed = em.createNativeQuery("DELETE FROM reactions WHERE message_id = ?1 AND emoji = ?2 AND user_id = ?3")
                .setParameter(1, messageId).setParameter(2, emoji).setParameter(3, userId).executeUpdate();
        if (removed == 0) {
            em.createNativeQuery("INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, messageId).setParameter(2, emoji).setParameter(3, userId)
                    .setParameter(4, at.atOffset(ZoneOffset.UTC)).executeUpdate();
        }
        long count = ((Number) em.createNativeQuery("SELECT count(*) FROM reactions WHERE message_id = ?1 AND emoji = ?2")
                .setParameter(1, messageId).setParameter(2, emoji).getSingleResult()).longValue();
        return new Toggled(removed == 0, count);
    }

    public void removeAll(String messageId) {
        em.createNativeQuery("DELETE FROM reactions WHERE message_id = ?1").setParameter(1, messageId).executeUpdate();
    }

    /**
     * The reaction counts of a page of messages in one query, per message in order of first
     * reaction, with whether {@code callerId} is among the reacting users.
     */
    public Map<String, List<ReactionCount>> countsOf(Collection<String> messageIds, String callerId) {
        Map<String, List<ReactionCount>> counts = new LinkedHashMap<>();
        if (messageIds.isEmpty()) {
            return counts;
        }
        List<?> rows = NativeQueries.withList(em, "SELECT message_id, emoji, count(*), bool_or(user_id = ?1), min(created_at) AS first"
                + " FROM reactions WHERE message_id IN (" + NativeQueries.LIST + ")"
                + " GROUP BY message_id, emoji ORDER BY message_id, first", List.copyOf(messageIds), callerId).getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            counts.computeIfAbsent((String) columns[0], id -> new ArrayList<>())
                    .add(new ReactionCount((String) columns[1], ((Number) columns[2]).longValue(), Boolean.TRUE.equals(columns[3])));
        }
        return counts;
    }
}
