package dev.chat.api.event;

import dev.chat.api.MembershipChange;

import java.time.Instant;

/**
 * {@code chat.room.membership.changed.v1}: a user joined, left or was removed from a room, changed
 * role, or the room was deleted (then {@code userId} is each former member in turn). Every node
 * consumes these to invalidate its membership cache and to start or stop delivering the room to
 * the user's sessions. Record key = roomId.
 */
public record RoomMembershipChangedV1(String roomId, String userId, MembershipChange change, String role,
                                      String changedBy, Instant changedAt, Instant until) implements ChatEvent {

    /** Any change but a silence. */
    public RoomMembershipChangedV1(String roomId, String userId, MembershipChange change, String role, String changedBy, Instant changedAt) {
        this(roomId, userId, change, role, changedBy, changedAt, null);
    }
}
