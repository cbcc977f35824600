package dev.chat.attachment.control;

import dev.chat.api.rest.AttachmentView;
import dev.chat.attachment.entity.Attachment;
import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The {@code attachments} table. Each method is one short transaction of its own, or joins the
 * caller's (a delete's): the object store is never called while a row is held, except by the
 * sweeps, which lock their batch with {@code SKIP LOCKED}.
 */
@Stateless
public class AttachmentRecords {

    /** What a sweep removes: the row's objects (and, once its upload URL has expired, the row). */
    public record Removable(String id, String fileKey, String thumbnailKey, String uploadKey, Instant createdAt) {
        public List<String> keys() {
            return Stream.of(fileKey, thumbnailKey, uploadKey).filter(Objects::nonNull).toList();
        }
    }

    /**
     * Claims ready uploads of the owner in the room for a message (or finds them claimed by it
     * already: a resend), each with its place among the message's files; one statement, so two
     * messages never both get the same file.
     */
    private static final String CLAIM = """
            UPDATE attachments a SET message_id = ?3, attached_at = COALESCE(a.attached_at, now()), position = v.position
            FROM unnest(?1::text[], ?2::int[]) AS v(id, position)
            WHERE a.id = v.id AND a.owner_id = ?4 AND a.room_id = ?5 AND a.state = 'ready'
              AND (a.message_id IS NULL OR a.message_id = ?3)""";

    /**
     * Rows to remove: of deleted messages, uploads no message claimed in time, uploads claimed by
     * a message that was never stored, files of deleted rooms; never one whose upload URL may still
     * write (its upload key goes with it).
     */
    private static final String REMOVABLE = """
            SELECT id, file_key, thumbnail_key, upload_key, created_at FROM attachments
            WHERE (state = 'removed'
                   OR (message_id IS NULL AND created_at < ?1)
                   OR (message_id IS NOT NULL AND attached_at < ?1
                       AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.message_id = attachments.message_id))
                   OR NOT EXISTS (SELECT 1 FROM chat_rooms r WHERE r.id = attachments.room_id))
              AND (upload_key IS NULL OR created_at < ?2)
            ORDER BY created_at LIMIT ?3 FOR UPDATE SKIP LOCKED""";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    public void persist(Attachment attachment) {
        em.persist(attachment);
    }

    public Attachment find(String id) {
        return em.find(Attachment.class, id);
    }

    /** Whether {@code userId} sees message {@code messageId} as a placeholder: moderation hid it, or they blocked its sender. */
    public boolean isPlaceholderFor(String messageId, String userId) {
        return !NativeQueries.withParameters(em, "SELECT 1 FROM messages m WHERE m.message_id = ?1 AND (m.hidden_at IS NOT NULL"
                + " OR EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = ?2 AND b.blocked_id = m.sender_id))", messageId, userId)
                .getResultList().isEmpty();
    }

