package dev.chat.room.boundary;

import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.api.MembershipChange;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.RoomMembershipChangedV1;
import dev.chat.api.rest.AddMemberRequest;
import dev.chat.api.rest.ChannelView;
import dev.chat.api.rest.CreateRoomRequest;
import dev.chat.api.rest.MemberView;
import dev.chat.api.rest.RoomView;
import dev.chat.auth.boundary.Accounts;
import dev.chat.auth.entity.UserAccount;
import dev.chat.block.boundary.Blocks;
import dev.chat.room.control.ChannelDirectory;
import dev.chat.room.control.RoomInbox;
import dev.chat.room.control.RoomPolicy;
import dev.chat.room.entity.ChatRoom;
import dev.chat.room.entity.RoomMember;
import dev.chat.room.entity.RoomRole;
import dev.chat.room.entity.RoomType;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Rooms and their members, as the REST API offers them. Every call names its caller; rules are
 * {@link RoomPolicy}'s, membership checks go through {@link RoomMembership}, and every change of
 * membership is fired as an event that is announced after commit ({@link MembershipEvents}).
 */
@Stateless
public class Rooms {
    /** The outcome of creating a room: a direct room that already existed is returned, not created. */
    public record Created(RoomView room, boolean isNew) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    RoomMembership membership;

    @Inject
    RoomInbox inbox;

    @Inject
    Blocks blocks;

    @Inject
    ChannelDirectory channels;

    @Inject
    RoomRestrictions restrictions;

    @Inject
    Event<RoomMembershipChangedV1> membershipChanges;

    /** A new room's home: the region it is created in sequences its messages (docs/regions.md). */
    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    /** Without regions a room has no home of its own (null: the region that holds it), so that renaming a lone region moves nothing. */
    @Inject
    @ConfigProperty(name = "chat.region.mirrored") // default in microprofile-config.properties (read by three beans and a channel)
    boolean mirrored;

    public Created create(String callerId, CreateRoomRequest request) {
        RoomType type = RoomType.ofWireName(request.type());
        Set<String> others = new LinkedHashSet<>(request.memberIds() == null ? List.of() : request.memberIds());
        others.remove(callerId);
        others.removeIf(Objects::isNull);
        return type == RoomType.DIRECT ? createDirect(callerId, others) : createNamed(callerId, type, request.name(), others);
    }

