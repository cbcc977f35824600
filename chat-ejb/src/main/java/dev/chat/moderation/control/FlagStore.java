package dev.chat.moderation.control;

import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rows of {@code message_flags}: one per flagged message, with how its review ended. */
@Stateless
public class FlagStore {
    public static final String OPEN = "open";
    public static final String RESTORED = "restored";
    public static final String DELETED = "deleted";

    /** A row, without the message's content (moderators read that from the message). */
    public record Flag(String messageId, String roomId, long seq, String senderId, String reason, double score, String classifier,
                       String status, Instant flaggedAt, String reviewedBy, Instant reviewedAt) {
    }

    /** An open flag whose message was deleted meanwhile (by its author, a room admin, an erasure) reads as deleted, by them. */
    private static final String STATUS = "CASE WHEN f.status = 'open' AND m.deleted_at IS NOT NULL THEN 'deleted' ELSE f.status END";
    private static final String FLAGS = "SELECT f.message_id, f.room_id, f.seq, f.sender_id, f.reason, f.score, f.classifier, " + STATUS + ","
            + " f.flagged_at, COALESCE(f.reviewed_by, m.deleted_by), COALESCE(f.reviewed_at, m.deleted_at)"
            + " FROM message_flags f JOIN messages m ON m.message_id = f.message_id";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /**
     * Records a new message's flag; a message is flagged once (a redelivered one changes nothing).
     *
     * @return false when it was flagged already
     */
    public boolean addFirst(Flag flag) {
        return insert(flag, " ON CONFLICT (message_id) DO NOTHING") == 1;
    }

    /**
     * Records the flag of an edit: the message's flag opens again with the new reason, unless a
     * moderator deleted it or reviewed it after {@code editedAt} (a redelivered edit).
     *
     * @return false when nothing changed
     */
    public boolean addForEdit(Flag flag, Instant editedAt) {
        return insert(flag, " ON CONFLICT (message_id) DO UPDATE SET reason = EXCLUDED.reason, score = EXCLUDED.score,"
                + " classifier = EXCLUDED.classifier, status = 'open', flagged_at = EXCLUDED.flagged_at, reviewed_by = NULL, reviewed_at = NULL"
                + " WHERE message_flags.status <> 'deleted' AND (message_flags.reviewed_at IS NULL OR message_flags.reviewed_at < ?10)",
                editedAt.atOffset(ZoneOffset.UTC)) == 1;
    }

    /** Inserts the row; {@code more} are bound after its nine columns ({@code ?10} …), for {@code onConflict}. */
    private int insert(Flag flag, String onConflict, Object... more) {
        List<Object> parameters = new ArrayList<>(List.of(flag.messageId(), flag.roomId(), flag.seq(), flag.senderId(), flag.reason(),
                flag.score(), flag.classifier(), OPEN, flag.flaggedAt().atOffset(ZoneOffset.UTC)));
        parameters.addAll(List.of(more));
        return NativeQueries.withParameters(em, "INSERT INTO message_flags (message_id, room_id, seq, sender_id, reason, score, classifier,"
                + " status, flagged_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)" + onConflict, parameters.toArray()).executeUpdate();
    }

    /** The flag of a message, locked for the caller's transaction. */
    public Optional<Flag> locked(String messageId) {
        return flags(FLAGS + " WHERE f.message_id = ?1 FOR UPDATE OF f", messageId).stream().findFirst();
    }

    public void review(String messageId, String status, String reviewerId, Instant at) {
        NativeQueries.withParameters(em, "UPDATE message_flags SET status = ?2, reviewed_by = ?3, reviewed_at = ?4 WHERE message_id = ?1",
                messageId, status, reviewerId, at.atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /**
     * Flags newest first, before {@code before} (null: the newest), with {@code status} (null: any):
     * of {@code roomId}, or (roomId null) of the rooms {@code adminId} owns or administers, or
     * (both null) of every room.
     */
    public List<Flag> page(String roomId, String adminId, String status, Instant before, int limit) {
        StringBuilder sql = new StringBuilder(FLAGS);
        List<Object> parameters = new ArrayList<>();
        if (roomId == null && adminId != null) {
            parameters.add(adminId);
            sql.append(" JOIN chat_room_members rm ON rm.room_id = f.room_id AND rm.user_id = ?1 AND rm.role IN ('owner', 'admin')");
        }
        sql.append(" WHERE TRUE");
        if (roomId != null) {
            parameters.add(roomId);
            sql.append(" AND f.room_id = ?").append(parameters.size());
        }
        if (status != null) {
            parameters.add(status);
            sql.append(" AND ").append(STATUS).append(" = ?").append(parameters.size());
        }
        if (before != null) {
            parameters.add(before.atOffset(ZoneOffset.UTC));
            sql.append(" AND f.flagged_at < ?").append(parameters.size());
        }
        parameters.add(limit);
        sql.append(" ORDER BY f.flagged_at DESC, f.message_id LIMIT ?").append(parameters.size());
        return flags(sql.toString(), parameters.toArray());
    }

    private List<Flag> flags(String sql, Object... parameters) {
        List<?> rows = NativeQueries.withParameters(em, sql, parameters).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(c -> new Flag((String) c[0], (String) c[1], ((Number) c[2]).longValue(),
                (String) c[3], (String) c[4], ((Number) c[5]).doubleValue(), (String) c[6], (String) c[7], NativeQueries.instant(c[8]),
                (String) c[9], c[10] == null ? null : NativeQueries.instant(c[10]))).toList();
    }
}
