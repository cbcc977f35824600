/** Rooms and memberships (tables {@code chat_rooms}, {@code chat_room_members}). */
package dev.chat.room.entity;
