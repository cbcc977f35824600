package dev.chat.room.control;

import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which region sequences each room ({@code chat_rooms.home_region}, docs/regions.md): one writer
 * per room across regions. A room without a home (made before regions, or in a single region) is
 * homed in the region that holds it. A home moves only by a promotion, which raises the room's
 * epoch; a region learns of it from the new home's {@code chat.room.rehomed.v1} (or the catalogue)
 * and never takes back a home of a lower epoch.
 */
@Stateless
public class RoomHomes {
    private static final String HOMES = "SELECT id, home_region, home_epoch FROM chat_rooms WHERE id = ANY(?1::text[])";

    /**
     * The lost region's rooms, homed here from their last seq on under the next epoch, and kept as
     * this region's promotions until they are announced, in one statement.
     */
    private static final String PROMOTE = """
            WITH promoted AS (
                UPDATE chat_rooms r SET home_region = ?2, home_epoch = r.home_epoch + 1,
                       home_since_seq = COALESCE((SELECT s.last_seq FROM room_sequences s WHERE s.room_id = r.id), 0)
                 WHERE r.home_region = ?1
                RETURNING r.id, r.home_epoch, r.home_since_seq)
            INSERT INTO region_promotions (room_id, epoch, since_seq) SELECT id, home_epoch, home_since_seq FROM promoted
            ON CONFLICT (room_id) DO UPDATE SET epoch = EXCLUDED.epoch, since_seq = EXCLUDED.since_seq""";

    /** A room's home and the epoch it holds it under (0 until a promotion moves it). */
    public record Home(String region, int epoch) {
    }

    /** A room that a promotion homed in another region, from {@code sinceSeq} on, under {@code epoch}. */
    public record Rehoming(String roomId, String region, int epoch, long sinceSeq) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /**
     * The home of each of the rooms this region knows, by room id, in one statement; a room without
     * a home of its own has {@code ownRegion}; an unknown room has no entry.
     */
    public Map<String, Home> homesOf(Collection<String> roomIds, String ownRegion) {
        Map<String, Home> homes = new HashMap<>();
        if (roomIds.isEmpty()) {
            return homes;
        }
        for (Object row : NativeQueries.withArrays(em, HOMES, List.copyOf(roomIds)).getResultList()) {
            Object[] columns = (Object[]) row;
            homes.put((String) columns[0], new Home(columns[1] == null ? ownRegion : (String) columns[1], ((Number) columns[2]).intValue()));
        }
        return homes;
    }

    /**
     * Homes in {@code region} every room homed in {@code lost} (docs/regions.md, failover): each
     * continues its sequence here after its last seq, under its next epoch. One statement: two
     * promotions at once take each room once.
     *
     * @return the rooms promoted here and not announced yet: these, and those of a promotion that stopped half way
     */
    public List<Rehoming> promote(String lost, String region) {
        em.createNativeQuery(PROMOTE).setParameter(1, lost).setParameter(2, region).executeUpdate();
        List<Rehoming> pending = new ArrayList<>();
        for (Object row : em.createNativeQuery("SELECT room_id, epoch, since_seq FROM region_promotions ORDER BY room_id").getResultList()) {
            Object[] columns = (Object[]) row;
            pending.add(new Rehoming((String) columns[0], region, ((Number) columns[1]).intValue(), ((Number) columns[2]).longValue()));
        }
        return pending;
    }

    /** The promotions of these rooms are announced and their messages sent again: done. */
    public void announced(List<String> roomIds) {
        if (!roomIds.isEmpty()) {
            NativeQueries.withArrays(em, "DELETE FROM region_promotions WHERE room_id = ANY(?1::text[])", roomIds).executeUpdate();
        }
    }

    /**
     * A home change learnt from another region, applied unless this region knows the room under
     * that epoch or a later one already.
     *
     * @return whether it changed the room's home here
     */
    public boolean rehome(Rehoming rehoming) {
        return em.createNativeQuery("UPDATE chat_rooms SET home_region = ?2, home_epoch = ?3, home_since_seq = ?4 WHERE id = ?1 AND home_epoch < ?3")
                .setParameter(1, rehoming.roomId()).setParameter(2, rehoming.region()).setParameter(3, rehoming.epoch())
                .setParameter(4, rehoming.sinceSeq()).executeUpdate() > 0;
    }
}