    private Created createDirect(String callerId, Set<String> others) {
        if (others.size() != 1) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "a direct room needs exactly one other member in memberIds");
        }
        String otherId = others.iterator().next();
        accounts.active(otherId);
        String key = callerId.compareTo(otherId) < 0 ? callerId + ":" + otherId : otherId + ":" + callerId;
        var existing = em.createNamedQuery(ChatRoom.DIRECT_BY_KEY, ChatRoom.class).setParameter("key", key)
                .getResultStream().findFirst();
        if (existing.isPresent()) {
            return new Created(view(existing.get(), callerId), false);
        }
        blocks.requireNoBlockBetween(callerId, otherId);
        ChatRoom room = new ChatRoom(UUID.randomUUID().toString(), RoomType.DIRECT, null, callerId, DatabaseClock.now(), key, homeOfNewRooms());
        em.persist(room);
        join(room, callerId, RoomRole.OWNER, callerId);
        join(room, otherId, RoomRole.OWNER, callerId);
        return new Created(view(room, callerId), true);
    }

    private Created createNamed(String callerId, RoomType type, String name, Set<String> others) {
        if (name == null || name.isBlank()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "a " + type.wireName() + " needs a name");
        }
        others.forEach(accounts::active);
        ChatRoom room = new ChatRoom(UUID.randomUUID().toString(), type, name.strip(), callerId, DatabaseClock.now(), null, homeOfNewRooms());
        em.persist(room);
        join(room, callerId, RoomRole.OWNER, callerId);
        others.forEach(userId -> join(room, userId, RoomRole.MEMBER, callerId));
        return new Created(view(room, callerId), true);
    }

    private String homeOfNewRooms() {
        return mirrored ? region : null;
    }

    /** The caller's rooms, most recently active first, with unread counts and last messages. */
    public List<RoomView> roomsOf(String callerId) {
        return inbox.roomsOf(callerId);
    }

    public RoomView get(String callerId, String roomId) {
        ChatRoom room = existing(roomId);
        membership.requireMember(roomId, callerId);
        return view(room, callerId);
    }

    public RoomView rename(String callerId, String roomId, String name) {
        ChatRoom room = existing(roomId);
        RoomPolicy.mayRename(room.type(), membership.requireMember(roomId, callerId));
        room.rename(name.strip());
        return view(room, callerId);
    }

    public void delete(String callerId, String roomId) {
        ChatRoom room = existing(roomId);
        RoomPolicy.mayDelete(membership.requireMember(roomId, callerId));
        for (RoomMember member : membersOf(roomId)) {
            announce(roomId, member.userId(), MembershipChange.ROOM_DELETED, null, callerId);
        }
        em.remove(room);
    }

    public List<MemberView> members(String callerId, String roomId) {
        existing(roomId);
        membership.requireMember(roomId, callerId);
        return membersOf(roomId).stream().map(this::view).toList();
    }

    public MemberView addOrChangeRole(String callerId, String roomId, AddMemberRequest request) {
        ChatRoom room = existing(roomId);
        RoomRole actor = membership.requireMember(roomId, callerId);
        RoomRole role = request.role() == null ? RoomRole.MEMBER : RoomRole.ofWireName(request.role());
        RoomMember current = em.find(RoomMember.class, new RoomMember.Key(roomId, request.userId()));
        RoomPolicy.mayGrant(room.type(), actor, role, current == null ? null : current.role());
        if (current == null) {
            accounts.active(request.userId());
            restrictions.requireNotBanned(roomId, request.userId());
            return view(join(room, request.userId(), role, callerId));
        }
        if (current.role() != role) {
            if (current.role() == RoomRole.OWNER) {
                requireAnotherOwner(roomId, request.userId());
            }
            current.changeRole(role);
            announce(roomId, current.userId(), MembershipChange.ROLE_CHANGED, role.wireName(), callerId);
        }
        return view(current);
    }

    /** The channel directory: channels any user may join, {@code nameContains} (blank: all), at most {@code limit}. */
    public List<ChannelView> channels(String callerId, String nameContains, int limit) {
        return channels.channels(callerId, nameContains, limit);
    }

    /** The caller joins a channel as a member (nothing changes if they are one already). */
    public RoomView join(String callerId, String roomId) {
        ChatRoom room = existing(roomId);
        RoomPolicy.mayJoin(room.type());
        if (em.find(RoomMember.class, new RoomMember.Key(roomId, callerId)) == null) {
            restrictions.requireNotBanned(roomId, callerId);
            join(room, callerId, RoomRole.MEMBER, callerId);
        }
        return view(room, callerId);
    }

    public void remove(String callerId, String roomId, String userId) {
        ChatRoom room = existing(roomId);
        RoomRole actor = membership.requireMember(roomId, callerId);
        RoomMember target = em.find(RoomMember.class, new RoomMember.Key(roomId, userId));
        if (target == null) {
            throw new ChatException(ErrorCode.NOT_FOUND, "user " + userId + " is not a member of room " + roomId);
        }
        List<RoomMember> all = membersOf(roomId);
        if (callerId.equals(userId)) {
            long owners = all.stream().filter(m -> m.role() == RoomRole.OWNER).count();
            RoomPolicy.mayLeave(room.type(), actor, owners, all.size());
            if (all.size() == 1) {
                delete(callerId, roomId); // the last member leaves: nothing is left to keep
                return;
            }
            em.remove(target);
            announce(roomId, userId, MembershipChange.LEFT, null, callerId);
        } else {
            RoomPolicy.mayRemove(room.type(), actor, target.role());
            em.remove(target);
            announce(roomId, userId, MembershipChange.REMOVED, null, callerId);
        }
    }

    /**
     * Takes an erased account out of every room it is in, whatever the room's rules for leaving
     * (docs/privacy.md): a room it was the last member of is deleted; a room it was the only owner
     * of passes to the member who joined first; the others get {@code MEMBERSHIP LEFT}.
     */
    public void leaveEverywhere(String userId) {
        for (RoomMember membership : em.createNamedQuery(RoomMember.OF_USER, RoomMember.class).setParameter("userId", userId).getResultList()) {
            String roomId = membership.roomId();
            List<RoomMember> others = membersOf(roomId).stream().filter(m -> !m.userId().equals(userId)).toList();
            if (others.isEmpty()) {
                announce(roomId, userId, MembershipChange.ROOM_DELETED, null, userId);
                em.remove(existing(roomId));
                continue;
            }
            if (membership.role() == RoomRole.OWNER && others.stream().noneMatch(m -> m.role() == RoomRole.OWNER)) {
                RoomMember heir = others.get(0); // in order of joining
                heir.changeRole(RoomRole.OWNER);
                announce(roomId, heir.userId(), MembershipChange.ROLE_CHANGED, RoomRole.OWNER.wireName(), userId);
            }
            em.remove(membership);
            announce(roomId, userId, MembershipChange.LEFT, null, userId);
        }
    }

    private void requireAnotherOwner(String roomId, String userId) {
        boolean another = membersOf(roomId).stream().anyMatch(m -> m.role() == RoomRole.OWNER && !m.userId().equals(userId));
        if (!another) {
            throw new ChatException(ErrorCode.CONFLICT, "a room needs an owner: make another member owner first");
        }
    }

    private RoomMember join(ChatRoom room, String userId, RoomRole role, String changedBy) {
        RoomMember member = new RoomMember(room.id(), userId, role, DatabaseClock.now());
        em.persist(member);
        announce(room.id(), userId, MembershipChange.JOINED, role.wireName(), changedBy);
        return member;
    }

    private void announce(String roomId, String userId, MembershipChange change, String role, String changedBy) {
        membershipChanges.fire(new RoomMembershipChangedV1(roomId, userId, change, role, changedBy, DatabaseClock.now()));
    }

    private ChatRoom existing(String roomId) {
        ChatRoom room = em.find(ChatRoom.class, roomId);
        if (room == null) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no room " + roomId);
        }
        return room;
    }

    private List<RoomMember> membersOf(String roomId) {
        return em.createNamedQuery(RoomMember.OF_ROOM, RoomMember.class).setParameter("roomId", roomId).getResultList();
    }

    private RoomView view(ChatRoom room, String callerId) {
        return inbox.room(callerId, room.id()).stream().findFirst()
                .orElseThrow(() -> new ChatException(ErrorCode.NOT_A_MEMBER, "not a member of room " + room.id()));
    }

    private MemberView view(RoomMember member) {
        UserAccount user = em.find(UserAccount.class, member.userId());
        return new MemberView(member.userId(), user.username(), user.displayName(), member.role().wireName(), member.joinedAt(),
                member.lastReadSeq(), membership.silencedUntil(member.roomId(), member.userId()));
    }
}
