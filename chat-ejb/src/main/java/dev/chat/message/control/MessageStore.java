package dev.chat.message.control;

import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.platform.persistence.NativeQueries;
import dev.chat.api.event.MessageDeletedV1;
import dev.chat.api.event.MessageEditedV1;
import dev.chat.api.event.MessageReactedV1;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.ReceiptV1;
import dev.chat.api.event.RoomEvent;
import dev.chat.message.entity.ChatMessage;
import dev.chat.platform.persistence.SchemaMigration;
import dev.chat.room.control.ReadPositions;
import dev.chat.room.control.RoomHomes;
import jakarta.inject.Inject;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stores message events exactly once. A redelivered event (consumer restart, rebalance) finds
 * its row and changes nothing; a new one takes the room's next {@code seq} in the same
 * transaction that stores it, so a failed store leaves no gap and no seq is used twice.
 */
@Stateless
public class MessageStore {
    /** Takes each room's next {@code taken} seqs, all rooms in one statement, and returns each room's last seq. */
    private static final String TAKE_SEQS = """
            INSERT INTO room_sequences (room_id, last_seq, last_message_at)
            SELECT v.room_id, v.taken, v.latest FROM unnest(?1::text[], ?2::bigint[], ?3::timestamptz[]) AS v(room_id, taken, latest)
            ON CONFLICT (room_id) DO UPDATE SET last_seq = room_sequences.last_seq + EXCLUDED.last_seq,
                last_message_at = GREATEST(room_sequences.last_message_at, EXCLUDED.last_message_at)
            RETURNING room_id, last_seq""";


    /**
     * The batch's messages that are stored already (a redelivered batch), as entities: one array
     * parameter (a JPQL {@code IN} list is one parameter per id, and EclipseLink's parameter
     * translation is quadratic in their number).
     */
    private static final String EXISTING = "SELECT * FROM messages WHERE message_id = ANY(?1::text[])";

    /** Stored messages with the same sender and clientMsgId as one of the batch's (a resend through another region). */
    private static final String SAME_CLIENT_MESSAGE = """
            SELECT m.* FROM messages m JOIN unnest(?1::text[], ?2::text[], ?3::text[]) AS v(room_id, sender_id, client_msg_id)
              ON m.room_id = v.room_id AND m.sender_id = v.sender_id AND m.client_msg_id = v.client_msg_id""";

    /** A message accepted here for a room homed elsewhere, kept until its stored event comes back (docs/regions.md, failover). */
    private static final String INSERT_REMOTE_SENDS = """
            INSERT INTO remote_sends (message_id, room_id, event, sent_at)
            SELECT v.* FROM unnest(?1::text[], ?2::text[], ?3::text[], ?4::timestamptz[]) AS v(message_id, room_id, event, sent_at)
            WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.message_id = v.message_id)
            ON CONFLICT DO NOTHING""";

    /** The batch's new messages, one array per column: one statement, instead of one entity insert (and its unit-of-work cost) each. */
    private static final String INSERT_ALL = """
            INSERT INTO messages (message_id, room_id, seq, sender_id, client_msg_id, content, content_sealed, reply_to, sent_at, stored_at)
            SELECT * FROM unnest(?1::text[], ?2::text[], ?3::bigint[], ?4::text[], ?5::text[], ?6::text[], ?7::text[], ?8::text[],
                                 ?9::timestamptz[], ?10::timestamptz[])""";

    /**
     * The batch's mentions that name a member of the message's room (an active account): resolved
     * and stored in one statement, in the transaction that stores the messages.
     */
    private static final String INSERT_MENTIONS = """
            INSERT INTO message_mentions (message_id, user_id)
            SELECT DISTINCT v.message_id, u.id FROM unnest(?1::text[], ?2::text[], ?3::text[]) AS v(message_id, room_id, username)
            JOIN users u ON u.username = v.username AND u.deleted_at IS NULL
            JOIN chat_room_members m ON m.room_id = v.room_id AND m.user_id = u.id
            ON CONFLICT DO NOTHING
            RETURNING message_id, user_id""";

    private static final String MENTIONS_OF = "SELECT message_id, user_id FROM message_mentions WHERE message_id = ANY(?1::text[]) ORDER BY user_id";