    /** Marks a pending upload ready with what its checks found. @return false when it was not pending (any more) */
    public boolean markReady(String id, Attachment.CheckedContent content, String thumbnailKey) {
        Attachment attachment = em.find(Attachment.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (attachment == null || !attachment.isPending()) {
            return false;
        }
        attachment.ready(content, thumbnailKey);
        return true;
    }

    /** An upload that failed its checks: the sweeper removes it (its upload key once that URL has expired). */
    public void markRemoved(String id) {
        em.createNativeQuery("UPDATE attachments SET state = 'removed' WHERE id = ?1").setParameter(1, id).executeUpdate();
    }

    /** Bytes the user's files take (uploads in progress included: they were promised that much room). */
    public long bytesOf(String ownerId) {
        Object sum = em.createNativeQuery("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE owner_id = ?1 AND state <> 'removed'")
                .setParameter(1, ownerId).getSingleResult();
        return ((Number) sum).longValue();
    }

    /** The attachments of these ids, by id (those that exist). */
    public Map<String, Attachment> byIds(List<String> ids) {
        Map<String, Attachment> found = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Object row : NativeQueries.withArrays(em, "SELECT * FROM attachments WHERE id = ANY(?1::text[])", Attachment.class, ids)
                    .getResultList()) {
                Attachment attachment = (Attachment) row;
                found.put(attachment.id(), attachment);
            }
        }
        return found;
    }

    /** Claims the uploads for a message, in the order given. @return how many it got (fewer: another message has one) */
    public int claim(List<String> ids, String ownerId, String roomId, String messageId) {
        List<Integer> positions = IntStream.range(0, ids.size()).boxed().toList();
        return NativeQueries.withArrays(em, CLAIM, ids, positions)
                .setParameter(3, messageId).setParameter(4, ownerId).setParameter(5, roomId).executeUpdate();
    }

    /** The ready attachments of each message, in the order the sender gave them. */
    public Map<String, List<AttachmentView>> ofMessages(List<String> messageIds) {
        Map<String, List<AttachmentView>> byMessage = new LinkedHashMap<>();
        if (messageIds.isEmpty()) {
            return byMessage;
        }
        List<?> rows = NativeQueries.withArrays(em, "SELECT * FROM attachments WHERE message_id = ANY(?1::text[]) AND state = 'ready' "
                + "ORDER BY position, created_at, id", Attachment.class, messageIds).getResultList();
        for (Object row : rows) {
            Attachment attachment = (Attachment) row;
            byMessage.computeIfAbsent(attachment.messageId(), id -> new ArrayList<>()).add(attachment.view());
        }
        return byMessage;
    }

    /** Marks the attachments of a deleted message removed (in the delete's transaction). @return their ids */
    public List<String> removeOfMessage(String messageId) {
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("UPDATE attachments SET state = 'removed' WHERE message_id = ?1 AND state <> 'removed' RETURNING id")
                .setParameter(1, messageId).getResultList();
        return ids;
    }

    /**
     * Removes one batch of what nobody can reach any more: objects first, then rows, in one
     * transaction (a store that fails leaves the rows for the next sweep).
     *
     * @param unattachedBefore uploads older than this that no stored message has go
     * @param uploadsExpiredBefore rows created before this have no upload URL that still writes
     * @return how many were removed
     */
    public int sweep(Instant unattachedBefore, Instant uploadsExpiredBefore, int limit, ObjectStore store) {
        List<?> rows = em.createNativeQuery(REMOVABLE).setParameter(1, unattachedBefore.atOffset(ZoneOffset.UTC))
                .setParameter(2, uploadsExpiredBefore.atOffset(ZoneOffset.UTC)).setParameter(3, limit).getResultList();
        List<Removable> removable = removables(rows);
        store.delete(removable.stream().flatMap(r -> r.keys().stream()).toList());
        deleteRows(removable.stream().map(Removable::id).toList());
        return removable.size();
    }

    /**
     * Removes the objects of a deleted message's attachments at once, and their rows unless an
     * upload URL may still write (the sweep takes those rows, with the upload key, later).
     *
     * @return how many attachments' objects were removed
     */
    public int sweepRemoved(List<String> ids, Instant uploadsExpiredBefore, ObjectStore store) {
        List<?> rows = NativeQueries.withArrays(em, "SELECT id, file_key, thumbnail_key, upload_key, created_at FROM attachments "
                + "WHERE id = ANY(?1::text[]) AND state = 'removed' FOR UPDATE SKIP LOCKED", ids).getResultList();
        List<Removable> removable = removables(rows);
        store.delete(removable.stream().flatMap(r -> r.keys().stream()).toList());
        List<String> expired = new ArrayList<>();
        for (Removable row : removable) {
            if (row.uploadKey() == null || row.createdAt().isBefore(uploadsExpiredBefore)) {
                expired.add(row.id());
            }
        }
        deleteRows(expired);
        return removable.size();
    }

    /**
     * Deletes the upload keys whose URLs have expired, of uploads that were checked: from then on
     * nothing can write them again. @return how many
     */
    public int clearUploads(Instant uploadsExpiredBefore, int limit, ObjectStore store) {
        List<?> rows = em.createNativeQuery("SELECT id, upload_key FROM attachments WHERE upload_key IS NOT NULL AND state = 'ready' "
                        + "AND created_at < ?1 ORDER BY created_at LIMIT ?2 FOR UPDATE SKIP LOCKED")
                .setParameter(1, uploadsExpiredBefore.atOffset(ZoneOffset.UTC)).setParameter(2, limit).getResultList();
        List<String> ids = new ArrayList<>(rows.size());
        List<String> keys = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            ids.add((String) columns[0]);
            keys.add((String) columns[1]);
        }
        store.delete(keys);
        if (!ids.isEmpty()) {
            NativeQueries.withArrays(em, "UPDATE attachments SET upload_key = NULL WHERE id = ANY(?1::text[])", ids).executeUpdate();
        }
        return ids.size();
    }

    /** Bytes of all files stored (for the metric). */
    public long totalBytes() {
        return ((Number) em.createNativeQuery("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE state = 'ready'").getSingleResult())
                .longValue();
    }

    private static List<Removable> removables(List<?> rows) {
        List<Removable> removable = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            removable.add(new Removable((String) columns[0], (String) columns[1], (String) columns[2], (String) columns[3],
                    NativeQueries.instant(columns[4])));
        }
        return removable;
    }

    private void deleteRows(List<String> ids) {
        if (!ids.isEmpty()) {
            NativeQueries.withArrays(em, "DELETE FROM attachments WHERE id = ANY(?1::text[])", ids).executeUpdate();
        }
    }
}
