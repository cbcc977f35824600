package dev.chat.notification.control;

import dev.chat.api.event.NotificationV1;
import dev.chat.crypto.boundary.Contents;
import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Table {@code notification_decisions}: one row per recipient and message, written in the
 * transaction that produces the notification, so that a redelivered message (a restart, a
 * rebalance) finds its row and notifies nobody twice; a connected member's mention waits there
 * until it is due; a delivered notification is marked, so that a redelivered notification record
 * is not sent twice either.
 */
@Stateless
public class NotificationDecisions {
    /**
     * A deleted account gets no decision: the notifier may have read its membership before the
     * erasure took it (docs/privacy.md); one recorded in the instant of the deletion itself is
     * removed by the erasure's late sweep.
     */
    private static final String RECORD = """
            INSERT INTO notification_decisions (user_id, message_id, room_id, seq, mention, decided_at, due_at)
            SELECT v.* FROM unnest(?1::text[], ?2::text[], ?3::text[], ?4::bigint[], ?5::boolean[], ?6::timestamptz[], ?7::timestamptz[])
                AS v(user_id, message_id, room_id, seq, mention, decided_at, due_at)
            JOIN users u ON u.id = v.user_id AND u.deleted_at IS NULL
            ON CONFLICT DO NOTHING
            RETURNING user_id, message_id, due_at""";

    /**
     * Takes the checks that are due (locked rows of other nodes are skipped: each check runs once)
     * and returns those whose member still has not read the message, still may be notified, has
     * not blocked its sender since, and whose message still exists and is not hidden by moderation.
     */
    private static final String TAKE_DUE = """
            WITH due AS (
                SELECT user_id, message_id FROM notification_decisions WHERE due_at <= ?1
                ORDER BY due_at LIMIT ?2 FOR UPDATE SKIP LOCKED),
            taken AS (
                UPDATE notification_decisions d SET due_at = NULL FROM due
                WHERE d.user_id = due.user_id AND d.message_id = due.message_id
                RETURNING d.user_id, d.message_id, d.room_id, d.seq, d.mention)
            SELECT t.user_id, t.room_id, t.message_id, t.seq, msg.sender_id, t.mention, msg.sent_at
            FROM taken t
            JOIN chat_room_members m ON m.room_id = t.room_id AND m.user_id = t.user_id AND m.last_read_seq < t.seq
            JOIN messages msg ON msg.message_id = t.message_id AND msg.deleted_at IS NULL AND msg.hidden_at IS NULL
            LEFT JOIN notification_settings s ON s.room_id = t.room_id AND s.user_id = t.user_id
            WHERE coalesce(s.level, '') <> 'none' AND (s.muted_until IS NULL OR s.muted_until <= ?1)
              AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = t.user_id AND b.blocked_id = msg.sender_id)""";

    /**
     * What a digest says about each of its notifications, and only of those still worth sending:
     * not delivered before (a redelivered record), the member has not read the message meanwhile
     * (on another device), is still a member, and the message was neither deleted nor hidden by moderation.
     */
    private static final String TO_DELIVER = """
            SELECT d.user_id, d.message_id, d.room_id, r.name, r.type, d.seq, d.mention, msg.sender_id,
                   coalesce(sender.display_name, sender.username), msg.content, msg.sent_at, msg.content_sealed
            FROM unnest(?1::text[], ?2::text[]) AS v(user_id, message_id)
            JOIN notification_decisions d ON d.user_id = v.user_id AND d.message_id = v.message_id AND d.delivered_at IS NULL
            JOIN messages msg ON msg.message_id = d.message_id AND msg.deleted_at IS NULL AND msg.hidden_at IS NULL
            JOIN chat_rooms r ON r.id = d.room_id
            JOIN users sender ON sender.id = msg.sender_id
            JOIN chat_room_members m ON m.room_id = d.room_id AND m.user_id = d.user_id AND m.last_read_seq < d.seq
            WHERE NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = d.user_id AND b.blocked_id = msg.sender_id)
            ORDER BY d.room_id, d.seq""";

