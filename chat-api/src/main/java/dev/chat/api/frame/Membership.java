package dev.chat.api.frame;

import dev.chat.api.MembershipChange;

/**
 * {@code MEMBERSHIP}: the user's membership of a room changed. After a change that
 * {@linkplain MembershipChange#startsDelivery() starts delivery} the connection receives the
 * room's messages; after one that {@linkplain MembershipChange#endsDelivery() ends it} it no longer does.
 */
public record Membership(String roomId, String userId, MembershipChange change, String role) implements ServerFrame {
}
