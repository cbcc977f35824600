package dev.chat.attachment.entity;

import dev.chat.api.rest.AttachmentView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One uploaded file. {@code pending} from the moment a client was given an upload URL until the
 * server has checked what arrived; {@code ready} after, with its type as found in the content
 * (never the uploader's word), its final size and SHA-256. It belongs to a room from the start, and
 * to a message once one that carries it was stored.
 */
@Entity
@Table(name = "attachments")
public class Attachment {
    public static final String PENDING = "pending";
    public static final String READY = "ready";
    public static final String REMOVED = "removed";

    @Id
    @Column(name = "id")
    private String id;
    @Column(name = "owner_id", nullable = false, updatable = false)
    private String ownerId;
    @Column(name = "room_id", nullable = false, updatable = false)
    private String roomId;
    @Column(name = "file_key", nullable = false, updatable = false)
    private String fileKey;
    @Column(name = "mime_type", nullable = false)
    private String mimeType;
    @Column(name = "size", nullable = false)
    private long size;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "original_name", nullable = false, updatable = false)
    private String originalName;
    @Column(name = "checksum")
    private String checksum;
    @Column(name = "width")
    private Integer width;
    @Column(name = "height")
    private Integer height;
    @Column(name = "thumbnail_key")
    private String thumbnailKey;
    @Column(name = "state", nullable = false)
    private String state;
    @Column(name = "message_id")
    private String messageId;
    @Column(name = "attached_at")
    private Instant attachedAt;
    @Column(name = "upload_key")
    private String uploadKey;
    /** Its file and preview are stored sealed with its owner's data key (docs/privacy.md, "Encryption at rest"). */
    @Column(name = "sealed", nullable = false, updatable = false)
    private boolean sealed;

    protected Attachment() {
        // for JPA
    }

    /**
     * An upload announced by its owner: the content is not there, or not checked, yet.
     *
     * @param uploadKey where the client uploads it (a presigned URL), null when the server stores it itself
     * @param sealed    whether the server stores it sealed
     */
    public static Attachment pending(String id, String ownerId, String roomId, String fileKey, String uploadKey, String declaredType,
                                     long declaredSize, String originalName, Instant at, boolean sealed) {
        Attachment attachment = new Attachment();
        attachment.sealed = sealed;
        attachment.uploadKey = uploadKey;
        attachment.id = id;
        attachment.ownerId = ownerId;
        attachment.roomId = roomId;
        attachment.fileKey = fileKey;
        attachment.mimeType = declaredType;
        attachment.size = declaredSize;
        attachment.originalName = originalName;
        attachment.createdAt = at;
        attachment.state = PENDING;
        return attachment;
    }

    /** The content was checked: what it is, as stored (after its metadata was stripped, for an image). */
    public void ready(CheckedContent content, String thumbnailKey) {
        mimeType = content.mimeType();
        size = content.size();
        checksum = content.sha256();
        width = content.width();
        height = content.height();
        this.thumbnailKey = thumbnailKey;
        state = READY;
    }

    /** What the checks found in an upload, as it is stored. */
    public record CheckedContent(String mimeType, long size, String sha256, Integer width, Integer height) {
    }

    public AttachmentView view() {
        return new AttachmentView(id, originalName, mimeType, size, width, height, thumbnailKey != null ? Boolean.TRUE : null);
    }

    public boolean isPending() {
        return PENDING.equals(state);
    }

    public boolean isReady() {
        return READY.equals(state);
    }

    public boolean isSent() {
        return messageId != null;
    }

    public String id() {
        return id;
    }

    public String ownerId() {
        return ownerId;
    }

    public String roomId() {
        return roomId;
    }

    public String fileKey() {
        return fileKey;
    }

    public String mimeType() {
        return mimeType;
    }

    public long size() {
        return size;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String originalName() {
        return originalName;
    }

    public String uploadKey() {
        return uploadKey;
    }

    public String thumbnailKey() {
        return thumbnailKey;
    }

    public String messageId() {
        return messageId;
    }

    public boolean isSealed() {
        return sealed;
    }
}
