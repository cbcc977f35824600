package dev.chat.room.control;

import dev.chat.platform.persistence.NativeQueries;
import dev.chat.room.entity.RoomMember;
import dev.chat.room.entity.RoomRole;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads memberships from the database (the cache in front of it is {@code RoomMembership}). */
@Stateless
public class RoomMembers {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @jakarta.inject.Inject
    RestrictionStore restrictions;

    /** A room's members: their roles, and until when those silenced may not post (none if the room does not exist). */
    public record Members(Map<String, RoomRole> roles, Map<String, Instant> silencedUntil) {
    }

    public Members of(String roomId) {
        List<RoomMember> members = em.createNamedQuery(RoomMember.OF_ROOM, RoomMember.class).setParameter("roomId", roomId).getResultList();
        Map<String, RoomRole> roles = members.stream().collect(Collectors.toUnmodifiableMap(RoomMember::userId, RoomMember::role));
        return new Members(roles, roles.isEmpty() ? Map.of() : restrictions.silencesIn(roomId));
    }

    public List<String> roomsOf(String userId) {
        return em.createNamedQuery(RoomMember.OF_USER, RoomMember.class).setParameter("userId", userId)
                .getResultStream().map(RoomMember::roomId).toList();
    }

    /** Those of {@code userIds} who share at least one room with {@code userId}. */
    public Set<String> sharingARoomWith(String userId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        List<?> rows = NativeQueries.withList(em, "SELECT DISTINCT other.user_id FROM chat_room_members mine"
                + " JOIN chat_room_members other ON other.room_id = mine.room_id"
                + " WHERE mine.user_id = ?1 AND other.user_id IN (" + NativeQueries.LIST + ")", List.copyOf(userIds), userId)
                .getResultList();
        return rows.stream().map(String.class::cast).collect(Collectors.toUnmodifiableSet());
    }
}
