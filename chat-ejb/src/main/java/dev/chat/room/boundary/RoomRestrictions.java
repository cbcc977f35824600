package dev.chat.room.boundary;

import dev.chat.api.MembershipChange;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.RoomMembershipChangedV1;
import dev.chat.api.rest.BanView;
import dev.chat.auth.boundary.Accounts;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.room.control.RestrictionStore;
import dev.chat.room.control.RoomPolicy;
import dev.chat.room.entity.ChatRoom;
import dev.chat.room.entity.RoomMember;
import dev.chat.room.entity.RoomRole;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a room's moderators may do to a member beyond removing them (docs/moderation.md): silence
 * them for a while (they read, but cannot post, edit or react: {@link RoomMembership#requireMayPost}),
 * or ban them (out of the room, and neither joining nor being added again until unbanned). The
 * caller is a room owner or admin ({@link RoomPolicy#mayRestrict}), or a global moderator: the
 * moderation feature says which ({@code asGlobalModerator}). Every change is announced like any
 * membership change: the user's sessions get {@code MEMBERSHIP SILENCED} (with {@code until}),
 * {@code UNSILENCED} or {@code REMOVED}.
 */
@Stateless
public class RoomRestrictions {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    RoomMembership membership;

    @Inject
    RestrictionStore bans;

    @Inject
    Accounts accounts;

    @Inject
    Event<RoomMembershipChangedV1> membershipChanges;

    public BanView ban(String actorId, boolean asGlobalModerator, String roomId, String userId, String reason) {
        ChatRoom room = existing(roomId);
        mayRestrict(actorId, asGlobalModerator, room, userId, roleOf(roomId, userId)); // the caller's rights first: nothing of the target before
        RoomMember target = em.find(RoomMember.class, new RoomMember.Key(roomId, userId), LockModeType.PESSIMISTIC_WRITE);
        accounts.active(userId);
        Instant now = DatabaseClock.now();
        bans.add(roomId, userId, actorId, now, reason == null || reason.isBlank() ? null : reason.strip());
        if (target != null) {
            em.remove(target);
            announce(roomId, userId, MembershipChange.REMOVED, actorId, null);
        }
        return bans.one(roomId, userId).orElseThrow();
    }

    /** @throws ChatException NOT_FOUND when the user is not banned */
    public void unban(String actorId, boolean asGlobalModerator, String roomId, String userId) {
        mayRestrict(actorId, asGlobalModerator, existing(roomId), userId, roleOf(roomId, userId));
        if (!bans.remove(roomId, userId)) {
            throw new ChatException(ErrorCode.NOT_FOUND, "user " + userId + " is not banned from room " + roomId);
        }
    }

    public List<BanView> bans(String actorId, boolean asGlobalModerator, String roomId) {
        ChatRoom room = existing(roomId);
        if (!asGlobalModerator) {
            RoomPolicy.mayRestrict(room.type(), membership.requireMember(roomId, actorId), null);
        }
        return bans.of(roomId);
    }

    /** @throws ChatException NOT_FOUND when the user is not a member */
    public Instant silence(String actorId, boolean asGlobalModerator, String roomId, String userId, Duration duration) {
        RoomRole target = roleOf(roomId, userId);
        mayRestrict(actorId, asGlobalModerator, existing(roomId), userId, target);
        if (target == null) {
            throw new ChatException(ErrorCode.NOT_FOUND, "user " + userId + " is not a member of room " + roomId);
        }
        Instant until = DatabaseClock.now().plus(duration);
        bans.silence(roomId, userId, until); // kept apart from the membership: leaving and joining again does not end it
        announce(roomId, userId, MembershipChange.SILENCED, actorId, until);
        return until;
    }

    /** @throws ChatException CONFLICT when the user is not silenced */
    public void unsilence(String actorId, boolean asGlobalModerator, String roomId, String userId) {
        mayRestrict(actorId, asGlobalModerator, existing(roomId), userId, roleOf(roomId, userId));
        if (!bans.unsilence(roomId, userId, DatabaseClock.now())) {
            throw new ChatException(ErrorCode.CONFLICT, "user " + userId + " is not silenced in room " + roomId);
        }
        announce(roomId, userId, MembershipChange.UNSILENCED, actorId, null);
    }

    /** @throws ChatException FORBIDDEN when the user is banned from the room (joining, being added) */
    public void requireNotBanned(String roomId, String userId) {
        if (bans.isBanned(roomId, userId)) {
            throw new ChatException(ErrorCode.FORBIDDEN, "user " + userId + " is banned from room " + roomId);
        }
    }

    private void mayRestrict(String actorId, boolean asGlobalModerator, ChatRoom room, String userId, RoomRole target) {
        if (actorId.equals(userId)) {
            throw new ChatException(ErrorCode.FORBIDDEN, "nobody bans or silences themselves");
        }
        RoomPolicy.mayRestrict(room.type(), asGlobalModerator ? null : membership.requireMember(room.id(), actorId), target);
    }

    /** The user's role in the room (the membership cache's), null when not a member. */
    private RoomRole roleOf(String roomId, String userId) {
        return membership.roleOf(roomId, userId).orElse(null);
    }

    private ChatRoom existing(String roomId) {
        ChatRoom room = em.find(ChatRoom.class, roomId);
        if (room == null) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no room " + roomId);
        }
        return room;
    }

    private void announce(String roomId, String userId, MembershipChange change, String changedBy, Instant until) {
        membershipChanges.fire(new RoomMembershipChangedV1(roomId, userId, change, null, changedBy, DatabaseClock.now(), until));
    }
}
