package dev.chat.room.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.room.entity.RoomRole;
import dev.chat.room.entity.RoomType;

/**
 * Who may do what in a room. Owners manage everything; admins rename and manage plain members;
 * members chat and may leave. Direct rooms are fixed pairs: nobody renames them or changes their
 * members. Every method throws {@code FORBIDDEN} (or {@code CONFLICT}) with the reason.
 */
public final class RoomPolicy {
    private RoomPolicy() {
    }

    public static void mayRename(RoomType type, RoomRole actor) {
        forbidIf(type == RoomType.DIRECT, "a direct room has no name to change");
        forbidIf(!actor.atLeast(RoomRole.ADMIN), "only owners and admins rename a room");
    }

    public static void mayDelete(RoomRole actor) {
        forbidIf(actor != RoomRole.OWNER, "only owners delete a room");
    }

    /** Adding a user with {@code role}, or giving an existing member {@code role}. */
    public static void mayGrant(RoomType type, RoomRole actor, RoomRole role, RoomRole currentRole) {
        forbidIf(type == RoomType.DIRECT, "a direct room has exactly its two members");
        if (currentRole == null) {
            forbidIf(!actor.atLeast(RoomRole.ADMIN), "only owners and admins add members");
            forbidIf(role != RoomRole.MEMBER && actor != RoomRole.OWNER, "only owners add admins or owners");
        } else {
            forbidIf(actor != RoomRole.OWNER, "only owners change roles");
        }
    }

    /**
     * Removing {@code target} (another member) from the room.
     */
    public static void mayRemove(RoomType type, RoomRole actor, RoomRole target) {
        forbidIf(type == RoomType.DIRECT, "a direct room has exactly its two members");
        forbidIf(!actor.atLeast(RoomRole.ADMIN), "only owners and admins remove members");
        forbidIf(actor == RoomRole.ADMIN && target != RoomRole.MEMBER, "admins remove plain members only");
    }

    /**
     * A member leaving. The last owner of a room that still has other members must hand
     * ownership over first, or the room would have nobody to manage it.
     */
    public static void mayLeave(RoomType type, RoomRole leaver, long owners, long members) {
        forbidIf(type == RoomType.DIRECT, "a direct room cannot be left; delete it instead");
        if (leaver == RoomRole.OWNER && owners == 1 && members > 1) {
            throw new ChatException(ErrorCode.CONFLICT, "the last owner cannot leave: make another member owner first");
        }
    }

    /** Joining without an invitation: channels are open to every user, groups and direct rooms are not. */
    public static void mayJoin(RoomType type) {
        forbidIf(type != RoomType.CHANNEL, "only channels are open to join; ask a member of this " + type.wireName() + " to add you");
    }

    /** Deleting a message: its author always may; owners and admins moderate their room. */
    public static void mayDeleteMessage(RoomRole actor, boolean isAuthor) {
        forbidIf(!isAuthor && !actor.atLeast(RoomRole.ADMIN), "only the author or a room owner or admin deletes a message");
    }

    /**
     * Banning or silencing {@code target} (null: not a member, or any member, e.g. to list bans):
     * owners and admins (admins: plain members only); {@code actor} null is a global moderator.
     * Not in a direct room (block the user instead), and never an owner (make them a member first).
     */
    public static void mayRestrict(RoomType type, RoomRole actor, RoomRole target) {
        forbidIf(type == RoomType.DIRECT, "a direct room has exactly its two members: block the user instead");
        forbidIf(actor != null && !actor.atLeast(RoomRole.ADMIN), "only the room's owners and admins, and global moderators, ban or silence");
        forbidIf(actor == RoomRole.ADMIN && target != null && target != RoomRole.MEMBER, "admins ban and silence plain members only");
        forbidIf(target == RoomRole.OWNER, "an owner cannot be banned or silenced: make them a member first");
    }

    /** Reviewing the flags of a room's messages (docs/moderation.md): its owners and admins (global moderators are checked apart). */
    public static void mayReviewFlags(RoomRole actor) {
        forbidIf(actor == null || !actor.atLeast(RoomRole.ADMIN), "only the room's owners and admins, and global moderators, review its flags");
    }

    private static void forbidIf(boolean condition, String reason) {
        if (condition) {
            throw new ChatException(ErrorCode.FORBIDDEN, reason);
        }
    }
}
