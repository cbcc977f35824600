package dev.chat.api.rest;

import java.time.Instant;

/**
 * A room as its members see it, with the caller's place in it: {@code myRole}, how far they have
 * read ({@code lastReadSeq}), how many messages came after that ({@code unreadCount}, not counting
 * those of users the caller blocked), the room's
 * {@code lastMessage} (absent in a room without messages) and {@code lastActivityAt} (its last
 * message, or its creation), by which the room list is sorted, most recent first. A direct room has no
 * name: {@code peer} is the other member, after whom clients name it (absent for other rooms).
 */
public record RoomView(String id, String type, String name, Instant createdAt, String createdBy, int memberCount, String myRole,
                       long lastSeq, long lastReadSeq, long unreadCount, MessagePreview lastMessage, Instant lastActivityAt,
                       RoomPeer peer) {
}
