package dev.chat.room.control;

import dev.chat.api.rest.MessagePreview;
import dev.chat.api.rest.RoomPeer;
import dev.chat.api.rest.RoomView;
import dev.chat.platform.persistence.NativeQueries;
import dev.chat.crypto.boundary.Contents;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/**
 * A user's rooms as their room list shows them, in one query: each room with the user's role and
 * read position, the room's last seq and last message (and a direct room's other member), sorted by last activity. Every join is by
 * key (room_sequences holds the last seq and its time, messages are found by (room_id, seq)), so
 * the cost depends on the number of the user's rooms, never on the number of messages. Messages of
 * senders the user blocked are not unread and not previewed: with no blocks (the common case) that
 * costs one probe of {@code user_blocks}' key per room; with blocks, a read of the room's unread messages.
 * A last message moderation hid is not previewed either (it stays unread: it keeps its place).
 */
@Stateless
public class RoomInbox {
    /** Longest preview of the last message, in chars. */
    static final int PREVIEW_LENGTH = 140;

    private static final String INBOX = """
            SELECT r.id, r.type, r.name, r.created_at, r.created_by,
                   (SELECT count(*) FROM chat_room_members all_members WHERE all_members.room_id = r.id),
                   mine.role, mine.last_read_seq, COALESCE(s.last_seq, 0),
                   m.message_id, m.sender_id, m.content, m.sent_at, m.deleted_at,
                   COALESCE(s.last_message_at, r.created_at) AS last_activity,
                   peer.user_id, peer_user.username, peer_user.display_name,
                   (SELECT count(*) FROM user_blocks b
                    JOIN messages h ON h.room_id = r.id AND h.seq > mine.last_read_seq AND h.sender_id = b.blocked_id
                    WHERE b.blocker_id = mine.user_id) AS hidden_unread,
                   (m.hidden_at IS NOT NULL AND m.deleted_at IS NULL)
                       OR EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = mine.user_id AND b.blocked_id = m.sender_id) AS last_hidden,
                   m.content_sealed
            FROM chat_room_members mine
            JOIN chat_rooms r ON r.id = mine.room_id
            LEFT JOIN room_sequences s ON s.room_id = r.id
            LEFT JOIN messages m ON m.room_id = s.room_id AND m.seq = s.last_seq
            LEFT JOIN chat_room_members peer ON r.type = 'direct' AND peer.room_id = r.id AND peer.user_id <> mine.user_id
            LEFT JOIN users peer_user ON peer_user.id = peer.user_id
            WHERE mine.user_id = ?1""";
    private static final String ORDER = " ORDER BY last_activity DESC, r.id";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    Contents contents;

    public List<RoomView> roomsOf(String userId) {
        return query(userId, null);
    }

    /** One room as {@code userId} sees it; empty unless they are a member. */
    public List<RoomView> room(String userId, String roomId) {
        em.flush(); // a room created or changed in this transaction must be seen by the native query
        return query(userId, roomId);
    }

    private List<RoomView> query(String userId, String roomId) {
        var query = roomId == null ? em.createNativeQuery(INBOX + ORDER).setParameter(1, userId)
                : em.createNativeQuery(INBOX + " AND r.id = ?2").setParameter(1, userId).setParameter(2, roomId);
        List<?> rows = query.getResultList();
        return rows.stream().map(row -> view((Object[]) row)).toList();
    }

    private RoomView view(Object[] c) {
        long lastReadSeq = ((Number) c[7]).longValue();
        long lastSeq = ((Number) c[8]).longValue();
        long hiddenUnread = ((Number) c[18]).longValue();
        MessagePreview lastMessage = null;
        if (c[9] != null) {
            boolean deleted = c[13] != null;
            boolean hidden = Boolean.TRUE.equals(c[19]);
            String content = hidden ? null : contents.messageText((String) c[10], (String) c[9], (String) c[11], (String) c[20]);
            lastMessage = new MessagePreview((String) c[9], lastSeq, (String) c[10],
                    deleted || hidden || content == null ? null : preview(content), NativeQueries.instant(c[12]), deleted,
                    hidden ? Boolean.TRUE : null);
        }
        return new RoomView((String) c[0], (String) c[1], (String) c[2], NativeQueries.instant(c[3]), (String) c[4],
                ((Number) c[5]).intValue(), (String) c[6], lastSeq, lastReadSeq, Math.max(0, lastSeq - lastReadSeq - hiddenUnread),
                lastMessage, NativeQueries.instant(c[14]), c[15] == null ? null : new RoomPeer((String) c[15], (String) c[16], (String) c[17]));
    }

    static String preview(String content) {
        if (content.length() <= PREVIEW_LENGTH) {
            return content;
        }
        int end = Character.isHighSurrogate(content.charAt(PREVIEW_LENGTH - 2)) ? PREVIEW_LENGTH - 2 : PREVIEW_LENGTH - 1;
        return content.substring(0, end) + "…";
    }
}
