package dev.chat.room.control;

import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which region sequences each room ({@code chat_rooms.home_region}, docs/regions.md): one writer
 * per room across regions. A room without a home (made before regions, or in a single region) is
 * homed in the region that holds it.
 */
@Stateless
public class RoomHomes {
    private static final String HOMES = "SELECT id, home_region FROM chat_rooms WHERE id = ANY(?1::text[])";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /**
     * The home of each of the rooms this region knows, by room id, in one statement; a room without
     * a home of its own has {@code ownRegion}; an unknown room has no entry.
     */
    public Map<String, String> homesOf(Collection<String> roomIds, String ownRegion) {
        Map<String, String> homes = new HashMap<>();
        if (roomIds.isEmpty()) {
            return homes;
        }
        for (Object row : NativeQueries.withArrays(em, HOMES, List.copyOf(roomIds)).getResultList()) {
            Object[] columns = (Object[]) row;
            homes.put((String) columns[0], columns[1] == null ? ownRegion : (String) columns[1]);
        }
        return homes;
    }
}
