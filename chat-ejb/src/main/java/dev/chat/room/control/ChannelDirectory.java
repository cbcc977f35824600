package dev.chat.room.control;

import dev.chat.api.rest.ChannelView;
import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.Locale;

/**
 * The channels every user may browse and join, most recently active first, optionally those whose
 * name contains a text (case-insensitive). It reads every channel row (no index serves "contains");
 * full-text and prefix search over rooms belong to the search feature.
 */
@Stateless
public class ChannelDirectory {
    private static final String CHANNELS = """
            SELECT r.id, r.name,
                   (SELECT count(*) FROM chat_room_members all_members WHERE all_members.room_id = r.id),
                   r.created_at, COALESCE(s.last_message_at, r.created_at) AS last_activity,
                   EXISTS (SELECT 1 FROM chat_room_members mine WHERE mine.room_id = r.id AND mine.user_id = ?1)
            FROM chat_rooms r
            LEFT JOIN room_sequences s ON s.room_id = r.id
            WHERE r.type = 'channel' AND lower(r.name) LIKE ?2 ESCAPE '\\'
            ORDER BY last_activity DESC, r.id
            LIMIT ?3""";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    public List<ChannelView> channels(String callerId, String nameContains, int limit) {
        String pattern = "%" + escapeLike(nameContains == null ? "" : nameContains.strip().toLowerCase(Locale.ROOT)) + "%";
        List<?> rows = em.createNativeQuery(CHANNELS).setParameter(1, callerId).setParameter(2, pattern)
                .setParameter(3, limit).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(c -> new ChannelView((String) c[0], (String) c[1],
                ((Number) c[2]).intValue(), NativeQueries.instant(c[3]), NativeQueries.instant(c[4]), (Boolean) c[5])).toList();
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
