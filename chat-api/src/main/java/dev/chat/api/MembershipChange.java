package dev.chat.api;

/**
 * What happened to a user's membership of a room: the {@code change} of the {@code MEMBERSHIP}
 * frame and of the {@code chat.room.membership.changed.v1} event (by name on the wire).
 */
public enum MembershipChange {
    JOINED,
    LEFT,
    REMOVED,
    ROLE_CHANGED,
    /** Sent to each former member in turn. */
    ROOM_DELETED,
    /** A moderator silenced the member until {@code until}: they read the room but cannot post, edit or react there. */
    SILENCED,
    /** The member's silence was lifted before its time. */
    UNSILENCED;

    /** After this change the user's connections receive the room's messages. */
    public boolean startsDelivery() {
        return this == JOINED;
    }

    /** After this change the user's connections no longer receive the room's messages. */
    public boolean endsDelivery() {
        return this == LEFT || this == REMOVED || this == ROOM_DELETED;
    }
}
