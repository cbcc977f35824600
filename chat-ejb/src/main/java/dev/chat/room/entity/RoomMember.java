package dev.chat.room.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A user's membership of a room, with role (table {@code chat_room_members}). */
@Entity
@Table(name = "chat_room_members")
@IdClass(RoomMember.Key.class)
@NamedQuery(name = RoomMember.OF_ROOM, query = "SELECT m FROM RoomMember m WHERE m.roomId = :roomId ORDER BY m.joinedAt")
@NamedQuery(name = RoomMember.OF_USER, query = "SELECT m FROM RoomMember m WHERE m.userId = :userId")
public class RoomMember {
    public static final String OF_ROOM = "RoomMember.ofRoom";
    public static final String OF_USER = "RoomMember.ofUser";

    @Id
    @Column(name = "room_id")
    private String roomId;
    @Id
    @Column(name = "user_id")
    private String userId;
    @Column(name = "role", nullable = false)
    @Convert(converter = RoomRoleConverter.class)
    private RoomRole role;
    @Column(name = "joined_at", nullable = false, updatable = false)
    private Instant joinedAt;
    @Column(name = "last_read_seq", nullable = false)
    private long lastReadSeq;

    protected RoomMember() {
        // for JPA
    }

    public RoomMember(String roomId, String userId, RoomRole role, Instant joinedAt) {
        this.roomId = roomId;
        this.userId = userId;
        this.role = role;
        this.joinedAt = joinedAt;
    }

    public String roomId() { return roomId; }
    public String userId() { return userId; }
    public RoomRole role() { return role; }
    public Instant joinedAt() { return joinedAt; }
    public long lastReadSeq() { return lastReadSeq; }


    public void changeRole(RoomRole role) {
        this.role = role;
    }

    /** Composite key (room_id, user_id). */
    public static class Key implements Serializable {
        private String roomId;
        private String userId;

        public Key() {
        }

        public Key(String roomId, String userId) {
            this.roomId = roomId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key key && Objects.equals(roomId, key.roomId) && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, userId);
        }
    }
}
