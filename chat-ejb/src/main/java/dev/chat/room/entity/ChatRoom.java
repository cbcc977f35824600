package dev.chat.room.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A room (table {@code chat_rooms}). */
@Entity
@Table(name = "chat_rooms")
@NamedQuery(name = ChatRoom.DIRECT_BY_KEY, query = "SELECT r FROM ChatRoom r WHERE r.directKey = :key")
public class ChatRoom {
    public static final String DIRECT_BY_KEY = "ChatRoom.directByKey";

    @Id
    private String id;
    @Column(name = "name")
    private String name;
    @Column(name = "type", nullable = false, updatable = false)
    @Convert(converter = RoomTypeConverter.class)
    private RoomType type;
    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "direct_key", updatable = false)
    private String directKey;
    /** The region that sequences the room's messages (docs/regions.md); null: the region that holds the row. */
    @Column(name = "home_region")
    private String homeRegion;

    protected ChatRoom() {
        // for JPA
    }

    public ChatRoom(String id, RoomType type, String name, String createdBy, Instant createdAt, String directKey, String homeRegion) {
        this.id = id;
        this.homeRegion = homeRegion;
        this.type = type;
        this.name = name;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.directKey = directKey;
    }

    public String id() { return id; }
    public String name() { return name; }
    public RoomType type() { return type; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }

    public void rename(String name) {
        this.name = name;
    }
}
