package dev.chat.message.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A stored message: its place in the room ({@code seq}) is fixed once stored. Its author may
 * edit its content; once deleted it stays as a tombstone without content, keeping its seq. With
 * encryption at rest the content is {@code contentSealed} (sealed with the author's data key) and
 * {@code content} is null; read it through {@code Contents.messageText}. Moderation may hide it
 * ({@code hiddenAt}): it keeps its content, shown to members as a placeholder until restored.
 */
@Entity
@Table(name = "messages")
@NamedQuery(name = ChatMessage.AFTER, query = "SELECT m FROM ChatMessage m WHERE m.roomId = :roomId AND m.seq > :seq ORDER BY m.seq ASC")
@NamedQuery(name = ChatMessage.BEFORE, query = "SELECT m FROM ChatMessage m WHERE m.roomId = :roomId AND m.seq < :seq ORDER BY m.seq DESC")
public class ChatMessage {
    public static final String AFTER = "ChatMessage.after";
    public static final String BEFORE = "ChatMessage.before";

    @Id
    @Column(name = "message_id")
    private String messageId;
    @Column(name = "room_id", nullable = false, updatable = false)
    private String roomId;
    @Column(name = "seq", nullable = false, updatable = false)
    private long seq;
    @Column(name = "sender_id", nullable = false, updatable = false)
    private String senderId;
    @Column(name = "client_msg_id", updatable = false)
    private String clientMsgId;
    @Column(name = "content")
    private String content;
    @Column(name = "content_sealed")
    private String contentSealed;
    @Column(name = "reply_to", updatable = false)
    private String replyTo;
    @Column(name = "sent_at", nullable = false, updatable = false)
    private Instant sentAt;
    @Column(name = "stored_at", nullable = false, updatable = false)
    private Instant storedAt;
    @Column(name = "edited_at")
    private Instant editedAt;
    @Column(name = "deleted_at")
    private Instant deletedAt;
    @Column(name = "deleted_by")
    private String deletedBy;
    @Column(name = "hidden_at")
    private Instant hiddenAt;

    protected ChatMessage() {
        // for JPA
    }

    public ChatMessage(String messageId, String roomId, long seq, String senderId, String clientMsgId,
                       String content, String contentSealed, String replyTo, Instant sentAt, Instant storedAt) {
        this.messageId = messageId;
        this.roomId = roomId;
        this.seq = seq;
        this.senderId = senderId;
        this.clientMsgId = clientMsgId;
        this.content = content;
        this.contentSealed = contentSealed;
        this.replyTo = replyTo;
        this.sentAt = sentAt;
        this.storedAt = storedAt;
    }

    /** New content, plain or sealed (the other null). */
    public void edit(String newContent, String newContentSealed, Instant at) {
        content = newContent;
        contentSealed = newContentSealed;
        editedAt = at;
    }

    public void delete(String by, Instant at) {
        content = null;
        contentSealed = null;
        deletedAt = at;
        deletedBy = by;
    }

    /** Moderation hides it from the room (or shows it again: {@code at} null). */
    public void hide(Instant at) {
        hiddenAt = at;
    }

    public String messageId() { return messageId; }
    public String roomId() { return roomId; }
    public long seq() { return seq; }
    public String senderId() { return senderId; }
    public String clientMsgId() { return clientMsgId; }
    public String content() { return content; }
    public String contentSealed() { return contentSealed; }
    public String replyTo() { return replyTo; }
    public Instant sentAt() { return sentAt; }
    public Instant storedAt() { return storedAt; }
    public Instant editedAt() { return editedAt; }
    public Instant deletedAt() { return deletedAt; }
    public boolean isDeleted() { return deletedAt != null; }
    public boolean isHidden() { return hiddenAt != null; }
}
