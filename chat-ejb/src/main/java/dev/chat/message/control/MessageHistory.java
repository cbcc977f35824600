package dev.chat.message.control;

import dev.chat.message.entity.ChatMessage;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/**
 * Reads a room's stored messages by sequence number, the one cursor of history and resume.
 * Pages are stable under concurrent writes (a seq never moves) and use the (room_id, seq) index.
 */
@Stateless
public class MessageHistory {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** Messages with seq greater than {@code afterSeq}, oldest first. */
    public List<ChatMessage> after(String roomId, long afterSeq, int limit) {
        return em.createNamedQuery(ChatMessage.AFTER, ChatMessage.class).setParameter("roomId", roomId)
                .setParameter("seq", afterSeq).setMaxResults(limit).getResultList();
    }

    /** Messages with seq less than {@code beforeSeq}, newest first. */
    public List<ChatMessage> before(String roomId, long beforeSeq, int limit) {
        return em.createNamedQuery(ChatMessage.BEFORE, ChatMessage.class).setParameter("roomId", roomId)
                .setParameter("seq", beforeSeq).setMaxResults(limit).getResultList();
    }
}
