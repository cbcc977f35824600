package dev.chat.api.frame;

/**
 * {@code MEMBERSHIP}: the user's membership of a room changed ({@code change} JOINED, LEFT,
 * REMOVED, ROLE_CHANGED, ROOM_DELETED). After JOINED the connection receives the room's
 * messages; after LEFT, REMOVED or ROOM_DELETED it no longer does.
 */
public record Membership(String roomId, String userId, String change, String role) implements ServerFrame {
}
