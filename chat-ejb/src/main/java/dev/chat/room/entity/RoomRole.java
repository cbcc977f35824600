package dev.chat.room.entity;

import java.util.Locale;

/** A member's role: owners manage everything, admins manage members, members chat. */
public enum RoomRole {
    OWNER, ADMIN, MEMBER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RoomRole ofWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean atLeast(RoomRole other) {
        return ordinal() <= other.ordinal();
    }
}