    private static final String DELIVERED = """
            UPDATE notification_decisions d SET delivered_at = ?3
            FROM unnest(?1::text[], ?2::text[]) AS v(user_id, message_id)
            WHERE d.user_id = v.user_id AND d.message_id = v.message_id""";

    /** A decision to record about a stored message: {@code dueAt} null means notify now. */
    public record Decision(String userId, String messageId, String roomId, long seq, String senderId, boolean mention,
                           Instant sentAt, Instant dueAt) {
        NotificationV1 notification() {
            return new NotificationV1(userId, roomId, messageId, seq, senderId, mention, sentAt);
        }
    }

    /** One notification as a digest shows it. */
    public record Item(String userId, String messageId, String roomId, String roomName, String roomType, long seq,
                       boolean mention, String senderId, String senderName, String content, Instant sentAt) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    Contents contents;

    /**
     * Records decisions not recorded before and returns the notifications to produce now (those
     * recorded by this call without a due time); the rest were decided already or wait for their check.
     */
    public List<NotificationV1> record(List<Decision> decisions, Instant now) {
        if (decisions.isEmpty()) {
            return List.of();
        }
        OffsetDateTime decidedAt = now.atOffset(ZoneOffset.UTC);
        var rows = NativeQueries.withArrays(em, RECORD,
                decisions.stream().map(Decision::userId).toList(),
                decisions.stream().map(Decision::messageId).toList(),
                decisions.stream().map(Decision::roomId).toList(),
                decisions.stream().map(Decision::seq).toList(),
                decisions.stream().map(Decision::mention).toList(),
                decisions.stream().map(decision -> decidedAt).toList(),
                decisions.stream().map(decision -> decision.dueAt() == null ? null : decision.dueAt().atOffset(ZoneOffset.UTC)).toList())
                .getResultList();
        Set<String> recordedNow = new HashSet<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            if (columns[2] == null) { // else a check, due later
                recordedNow.add(columns[0] + "/" + columns[1]);
            }
        }
        return decisions.stream().filter(decision -> recordedNow.contains(decision.userId() + "/" + decision.messageId()))
                .map(Decision::notification).toList();
    }

    /** Takes up to {@code max} due checks and returns the notifications they make. */
    public List<NotificationV1> takeDue(Instant now, int max) {
        List<NotificationV1> due = new ArrayList<>();
        var query = em.createNativeQuery(TAKE_DUE).setParameter(1, now.atOffset(ZoneOffset.UTC)).setParameter(2, max);
        for (Object row : query.getResultList()) {
            Object[] c = (Object[]) row;
            due.add(new NotificationV1((String) c[0], (String) c[1], (String) c[2], ((Number) c[3]).longValue(), (String) c[4],
                    (Boolean) c[5], NativeQueries.instant(c[6])));
        }
        return due;
    }

    /** The notifications among these still to send, with what a digest shows of them. */
    public List<Item> toDeliver(List<NotificationV1> notifications) {
        if (notifications.isEmpty()) {
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        var rows = NativeQueries.withArrays(em, TO_DELIVER, notifications.stream().map(NotificationV1::userId).toList(),
                notifications.stream().map(NotificationV1::messageId).toList()).getResultList();
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            items.add(new Item((String) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4], ((Number) c[5]).longValue(),
                    (Boolean) c[6], (String) c[7], (String) c[8], contents.messageText((String) c[7], (String) c[1], (String) c[9], (String) c[11]),
                    NativeQueries.instant(c[10])));
        }
        return items;
    }

    public void delivered(List<Item> items, Instant at) {
        if (!items.isEmpty()) {
            NativeQueries.withArrays(em, DELIVERED, items.stream().map(Item::userId).toList(), items.stream().map(Item::messageId).toList())
                    .setParameter(3, at.atOffset(ZoneOffset.UTC)).executeUpdate();
        }
    }

    /** Forgets decisions older than {@code before} (far beyond any redelivery of their message). @return how many */
    public int forget(Instant before) {
        return em.createNativeQuery("DELETE FROM notification_decisions WHERE decided_at < ?1 AND due_at IS NULL")
                .setParameter(1, before.atOffset(ZoneOffset.UTC)).executeUpdate();
    }
}
