package dev.chat.room.entity;

import java.util.Locale;

/** direct: exactly two members, one room per pair. group: invited members. channel: listed in a directory, any user may join; admins manage. */
public enum RoomType {
    DIRECT, GROUP, CHANNEL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RoomType ofWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
