package dev.chat.api.rest;

import java.time.Instant;

/** A room as its members see it; {@code myRole} is the caller's role in it. */
public record RoomView(String id, String type, String name, Instant createdAt, String createdBy, int memberCount, String myRole) {
}