    /** Raises each room's last seq to a seq given elsewhere (never lowers it), rooms in id order. */
    private static final String RAISE_SEQS = """
            INSERT INTO room_sequences (room_id, last_seq, last_message_at)
            SELECT v.room_id, v.seq, v.latest FROM unnest(?1::text[], ?2::bigint[], ?3::timestamptz[]) AS v(room_id, seq, latest)
            ON CONFLICT (room_id) DO UPDATE SET last_seq = GREATEST(room_sequences.last_seq, EXCLUDED.last_seq),
                last_message_at = GREATEST(room_sequences.last_message_at, EXCLUDED.last_message_at)""";

    /** Mentions resolved elsewhere: those of users this region knows. */
    private static final String INSERT_MENTIONED = """
            INSERT INTO message_mentions (message_id, user_id)
            SELECT v.message_id, u.id FROM unnest(?1::text[], ?2::text[]) AS v(message_id, user_id) JOIN users u ON u.id = v.user_id
            ON CONFLICT DO NOTHING""";

    /** A message as stored: its row (with its seq) and the members it mentions (user ids). */
    public record StoredMessage(ChatMessage row, List<String> mentions) {
        public long seq() {
            return row.seq();
        }
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    SchemaMigration schema;

    @Inject
    ReadPositions readPositions;

    @Inject
    RoomHomes roomHomes;

    public ChatMessage store(MessageSentV1 event) {
        return storeAll(List.of(event), false).get(event.messageId()).row();
    }

