/** Rooms (direct, group, channel), their members and roles, and the membership checks every room-scoped action makes. */
package dev.chat.room;
