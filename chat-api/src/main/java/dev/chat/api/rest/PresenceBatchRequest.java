package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code POST /api/v1/presence/batch}: up to 200 user ids; users who share no room with the caller are left out of the answer. */
public record PresenceBatchRequest(@NotNull(message = "userIds is required") @Size(max = 200, message = "at most 200 userIds") List<String> userIds) {
}
