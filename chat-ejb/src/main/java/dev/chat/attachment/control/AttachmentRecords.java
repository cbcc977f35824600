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

/**
 * The {@code attachments} table. Each method is one short transaction of its own, or joins the
 * caller's (the persister's, a delete's): the object store is never called while a row is held,
 * except by the sweeper.
 */
@Stateless
public class AttachmentRecords {

    /** An attachment to link to the message that carries it, and who must own it. */
    public record Link(String attachmentId, String messageId, String ownerId, String roomId) {
    }

    /** What the sweeper removes: the row and its objects. */
    public record Removable(String id, String fileKey, String thumbnailKey) {
        public List<String> keys() {
            return thumbnailKey == null ? List.of(fileKey) : List.of(fileKey, thumbnailKey);
        }
    }

    private static final String LINK = """
            UPDATE attachments a SET message_id = v.message_id, attached_at = now()
            FROM unnest(?1::text[], ?2::text[], ?3::text[], ?4::text[]) AS v(attachment_id, message_id, owner_id, room_id)
            WHERE a.id = v.attachment_id AND a.owner_id = v.owner_id AND a.room_id = v.room_id AND a.state = 'ready'
              AND a.message_id IS NULL""";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    public void persist(Attachment attachment) {
        em.persist(attachment);
    }

    public Attachment find(String id) {
        return em.find(Attachment.class, id);
    }

    /** The row, locked until the transaction ends (completing an upload twice at once stores it once). */
    public Attachment locked(String id) {
        return em.find(Attachment.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Marks a pending upload ready with what its checks found. @return false when it was no longer pending */
    public boolean markReady(String id, Attachment.CheckedContent content, String thumbnailKey) {
        Attachment attachment = locked(id);
        if (attachment == null || attachment.isReady()) {
            return false;
        }
        attachment.ready(content, thumbnailKey);
        return true;
    }

    public void remove(String id) {
        Attachment attachment = em.find(Attachment.class, id);
        if (attachment != null) {
            em.remove(attachment);
        }
    }

    /** Bytes the user's files take (pending uploads included: they were promised that much room). */
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

    /**
     * Sets the message of each attachment that is ready, unsent, and its owner's upload to that
     * room (in the persister's transaction, beside the message's row). One that is not (sent with
     * another message meanwhile) stays as it is.
     */
    public void link(List<Link> links) {
        if (links.isEmpty()) {
            return;
        }
        NativeQueries.withArrays(em, LINK, links.stream().map(Link::attachmentId).toList(), links.stream().map(Link::messageId).toList(),
                links.stream().map(Link::ownerId).toList(), links.stream().map(Link::roomId).toList()).executeUpdate();
    }

    /** The ready attachments of each message, in the order they were uploaded. */
    public Map<String, List<AttachmentView>> ofMessages(List<String> messageIds) {
        Map<String, List<AttachmentView>> byMessage = new LinkedHashMap<>();
        if (messageIds.isEmpty()) {
            return byMessage;
        }
        List<?> rows = NativeQueries.withArrays(em, "SELECT * FROM attachments WHERE message_id = ANY(?1::text[]) AND state = 'ready' "
                + "ORDER BY created_at, id", Attachment.class, messageIds).getResultList();
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
     * Up to {@code limit} attachments to remove, locked for this transaction (other nodes' sweeps
     * skip them): removed ones (of deleted messages), uploads no message took before
     * {@code unattachedBefore}, and the files of rooms that no longer exist.
     */
    List<Removable> lockRemovable(Instant unattachedBefore, int limit) {
        String sql = """
                SELECT id, file_key, thumbnail_key FROM attachments WHERE state = 'removed'
                   OR (message_id IS NULL AND created_at < ?1)
                   OR NOT EXISTS (SELECT 1 FROM chat_rooms r WHERE r.id = attachments.room_id)
                ORDER BY created_at LIMIT ?2 FOR UPDATE SKIP LOCKED""";
        List<?> rows = em.createNativeQuery(sql).setParameter(1, unattachedBefore.atOffset(ZoneOffset.UTC)).setParameter(2, limit)
                .getResultList();
        List<Removable> removable = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            removable.add(new Removable((String) columns[0], (String) columns[1], (String) columns[2]));
        }
        return removable;
    }

    /** The removed attachments among these, locked for this transaction (a delete's objects go at once). */
    List<Removable> lockRemoved(List<String> ids) {
        List<?> rows = NativeQueries.withArrays(em, "SELECT id, file_key, thumbnail_key FROM attachments WHERE id = ANY(?1::text[]) "
                + "AND state = 'removed' FOR UPDATE SKIP LOCKED", ids).getResultList();
        List<Removable> removable = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            removable.add(new Removable((String) columns[0], (String) columns[1], (String) columns[2]));
        }
        return removable;
    }

    void deleteRows(List<String> ids) {
        if (!ids.isEmpty()) {
            NativeQueries.withArrays(em, "DELETE FROM attachments WHERE id = ANY(?1::text[])", ids).executeUpdate();
        }
    }

    /**
     * Removes one batch of what {@link #lockRemovable} finds: the objects from the store, then
     * the rows, in one transaction (a store that fails leaves the rows for the next sweep).
     *
     * @return how many attachments were removed
     */
    public int sweep(Instant unattachedBefore, int limit, ObjectStore store) {
        return removeWithObjects(lockRemovable(unattachedBefore, limit), store);
    }

    /** Removes these attachments of deleted messages at once, objects then rows. @return how many */
    public int sweepRemoved(List<String> ids, ObjectStore store) {
        return removeWithObjects(lockRemoved(ids), store);
    }

    /** Bytes of all files stored (for the metric). */
    public long totalBytes() {
        return ((Number) em.createNativeQuery("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE state = 'ready'").getSingleResult())
                .longValue();
    }

    private int removeWithObjects(List<Removable> removable, ObjectStore store) {
        if (removable.isEmpty()) {
            return 0;
        }
        store.delete(removable.stream().flatMap(r -> r.keys().stream()).toList());
        deleteRows(removable.stream().map(Removable::id).toList());
        return removable.size();
    }
}
