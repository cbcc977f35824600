package dev.chat.api.frame;

import dev.chat.api.MembershipChange;

import java.time.Instant;

/**
 * {@code MEMBERSHIP}: the user's membership of a room changed. After a change that
 * {@linkplain MembershipChange#startsDelivery() starts delivery} the connection receives the
 * room's messages; after one that {@linkplain MembershipChange#endsDelivery() ends it} it no longer does.
 * {@code until}: for {@code SILENCED}, when the user may post in the room again.
 */
public record Membership(String roomId, String userId, MembershipChange change, String role, Instant until) implements ServerFrame {

    /** Any change but a silence. */
    public Membership(String roomId, String userId, MembershipChange change, String role) {
        this(roomId, userId, change, role, null);
    }
}
