package dev.chat.notification.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.NotificationSettingsView;
import dev.chat.api.rest.UpdateNotificationSettingsRequest;
import dev.chat.notification.entity.NotificationLevel;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.platform.persistence.NativeQueries;
import dev.chat.room.boundary.RoomMembership;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A member's notification settings for a room: read and replaced by the member only. */
@Stateless
public class NotificationSettings {
    private static final String READ = """
            SELECT r.type, s.level, s.muted_until FROM chat_rooms r
            LEFT JOIN notification_settings s ON s.room_id = r.id AND s.user_id = ?2
            WHERE r.id = ?1""";

    private static final String REPLACE = """
            INSERT INTO notification_settings (room_id, user_id, level, muted_until) VALUES (?1, ?2, ?3::varchar, ?4::timestamptz)
            ON CONFLICT (room_id, user_id) DO UPDATE SET level = EXCLUDED.level, muted_until = EXCLUDED.muted_until""";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    RoomMembership membership;

    public NotificationSettingsView of(String callerId, String roomId) {
        membership.requireMember(roomId, callerId);
        List<?> rows = em.createNativeQuery(READ).setParameter(1, roomId).setParameter(2, callerId).getResultList();
        if (rows.isEmpty()) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no room " + roomId);
        }
        Object[] row = (Object[]) rows.get(0);
        String level = (String) row[1];
        Instant mutedUntil = NativeQueries.instant(row[2]);
        return new NotificationSettingsView(roomId, level != null ? level : NotificationLevel.defaultFor((String) row[0]).wireName(),
                level == null, mutedUntil != null && mutedUntil.isAfter(DatabaseClock.now()) ? mutedUntil : null);
    }

    /** Replaces the caller's settings: no level means the room's default, no (or a past) mutedUntil means not muted. */
    public NotificationSettingsView replace(String callerId, String roomId, UpdateNotificationSettingsRequest request) {
        membership.requireMember(roomId, callerId);
        Instant mutedUntil = request.mutedUntil() != null && request.mutedUntil().isAfter(DatabaseClock.now()) ? request.mutedUntil() : null;
        if (request.notifications() == null && mutedUntil == null) {
            em.createNativeQuery("DELETE FROM notification_settings WHERE room_id = ?1 AND user_id = ?2")
                    .setParameter(1, roomId).setParameter(2, callerId).executeUpdate();
        } else {
            em.createNativeQuery(REPLACE).setParameter(1, roomId).setParameter(2, callerId)
                    .setParameter(3, request.notifications() == null ? null : NotificationLevel.ofWireName(request.notifications()).wireName())
                    .setParameter(4, mutedUntil == null ? null : mutedUntil.atOffset(ZoneOffset.UTC)).executeUpdate();
        }
        return of(callerId, roomId);
    }
}
