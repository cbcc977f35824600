package dev.chat.api.rest;

/** The other member of a direct room, as the room list names the room after them. */
public record RoomPeer(String userId, String username, String displayName) {
}
