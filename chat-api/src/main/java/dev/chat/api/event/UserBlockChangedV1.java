package dev.chat.api.event;

import java.time.Instant;

/**
 * {@code chat.user.block.changed.v1}: {@code blockerId} blocked ({@code blocked = true}) or
 * unblocked {@code blockedId}. On topic {@code chat.rooms} beside the membership changes, because
 * it changes what a member of a room receives: every node drops what it cached of the blocked
 * user's blockers. Record key = blockerId.
 */
public record UserBlockChangedV1(String blockerId, String blockedId, boolean blocked, Instant changedAt) implements ChatEvent {
}
