package dev.chat.room.control;

import dev.chat.api.rest.BanView;
import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Rows of {@code room_bans} (who may not be in a room until unbanned) and {@code room_silences} (who may not post there until when). */
@Stateless
public class RestrictionStore {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** Bans the user (again: the newer decision and reason replace the older). */
    public void add(String roomId, String userId, String bannedBy, Instant at, String reason) {
        NativeQueries.withParameters(em, "INSERT INTO room_bans (room_id, user_id, banned_by, banned_at, reason) VALUES (?1, ?2, ?3, ?4, ?5)"
                + " ON CONFLICT (room_id, user_id) DO UPDATE SET banned_by = EXCLUDED.banned_by, banned_at = EXCLUDED.banned_at,"
                + " reason = EXCLUDED.reason", roomId, userId, bannedBy, at.atOffset(ZoneOffset.UTC), reason).executeUpdate();
    }

    /** @return false when the user was not banned */
    public boolean remove(String roomId, String userId) {
        return NativeQueries.withParameters(em, "DELETE FROM room_bans WHERE room_id = ?1 AND user_id = ?2", roomId, userId)
                .executeUpdate() == 1;
    }

    public boolean isBanned(String roomId, String userId) {
        return !NativeQueries.withParameters(em, "SELECT 1 FROM room_bans WHERE room_id = ?1 AND user_id = ?2", roomId, userId)
                .getResultList().isEmpty();
    }

    /** The room's bans, newest first, with the banned users' names (an erased account has its tombstone's). */
    public List<BanView> of(String roomId) {
        return views(" ORDER BY b.banned_at DESC, b.user_id", roomId);
    }

    public Optional<BanView> one(String roomId, String userId) {
        return views(" AND b.user_id = ?2", roomId, userId).stream().findFirst();
    }

    /** Silences the user until {@code until} (again: the newer end replaces the older). */
    public void silence(String roomId, String userId, Instant until) {
        NativeQueries.withParameters(em, "INSERT INTO room_silences (room_id, user_id, until) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT (room_id, user_id) DO UPDATE SET until = EXCLUDED.until", roomId, userId, until.atOffset(ZoneOffset.UTC))
                .executeUpdate();
    }

    /** @return false when the user was not silenced (any more) */
    public boolean unsilence(String roomId, String userId, Instant now) {
        return NativeQueries.withParameters(em, "DELETE FROM room_silences WHERE room_id = ?1 AND user_id = ?2 AND until > ?3",
                roomId, userId, now.atOffset(ZoneOffset.UTC)).executeUpdate() == 1;
    }

    /** Until when each silenced user of the room may not post (ended silences left out). */
    public Map<String, Instant> silencesIn(String roomId) {
        List<?> rows = NativeQueries.withParameters(em, "SELECT user_id, until FROM room_silences WHERE room_id = ?1 AND until > now()", roomId)
                .getResultList();
        return rows.stream().map(row -> (Object[]) row)
                .collect(Collectors.toUnmodifiableMap(c -> (String) c[0], c -> NativeQueries.instant(c[1])));
    }

    private List<BanView> views(String restOfQuery, Object... parameters) {
        List<?> rows = NativeQueries.withParameters(em, "SELECT b.room_id, b.user_id, u.username, b.banned_by, b.banned_at, b.reason"
                + " FROM room_bans b JOIN users u ON u.id = b.user_id WHERE b.room_id = ?1" + restOfQuery, parameters).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(c -> new BanView((String) c[0], (String) c[1], (String) c[2], (String) c[3],
                NativeQueries.instant(c[4]), (String) c[5])).toList();
    }
}
