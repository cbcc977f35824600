package dev.chat.api.rest;

import jakarta.validation.constraints.Size;

/** {@code PATCH /api/v1/users/me}: absent fields stay as they are. */
public record UpdateUserRequest(@Size(max = 64, message = "must be at most 64 characters") String displayName) {
}
