/** Entry points of rooms: the room façade, the membership check with its cache, membership announcements. */
package dev.chat.room.boundary;
