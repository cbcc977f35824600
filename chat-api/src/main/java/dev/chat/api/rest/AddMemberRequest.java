package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /api/v1/rooms/{roomId}/members}: add a user (default role member), or change the
 * role of one who is already a member, e.g. to hand over ownership.
 */
public record AddMemberRequest(@NotNull(message = "is required") String userId,
                               @Pattern(regexp = "owner|admin|member", message = "must be owner, admin or member") String role) {
}
