package dev.chat.message.control;

import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.api.event.MessageSentV1;
import dev.chat.message.entity.ChatMessage;
import dev.chat.platform.persistence.SchemaMigration;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;

/**
 * Stores message events exactly once. A redelivered event (consumer restart, rebalance) finds
 * its row and changes nothing; a new one takes the room's next {@code seq} in the same
 * transaction that stores it, so a failed store leaves no gap and no seq is used twice.
 */
@Stateless
public class MessageStore {
    private static final String NEXT_SEQ = """
            INSERT INTO room_sequences (room_id, last_seq) VALUES (?1, 1)
            ON CONFLICT (room_id) DO UPDATE SET last_seq = room_sequences.last_seq + 1
            RETURNING last_seq""";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @EJB
    SchemaMigration schema;

    public ChatMessage store(MessageSentV1 event) {
        schema.ensureMigrated();
        ChatMessage existing = em.find(ChatMessage.class, event.messageId());
        if (existing != null) {
            return existing;
        }
        long seq = ((Number) em.createNativeQuery(NEXT_SEQ).setParameter(1, event.roomId()).getSingleResult()).longValue();
        ChatMessage message = new ChatMessage(event.messageId(), event.roomId(), seq, event.senderId(),
                event.clientMsgId(), event.content(), event.replyTo(), event.sentAt(), DatabaseClock.now());
        em.persist(message);
        return message;
    }

    public ChatMessage find(String messageId) {
        schema.ensureMigrated();
        return em.find(ChatMessage.class, messageId);
    }
}
