package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * {@code POST /api/v1/rooms}: {@code type} is direct, group or channel; a direct room has exactly
 * one other member in {@code memberIds} and no name; group and channel need a name.
 */
public record CreateRoomRequest(
        @NotNull(message = "is required")
        @Pattern(regexp = "direct|group|channel", message = "must be direct, group or channel")
        String type,
        @Size(min = 1, max = 100, message = "must be 1 to 100 characters")
        String name,
        @Size(max = 500, message = "must list at most 500 members")
        List<String> memberIds) {
}