    /**
     * Returns once the transactions that changed these messages have ended. An edit, delete or
     * reaction holds its message's row lock until it commits, and its event reaches Kafka (and so
     * this persister) just before that commit: waiting for the lock here means the change is
     * visible to every read before its frame reaches any client.
     */
    public void awaitChangesCommitted(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        em.createQuery("SELECT m FROM ChatMessage m WHERE m.messageId IN :ids", ChatMessage.class)
                .setParameter("ids", messageIds)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    /**
     * Stores a batch in one transaction (one commit for many messages is what makes the persister
     * keep up): each room takes its seqs with one statement, in the batch's order, and each sender's
     * read position moves once, and the {@code @username}s of its text that name members of the
     * room become its mentions. Events already stored, or twice in the batch, keep their row and mentions.
     * With {@code acrossRegions}, a message whose sender stored one with the same clientMsgId in the
     * room already (a resend through another region: each region's reservation of clientMsgIds is its
     * own) is that message: its row, under the first messageId, is returned for it.
     *
     * @return every event's stored row and mentions, by the event's messageId
     */
    public Map<String, StoredMessage> storeAll(List<MessageSentV1> events, boolean acrossRegions) {
        Map<String, ChatMessage> stored = new HashMap<>();
        if (events.isEmpty()) {
            return Map.of(); // a batch of edits, reactions or receipts only (and "IN ()" is no SQL)
        }
        schema.ensureMigrated();
        List<String> ids = events.stream().map(MessageSentV1::messageId).distinct().toList();
        // a redelivered batch (rebalance, restart): the rows stored already stay as they are
        for (ChatMessage message : storedOf(ids)) {
            stored.put(message.messageId(), message);
        }
        if (acrossRegions) {
            stored.putAll(resentOf(events, stored.keySet()));
        }
        Map<String, List<String>> mentions = stored.isEmpty() ? new HashMap<>()
                : mentionsOf(stored.values().stream().map(ChatMessage::messageId).distinct().toList());
        Map<String, List<MessageSentV1>> newByRoom = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>(stored.keySet());
        for (MessageSentV1 event : events) {
            if (seen.add(event.messageId())) {
                newByRoom.computeIfAbsent(event.roomId(), room -> new ArrayList<>()).add(event);
            }
        }
        if (newByRoom.isEmpty()) {
            return withMentions(stored, mentions);
        }
        Map<String, Long> lastSeqOfRoom = takeSeqs(newByRoom);
        Instant storedAt = DatabaseClock.now();
        List<ChatMessage> inserted = new ArrayList<>();
        List<ReadPositions.Position> ownMessagesRead = new ArrayList<>();
        newByRoom.forEach((roomId, roomEvents) -> {
            long seq = lastSeqOfRoom.get(roomId) - roomEvents.size();
            Map<String, Long> lastSeqOfSender = new HashMap<>();
            for (MessageSentV1 event : roomEvents) {
                seq++;
                ChatMessage message = new ChatMessage(event.messageId(), roomId, seq, event.senderId(),
                        event.clientMsgId(), event.sealedContent() == null ? event.content() : null, event.sealedContent(),
                        event.replyTo(), event.sentAt(), storedAt);
                inserted.add(message);
                stored.put(message.messageId(), message);
                lastSeqOfSender.put(event.senderId(), seq);
            }
            lastSeqOfSender.forEach((senderId, senderSeq) -> ownMessagesRead.add(new ReadPositions.Position(roomId, senderId, senderSeq)));
        });
        insertAll(inserted);
        mentions.putAll(insertMentions(newByRoom.values().stream().flatMap(List::stream).toList()));
        readPositions.moveAllForward(ownMessagesRead); // one's own messages are never unread
        return withMentions(stored, mentions);
    }

    private static Map<String, StoredMessage> withMentions(Map<String, ChatMessage> rows, Map<String, List<String>> mentions) {
        Map<String, StoredMessage> stored = new HashMap<>();
        rows.forEach((id, row) -> stored.put(id, new StoredMessage(row, mentions.getOrDefault(row.messageId(), List.of()))));
        return stored;
    }

    /** The stored rows of the events that are resends (same room, sender and clientMsgId as a stored message), by the resend's messageId. */
    private Map<String, ChatMessage> resentOf(List<MessageSentV1> events, Set<String> storedIds) {
        List<MessageSentV1> unknown = events.stream()
                .filter(event -> event.clientMsgId() != null && !storedIds.contains(event.messageId())).toList();
        Map<String, ChatMessage> resent = new HashMap<>();
        if (unknown.isEmpty()) {
            return resent;
        }
        Map<String, ChatMessage> byClientMessage = new HashMap<>();
        for (Object row : NativeQueries.withArrays(em, SAME_CLIENT_MESSAGE, ChatMessage.class,
                unknown.stream().map(MessageSentV1::roomId).toList(), unknown.stream().map(MessageSentV1::senderId).toList(),
                unknown.stream().map(MessageSentV1::clientMsgId).toList()).getResultList()) {
            ChatMessage message = (ChatMessage) row;
            byClientMessage.putIfAbsent(clientMessageKey(message.roomId(), message.senderId(), message.clientMsgId()), message);
        }
        for (MessageSentV1 event : unknown) {
            ChatMessage first = byClientMessage.get(clientMessageKey(event.roomId(), event.senderId(), event.clientMsgId()));
            if (first != null) {
                resent.put(event.messageId(), first);
            }
        }
        return resent;
    }

    private static String clientMessageKey(String roomId, String senderId, String clientMsgId) {
        return roomId + '\n' + senderId + '\n' + clientMsgId;
    }

    /**
     * Keeps messages accepted here for rooms homed in another region until their stored event comes
     * back ({@link #forgetRemoteSends}): what a promotion sequences here should that region be lost.
     * {@code events}: each message's event as accepted (the record's value), in the messages' order.
     */
    public void keepRemoteSends(List<MessageSentV1> messages, List<String> events) {
        if (messages.isEmpty()) {
            return;
        }
        schema.ensureMigrated();
        NativeQueries.withArrays(em, INSERT_REMOTE_SENDS, messages.stream().map(MessageSentV1::messageId).toList(),
                messages.stream().map(MessageSentV1::roomId).toList(), events,
                messages.stream().map(message -> message.sentAt().atOffset(ZoneOffset.UTC)).toList()).executeUpdate();
    }

    /** The messages' stored events came back (or they were stored here): no longer waiting for another region. */
    public void forgetRemoteSends(List<String> messageIds) {
        if (!messageIds.isEmpty()) {
            NativeQueries.withArrays(em, "DELETE FROM remote_sends WHERE message_id = ANY(?1::text[])", messageIds).executeUpdate();
        }
    }

    /** A message accepted here for a room homed elsewhere: its room (the record's key) and its event as accepted. */
    public record RemoteSend(String roomId, String event) {
    }

    /** The messages accepted here for these rooms that never came back stored, oldest first. */
    public List<RemoteSend> remoteSendsOf(List<String> roomIds) {
        if (roomIds.isEmpty()) {
            return List.of();
        }
        List<RemoteSend> sends = new ArrayList<>();
        for (Object row : NativeQueries.withArrays(em,
                "SELECT room_id, event FROM remote_sends WHERE room_id = ANY(?1::text[]) ORDER BY sent_at, message_id", roomIds).getResultList()) {
            Object[] columns = (Object[]) row;
            sends.add(new RemoteSend((String) columns[0], (String) columns[1]));
        }
        return sends;
    }

    /**
     * Applies, in one transaction and in their order, the changes of messages that another region
     * accepted and stored there (docs/regions.md: an edit, delete, reaction or receipt reaches the
     * room's home and every other region through the timeline's topics; the region that accepted it
     * changed its own database already). Each is applied as a state, so that one applied twice (a
     * redelivery) changes nothing: an edit unless a later one is stored, a delete once, a reaction
     * added or removed, a read position only forward. Flags and restores stay in the region that
     * decided them.
     */
    public void applyElsewhere(List<RoomEvent> changes) {
        if (changes.isEmpty()) {
            return;
        }
        schema.ensureMigrated();
        Map<String, ReadPositions.Position> read = new HashMap<>(); // one per member: the furthest
        for (RoomEvent change : changes) {
            if (change instanceof MessageEditedV1 edited) {
                em.createNativeQuery("UPDATE messages SET content = ?2, content_sealed = ?3, edited_at = ?4 WHERE message_id = ?1"
                                + " AND deleted_at IS NULL AND (edited_at IS NULL OR edited_at <= ?4)")
                        .setParameter(1, edited.messageId()).setParameter(2, edited.content()).setParameter(3, edited.sealedContent())
                        .setParameter(4, edited.editedAt().atOffset(ZoneOffset.UTC)).executeUpdate();
            } else if (change instanceof MessageDeletedV1 deleted) {
                em.createNativeQuery("UPDATE messages SET content = NULL, content_sealed = NULL, deleted_at = ?2, deleted_by = ?3"
                                + " WHERE message_id = ?1 AND deleted_at IS NULL")
                        .setParameter(1, deleted.messageId()).setParameter(2, deleted.deletedAt().atOffset(ZoneOffset.UTC))
                        .setParameter(3, deleted.deletedBy()).executeUpdate();
                em.createNativeQuery("DELETE FROM reactions WHERE message_id = ?1").setParameter(1, deleted.messageId()).executeUpdate();
            } else if (change instanceof MessageReactedV1 reacted) {
                em.createNativeQuery(reacted.added()
                                ? "INSERT INTO reactions (message_id, emoji, user_id, created_at) SELECT ?1, ?2, ?3, ?4"
                                + " WHERE EXISTS (SELECT 1 FROM messages WHERE message_id = ?1 AND deleted_at IS NULL) ON CONFLICT DO NOTHING"
                                : "DELETE FROM reactions WHERE message_id = ?1 AND emoji = ?2 AND user_id = ?3 AND created_at <= ?4")
                        .setParameter(1, reacted.messageId()).setParameter(2, reacted.emoji()).setParameter(3, reacted.userId())
                        .setParameter(4, reacted.reactedAt().atOffset(ZoneOffset.UTC)).executeUpdate();
            } else if (change instanceof ReceiptV1 receipt) {
                read.merge(receipt.roomId() + '\n' + receipt.userId(), new ReadPositions.Position(receipt.roomId(), receipt.userId(), receipt.seq()),
                        (before, later) -> later.seq() > before.seq() ? later : before);
            }
        }
        readPositions.moveAllForward(read.values());
    }

    /**
     * Applies another region's promotion of a room (docs/regions.md) in one transaction: its home
     * moves unless this region knows a later one; with {@code reconcile} (the promotion came ahead
     * of the new home's stored messages) the messages stored here above the promotion's seq are
     * given up ({@link #supersedeAbove}).
     *
     * @return how many messages were given up
     */
    public int rehome(RoomHomes.Rehoming rehoming, boolean reconcile) {
        schema.ensureMigrated();
        roomHomes.rehome(rehoming);
        return reconcile ? supersedeAbove(rehoming.roomId(), rehoming.sinceSeq()) : 0;
    }

    /**
     * Gives up the room's messages above {@code sinceSeq}: they were stored here under a former home's
     * epoch and never reached the room's new home before it took over (docs/regions.md,
     * reconciliation). The new home sequences them again from the former home's stored stream and
     * they come back under their new seq; the room's last seq here goes back to {@code sinceSeq}.
     *
     * @return how many messages were given up
     */
    private int supersedeAbove(String roomId, long sinceSeq) {
        em.createNativeQuery("DELETE FROM message_flags WHERE message_id IN (SELECT message_id FROM messages WHERE room_id = ?1 AND seq > ?2)")
                .setParameter(1, roomId).setParameter(2, sinceSeq).executeUpdate();
        int given = em.createNativeQuery("DELETE FROM messages WHERE room_id = ?1 AND seq > ?2")
                .setParameter(1, roomId).setParameter(2, sinceSeq).executeUpdate();
        em.createNativeQuery("UPDATE room_sequences SET last_seq = ?2 WHERE room_id = ?1 AND last_seq > ?2")
                .setParameter(1, roomId).setParameter(2, sinceSeq).executeUpdate();
        return given;
    }

    /**
     * Stores messages that their room's home region stored and sequenced (docs/regions.md, the
     * replica): each under the seq and with the mentions it came with, in one transaction; the
     * room's last seq follows, and each sender's read position moves as at home. A message stored
     * already (a redelivery) stays as it is.
     */
    public void storeReplicas(List<MessageSentV1> events) {
        if (events.isEmpty()) {
            return;
        }
        schema.ensureMigrated();
        Set<String> seen = new HashSet<>();
        storedOf(events.stream().map(MessageSentV1::messageId).distinct().toList()).forEach(message -> seen.add(message.messageId()));
        Instant storedAt = DatabaseClock.now();
        List<ChatMessage> rows = new ArrayList<>();
        Map<String, MessageSentV1> lastOfRoom = new TreeMap<>(); // rooms in id order: the lock order of takeSeqs
        Map<String, ReadPositions.Position> ownMessagesRead = new LinkedHashMap<>();
        List<String> mentionedIn = new ArrayList<>();
        List<String> mentioned = new ArrayList<>();
        for (MessageSentV1 event : events) {
            if (!seen.add(event.messageId())) {
                continue;
            }
            rows.add(new ChatMessage(event.messageId(), event.roomId(), event.seq(), event.senderId(), event.clientMsgId(),
                    event.sealedContent() == null ? event.content() : null, event.sealedContent(), event.replyTo(), event.sentAt(), storedAt));
            lastOfRoom.merge(event.roomId(), event, (before, later) -> later.seq() > before.seq() ? later : before);
            ownMessagesRead.put(event.roomId() + '\n' + event.senderId(), new ReadPositions.Position(event.roomId(), event.senderId(), event.seq()));
            if (event.mentions() != null) {
                event.mentions().forEach(userId -> {
                    mentionedIn.add(event.messageId());
                    mentioned.add(userId);
                });
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        NativeQueries.withArrays(em, RAISE_SEQS, List.copyOf(lastOfRoom.keySet()),
                lastOfRoom.values().stream().map(MessageSentV1::seq).toList(),
                lastOfRoom.values().stream().map(last -> last.sentAt().atOffset(ZoneOffset.UTC)).toList()).executeUpdate();
        insertAll(rows);
        if (!mentioned.isEmpty()) {
            NativeQueries.withArrays(em, INSERT_MENTIONED, mentionedIn, mentioned).executeUpdate();
        }
        readPositions.moveAllForward(List.copyOf(ownMessagesRead.values()));
    }

    /** The rows of those of the messages that are stored already, in one statement. */
    private List<ChatMessage> storedOf(List<String> messageIds) {
        List<ChatMessage> rows = new ArrayList<>();
        for (Object row : NativeQueries.withArrays(em, EXISTING, ChatMessage.class, messageIds).getResultList()) {
            rows.add((ChatMessage) row);
        }
        return rows;
    }

    /** Stores the mentions of new messages: those of their {@code @username}s that name members of their rooms. */
    private Map<String, List<String>> insertMentions(List<MessageSentV1> messages) {
        List<String> messageIds = new ArrayList<>();
        List<String> roomIds = new ArrayList<>();
        List<String> usernames = new ArrayList<>();
        for (MessageSentV1 message : messages) {
            for (String username : Mentions.usernamesIn(message.content())) {
                messageIds.add(message.messageId());
                roomIds.add(message.roomId());
                usernames.add(username);
            }
        }
        if (usernames.isEmpty()) {
            return Map.of(); // the common case: no statement at all
        }
        return mentionRows(NativeQueries.withArrays(em, INSERT_MENTIONS, messageIds, roomIds, usernames).getResultList());
    }

    /** The stored mentions of messages, by messageId (sorted user ids; none: no entry). */
    public Map<String, List<String>> mentionsOf(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return new HashMap<>();
        }
        return mentionRows(NativeQueries.withArrays(em, MENTIONS_OF, messageIds).getResultList());
    }

    private static Map<String, List<String>> mentionRows(List<?> rows) {
        Map<String, List<String>> byMessage = new HashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            byMessage.computeIfAbsent((String) columns[0], id -> new ArrayList<>()).add((String) columns[1]);
        }
        byMessage.values().forEach(list -> list.sort(Comparator.naturalOrder()));
        return byMessage;
    }

    private void insertAll(List<ChatMessage> messages) {
        NativeQueries.withArrays(em, INSERT_ALL,
                messages.stream().map(ChatMessage::messageId).toList(),
                messages.stream().map(ChatMessage::roomId).toList(),
                messages.stream().map(ChatMessage::seq).toList(),
                messages.stream().map(ChatMessage::senderId).toList(),
                nullable(messages, ChatMessage::clientMsgId),
                nullable(messages, ChatMessage::content),
                nullable(messages, ChatMessage::contentSealed),
                nullable(messages, ChatMessage::replyTo),
                messages.stream().map(message -> message.sentAt().atOffset(ZoneOffset.UTC)).toList(),
                messages.stream().map(message -> message.storedAt().atOffset(ZoneOffset.UTC)).toList())
                .executeUpdate();
    }

    private static List<String> nullable(List<ChatMessage> messages, java.util.function.Function<ChatMessage, String> column) {
        List<String> values = new ArrayList<>(messages.size());
        messages.forEach(message -> values.add(column.apply(message)));
        return values;
    }

    /** Rooms are taken in id order, so that two persisters (during a rebalance) lock them in the same order. */
    private Map<String, Long> takeSeqs(Map<String, List<MessageSentV1>> newByRoom) {
        List<Map.Entry<String, List<MessageSentV1>>> rooms = newByRoom.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        var query = NativeQueries.withArrays(em, TAKE_SEQS,
                rooms.stream().map(Map.Entry::getKey).toList(),
                rooms.stream().map(room -> (long) room.getValue().size()).toList(),
                rooms.stream().map(room -> room.getValue().stream().map(MessageSentV1::sentAt).max(Comparator.naturalOrder()).orElseThrow()
                        .atOffset(ZoneOffset.UTC)).toList());
        Map<String, Long> lastSeqOfRoom = new HashMap<>();
        for (Object row : query.getResultList()) {
            Object[] columns = (Object[]) row;
            lastSeqOfRoom.put((String) columns[0], ((Number) columns[1]).longValue());
        }
        return lastSeqOfRoom;
    }

    /** The last seq of each of the rooms that has a message, in one statement (an array parameter). */
    public Map<String, Long> lastSeqs(List<String> roomIds) {
        Map<String, Long> lastSeqOfRoom = new HashMap<>();
        if (roomIds.isEmpty()) {
            return lastSeqOfRoom;
        }
        var query = NativeQueries.withArrays(em, "SELECT room_id, last_seq FROM room_sequences WHERE room_id = ANY(?1::text[])", roomIds);
        for (Object row : query.getResultList()) {
            Object[] columns = (Object[]) row;
            lastSeqOfRoom.put((String) columns[0], ((Number) columns[1]).longValue());
        }
        return lastSeqOfRoom;
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
