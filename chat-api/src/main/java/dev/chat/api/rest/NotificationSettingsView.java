package dev.chat.api.rest;

import java.time.Instant;

/**
 * {@code GET|PUT /api/v1/rooms/{roomId}/notifications}: when the caller is notified about the
 * room while not connected. {@code notifications}: {@code all} (every message), {@code mentions}
 * (only messages that name them as {@code @username}) or {@code none}; {@code roomDefault} says
 * whether that is the room's default (all for direct and group rooms, mentions for channels) or
 * their own choice. {@code mutedUntil}: no notification at all before then (absent: not muted).
 */
public record NotificationSettingsView(String roomId, String notifications, boolean roomDefault, Instant mutedUntil) {
}
