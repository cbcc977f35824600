package dev.chat.room.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.room.control.RoomMembers;
import dev.chat.room.entity.RoomRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The membership check in front of every room-scoped action, cached per room. Every change is
 * announced on Kafka ({@code chat.room.membership.changed.v1}) and each node invalidates its entry
 * ({@link #invalidate}); the node that made the change does so right after its commit. A short
 * time-to-live bounds how long a missed invalidation could last. An invalidation racing with a
 * load wins: a load is cached only if no invalidation (of any room) happened while it ran, which
 * costs a rare extra query and keeps no state per room beyond the cache itself.
 */
@ApplicationScoped
public class RoomMembership {
    private record Entry(Map<String, RoomRole> roles, long loadedAtMillis) {
    }

    @Inject
    RoomMembers members;

    @Inject
    @ConfigProperty(name = "chat.membership.cache-ttl-ms", defaultValue = "60000")
    long ttlMillis;

    @Inject
    @ConfigProperty(name = "chat.membership.cache-max-rooms", defaultValue = "50000")
    int maxRooms;

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();

    public Optional<RoomRole> roleOf(String roomId, String userId) {
        return Optional.ofNullable(rolesIn(roomId).get(userId));
    }

    /** @throws ChatException NOT_A_MEMBER unless the user is a member of the room */
    public RoomRole requireMember(String roomId, String userId) {
        return roleOf(roomId, userId)
                .orElseThrow(() -> new ChatException(ErrorCode.NOT_A_MEMBER, "not a member of room " + roomId));
    }

    public Map<String, RoomRole> rolesIn(String roomId) {
        Entry entry = cache.get(roomId);
        if (entry != null && System.currentTimeMillis() - entry.loadedAtMillis() < ttlMillis) {
            return entry.roles();
        }
        long invalidationsBefore = invalidations.get();
        Map<String, RoomRole> roles = members.rolesIn(roomId);
        if (cache.size() >= maxRooms) {
            cache.clear(); // crude but bounded; a miss costs one indexed query
        }
        if (invalidations.get() == invalidationsBefore) {
            cache.put(roomId, new Entry(roles, System.currentTimeMillis()));
        }
        return roles;
    }

    public List<String> roomsOf(String userId) {
        return members.roomsOf(userId);
    }

    public void invalidate(String roomId) {
        invalidations.incrementAndGet();
        cache.remove(roomId);
    }
}
