package dev.chat.region.control;

import dev.chat.api.MembershipChange;
import dev.chat.api.event.ChatEvent;
import dev.chat.api.event.RoomMembershipChangedV1;
import dev.chat.api.event.UserBlockChangedV1;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.platform.persistence.SchemaMigration;
import jakarta.enterprise.event.Event;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The catalogue's changes between regions (docs/regions.md; the triggers and the function are in
 * the schema, {@code V19__catalogue_replication.sql}): this region's, written by the triggers into
 * {@code catalogue_changes} and sent from there in order, and other regions', applied here.
 */
@Stateless
public class CatalogueChanges {
    /** One node at a time sends the changes, in their order: a transaction-scoped advisory lock. */
    private static final String SENDER_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('chat.catalogue_changes'))";

    /** A changed row: which table, the row as JSON, whether it was deleted. */
    public record Change(long id, String table, String row, boolean deleted) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    SchemaMigration schema;

    @Inject
    Event<ChatEvent> announcements;

    /**
     * Turns the triggers on or off for this region's database (every node says the same at start).
     * On: the rooms without a home of their own (made while this region was alone) are homed here,
     * a change the other regions then receive like any other.
     */
    public void recordChanges(boolean mirrored, String region) {
        schema.ensureMigrated();
        em.createNativeQuery("INSERT INTO region_settings (id, mirrored) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET mirrored = EXCLUDED.mirrored")
                .setParameter(1, mirrored).executeUpdate();
        if (mirrored) {
            em.createNativeQuery("UPDATE chat_rooms SET home_region = ?1 WHERE home_region IS NULL").setParameter(1, region).executeUpdate();
        }
    }

    /**
     * Sends up to {@code max} of this region's changes, oldest first, with {@code send} (one future
     * each, completing when Kafka has it), and deletes them once all are sent, in one transaction:
     * a change not sent stays and goes again next time (the other regions apply it once more, which
     * changes nothing). Another node sending at the same time: nothing happens here.
     *
     * @return how many were sent
     */
    public int sendPending(int max, Function<Change, CompletableFuture<Void>> send, long timeoutMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        schema.ensureMigrated();
        if (!Boolean.TRUE.equals(em.createNativeQuery(SENDER_LOCK).getSingleResult())) {
            return 0;
        }
        List<?> rows = em.createNativeQuery("SELECT id, table_name, row_data::text, deleted FROM catalogue_changes ORDER BY id LIMIT ?1")
                .setParameter(1, max).getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> sent = new ArrayList<>(rows.size());
        List<Long> ids = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            Change change = new Change(((Number) columns[0]).longValue(), (String) columns[1], (String) columns[2], (Boolean) columns[3]);
            ids.add(change.id());
            sent.add(send.apply(change));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(timeoutMs, TimeUnit.MILLISECONDS);
        em.createNativeQuery("DELETE FROM catalogue_changes WHERE id = ANY(CAST(?1 AS bigint[]))")
                .setParameter(1, ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}")))
                .executeUpdate();
        return ids.size();
    }

    /**
     * Applies one change of another region, in a transaction of its own that the triggers leave
     * alone. A change of a membership, a room's deletion, a silence or a block is also what this
     * region's nodes announce for a local one, after the commit: their caches drop what changed and
     * the sessions concerned get {@code MEMBERSHIP} (a membership that ended elsewhere reads as
     * {@code LEFT}: the row does not say who ended it).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void apply(String table, String row, boolean deleted) {
        schema.ensureMigrated();
        em.createNativeQuery("SELECT set_config('chat.replicating', 'on', true)").getSingleResult();
        List<ChatEvent> announced = announcementsOf(table, row, deleted);
        em.createNativeQuery("SELECT apply_catalogue_change(?1, CAST(?2 AS jsonb), ?3)")
                .setParameter(1, table).setParameter(2, row).setParameter(3, deleted).getResultList();
        announced.forEach(announcements::fire); // observed after the commit, as a local change's
    }

    /** What applying the change does that a local change of it would announce, read before it is applied. */
    private List<ChatEvent> announcementsOf(String table, String row, boolean deleted) {
        return switch (table) {
            case "chat_rooms", "chat_room_members" -> List.copyOf(membershipChangesOf(table, row, deleted));
            case "room_silences" -> {
                JsonObject silence = parsed(row);
                yield List.of(new RoomMembershipChangedV1(silence.getString("room_id"), silence.getString("user_id"),
                        deleted ? MembershipChange.UNSILENCED : MembershipChange.SILENCED, null, null, DatabaseClock.now(),
                        deleted ? null : OffsetDateTime.parse(silence.getString("until")).toInstant()));
            }
            case "user_blocks" -> {
                JsonObject block = parsed(row);
                yield List.of(new UserBlockChangedV1(block.getString("blocker_id"), block.getString("blocked_id"), !deleted, DatabaseClock.now()));
            }
            default -> List.of();
        };
    }

    private static JsonObject parsed(String row) {
        try (var reader = Json.createReader(new StringReader(row))) {
            return reader.readObject();
        }
    }

    /** What applying the change does to memberships here, read before it is applied. */
    private List<RoomMembershipChangedV1> membershipChangesOf(String table, String row, boolean deleted) {
        if (table.equals("chat_rooms") && deleted) {
            List<?> members = em.createNativeQuery("SELECT user_id FROM chat_room_members WHERE room_id = CAST(?1 AS jsonb) ->> 'id'")
                    .setParameter(1, row).getResultList();
            Instant now = DatabaseClock.now();
            String roomId = parsed(row).getString("id");
            return members.stream().map(userId -> new RoomMembershipChangedV1(roomId, (String) userId,
                    MembershipChange.ROOM_DELETED, null, null, now)).toList();
        }
        if (!table.equals("chat_room_members")) {
            return List.of();
        }
        Object[] member = (Object[]) em.createNativeQuery("""
                        SELECT r.room_id, r.user_id, r.role, m.role FROM jsonb_populate_record(NULL::chat_room_members, CAST(?1 AS jsonb)) r
                        LEFT JOIN chat_room_members m ON m.room_id = r.room_id AND m.user_id = r.user_id""")
                .setParameter(1, row).getSingleResult();
        String roomId = (String) member[0];
        String userId = (String) member[1];
        String role = (String) member[2];
        String before = (String) member[3];
        MembershipChange change = deleted ? (before == null ? null : MembershipChange.LEFT)
                : before == null ? MembershipChange.JOINED : before.equals(role) ? null : MembershipChange.ROLE_CHANGED;
        return change == null ? List.of()
                : List.of(new RoomMembershipChangedV1(roomId, userId, change, deleted ? null : role, null, DatabaseClock.now()));
    }

}
