package dev.chat.message.control;

import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.api.event.MessageSentV1;
import dev.chat.message.entity.ChatMessage;
import dev.chat.platform.persistence.SchemaMigration;
import dev.chat.receipt.control.ReadPositions;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.ZoneOffset;
import java.util.List;
import java.time.Instant;

/**
 * Stores message events exactly once. A redelivered event (consumer restart, rebalance) finds
 * its row and changes nothing; a new one takes the room's next {@code seq} in the same
 * transaction that stores it, so a failed store leaves no gap and no seq is used twice.
 */
@Stateless
public class MessageStore {
    private static final String NEXT_SEQ = """
            INSERT INTO room_sequences (room_id, last_seq, last_message_at) VALUES (?1, 1, ?2)
            ON CONFLICT (room_id) DO UPDATE SET last_seq = room_sequences.last_seq + 1, last_message_at = EXCLUDED.last_message_at
            RETURNING last_seq""";


    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @EJB
    SchemaMigration schema;

    @EJB
    ReadPositions readPositions;

    public ChatMessage store(MessageSentV1 event) {
        schema.ensureMigrated();
        ChatMessage existing = em.find(ChatMessage.class, event.messageId());
        if (existing != null) {
            return existing;
        }
        long seq = ((Number) em.createNativeQuery(NEXT_SEQ).setParameter(1, event.roomId())
                .setParameter(2, event.sentAt().atOffset(ZoneOffset.UTC)).getSingleResult()).longValue();
        readPositions.moveForward(event.roomId(), event.senderId(), seq); // one's own messages are never unread
        ChatMessage message = new ChatMessage(event.messageId(), event.roomId(), seq, event.senderId(),
                event.clientMsgId(), event.content(), event.replyTo(), event.sentAt(), DatabaseClock.now());
        em.persist(message);
        return message;
    }

    /** The room's last seq, 0 before its first message. */
    public long lastSeq(String roomId) {
        List<?> rows = em.createNativeQuery("SELECT last_seq FROM room_sequences WHERE room_id = ?1").setParameter(1, roomId)
                .getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    public ChatMessage find(String messageId) {
        schema.ensureMigrated();
        return em.find(ChatMessage.class, messageId);
    }
}
