package dev.chat.room.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.platform.cache.AnnouncedCache;
import dev.chat.room.control.RoomMembers;
import dev.chat.room.entity.RoomRole;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The membership check in front of every room-scoped action, cached per room (roles, and who is
 * silenced until when). Every change is
 * announced on Kafka ({@code chat.room.membership.changed.v1}) and each node invalidates its entry
 * ({@link #invalidate}); the node that made the change does so right after its commit
 * ({@link AnnouncedCache}).
 */
@ApplicationScoped
public class RoomMembership {

    @Inject
    RoomMembers members;

    @Inject
    @ConfigProperty(name = "chat.membership.cache-ttl-ms", defaultValue = "60000")
    long ttlMillis;

    @Inject
    @ConfigProperty(name = "chat.membership.cache-max-rooms", defaultValue = "50000")
    int maxRooms;

    private AnnouncedCache<String, RoomMembers.Members> cache;

    @PostConstruct
    void create() {
        cache = new AnnouncedCache<>(ttlMillis, maxRooms);
    }

    public Optional<RoomRole> roleOf(String roomId, String userId) {
        return Optional.ofNullable(rolesIn(roomId).get(userId));
    }

    /** @throws ChatException NOT_A_MEMBER unless the user is a member of the room */
    public RoomRole requireMember(String roomId, String userId) {
        return roleIn(cache.get(roomId, members::of), roomId, userId);
    }

    /**
     * For posting (send, edit, react): a member not silenced in the room (docs/moderation.md).
     *
     * @throws ChatException NOT_A_MEMBER, or FORBIDDEN while silenced (with {@code retryAfterMs}: when it ends)
     */
    public RoomRole requireMayPost(String roomId, String userId) {
        RoomMembers.Members members = cache.get(roomId, this.members::of); // one look-up on the send path
        RoomRole role = roleIn(members, roomId, userId);
        Instant until = stillSilenced(members.silencedUntil().get(userId));
        if (until != null) {
            throw new ChatException(ErrorCode.FORBIDDEN, "silenced in room " + roomId + " until " + until,
                    Duration.between(Instant.now(), until).toMillis());
        }
        return role;
    }

    /** Whether the user may not post in the room now. */
    public boolean isSilenced(String roomId, String userId) {
        return silencedUntil(roomId, userId) != null;
    }

    /** When the user's silence in the room ends; null when they are not silenced now. */
    public Instant silencedUntil(String roomId, String userId) {
        return stillSilenced(cache.get(roomId, members::of).silencedUntil().get(userId));
    }

    private static RoomRole roleIn(RoomMembers.Members members, String roomId, String userId) {
        RoomRole role = members.roles().get(userId);
        if (role == null) {
            throw new ChatException(ErrorCode.NOT_A_MEMBER, "not a member of room " + roomId);
        }
        return role;
    }

    private static Instant stillSilenced(Instant until) {
        return until != null && until.isAfter(Instant.now()) ? until : null;
    }

    public Map<String, RoomRole> rolesIn(String roomId) {
        return cache.get(roomId, members::of).roles();
    }

    public List<String> roomsOf(String userId) {
        return members.roomsOf(userId);
    }

    public void invalidate(String roomId) {
        cache.invalidate(roomId);
    }
}
