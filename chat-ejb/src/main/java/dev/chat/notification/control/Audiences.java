package dev.chat.notification.control;

import dev.chat.notification.entity.NotificationLevel;
import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of rooms a notification is possible for, with their effective level and mute, in one
 * statement per batch. A channel's members who keep its default (mentions) matter only when named,
 * so of a channel only those are read, with the members who chose {@code all}: a channel of
 * 10,000 members costs what its mentions cost.
 */
@Stateless
public class Audiences {
    private static final String MEMBERS = """
            SELECT m.room_id, r.type, m.user_id, s.level, s.muted_until
            FROM chat_room_members m
            JOIN chat_rooms r ON r.id = m.room_id
            LEFT JOIN notification_settings s ON s.room_id = m.room_id AND s.user_id = m.user_id
            WHERE m.room_id = ANY(?1::text[]) AND (r.type <> 'channel' OR s.level = 'all' OR m.user_id = ANY(?2::text[]))""";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** By room: the members to consider, given every user the batch's messages mention. */
    public Map<String, List<Recipients.Member>> of(List<String> roomIds, List<String> mentioned) {
        Map<String, List<Recipients.Member>> byRoom = new HashMap<>();
        if (roomIds.isEmpty()) {
            return byRoom;
        }
        for (Object row : NativeQueries.withArrays(em, MEMBERS, roomIds, mentioned).getResultList()) {
            Object[] columns = (Object[]) row;
            String level = (String) columns[3];
            byRoom.computeIfAbsent((String) columns[0], room -> new ArrayList<>()).add(new Recipients.Member((String) columns[2],
                    level != null ? NotificationLevel.ofWireName(level) : NotificationLevel.defaultFor((String) columns[1]),
                    NativeQueries.instant(columns[4])));
        }
        return byRoom;
    }
}
