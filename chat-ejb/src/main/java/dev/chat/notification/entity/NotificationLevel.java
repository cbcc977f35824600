package dev.chat.notification.entity;

import java.util.Locale;

/**
 * When a member who is not connected hears about a room's messages: every message, only those that
 * mention them, or none. Without a choice of their own, direct and group rooms notify of every
 * message and channels (many members, most messages not for them) of mentions only.
 */
public enum NotificationLevel {
    ALL, MENTIONS, NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but all, mentions or none */
    public static NotificationLevel ofWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The level of a member without a choice of their own, by the room's type (direct, group, channel). */
    public static NotificationLevel defaultFor(String roomType) {
        return "channel".equals(roomType) ? MENTIONS : ALL;
    }

    public boolean allows(boolean mentioned) {
        return this == ALL || this == MENTIONS && mentioned;
    }
}
