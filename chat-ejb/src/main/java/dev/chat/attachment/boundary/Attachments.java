package dev.chat.attachment.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.AttachmentLinks;
import dev.chat.api.rest.AttachmentUploadRequest;
import dev.chat.api.rest.AttachmentUploadSlot;
import dev.chat.api.rest.AttachmentView;
import dev.chat.attachment.control.AttachmentLimits;
import dev.chat.attachment.control.AttachmentRecords;
import dev.chat.attachment.control.ContentTypes;
import dev.chat.attachment.control.DownloadLinks;
import dev.chat.attachment.control.ObjectStore;
import dev.chat.attachment.control.UploadChecks;
import dev.chat.attachment.entity.Attachment;
import dev.chat.crypto.boundary.Contents;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.ratelimit.boundary.SendRateLimit;
import dev.chat.room.boundary.RoomMembership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Files shared in rooms (docs/rest-api.md, "Attachments"). Two ways up: a presigned PUT straight
 * to the object store ({@link #requestUpload}, then {@link #complete}) for any size, and one request
 * through the server ({@link #upload}) for small files and simple clients; with encryption at rest
 * on, only the second, which stores the file and its preview sealed with the uploader's data key. Either way the content
 * is checked before anyone can send it ({@link UploadChecks}), each upload takes a permit of the
 * sender's rate limit and counts against their quota, and only members of the room download it,
 * through short-lived signed links. Nothing here holds a database row while it talks to the store.
 */
@ApplicationScoped
public class Attachments {
    private static final Logger LOG = Logger.getLogger(Attachments.class.getName());
    private static final int MAX_NAME_LENGTH = 255;
    private static final String PREVIEW_SUFFIX = ".preview.jpg";
    /** The parts of an attachment that are stored: the file and an image's preview. */
    private static final String FILE = "file";
    private static final String PREVIEW = "preview";

    @Inject
    AttachmentRecords records;

    @Inject
    ObjectStore store;

    @Inject
    UploadChecks checks;

    @Inject
    AttachmentLimits limits;

    @Inject
    DownloadLinks links;

    @Inject
    RoomMembership membership;

    @Inject
    SendRateLimit rateLimit;

    @Inject
    AttachmentMetrics metrics;

    @Inject
    AttachmentSweeper sweeper;

    @Inject
    Contents contents;

    /** A downloadable object: what to send and how to name it. */
    public record Download(InputStream content, String mimeType, String fileName, long size, boolean preview) {
    }

    /**
     * An upload slot: the attachment's id and a presigned URL to PUT the file to (with the
     * declared type as its {@code Content-Type}), valid for {@code chat.attachments.upload-url-seconds}.
     */
    public AttachmentUploadSlot requestUpload(String callerId, AttachmentUploadRequest request) {
        if (contents.sealing()) {
            throw new ChatException(ErrorCode.NOT_OFFERED, "files are encrypted at rest here, so they pass through the server:"
                    + " POST /api/v1/attachments (multipart/form-data), at most " + limits.maxDirectBytes() + " bytes");
        }
        membership.requireMember(request.roomId(), callerId);
        String declared = UploadChecks.normalized(request.mimeType());
        limits.requireAllowedType(declared);
        limits.requireWithinSize(request.size(), false, ContentTypes.isImage(declared));
        limits.requireWithinQuota(records.bytesOf(callerId), request.size());
        rateLimit.acquireNow(callerId);
        Instant now = DatabaseClock.now();
        String id = UUID.randomUUID().toString();
        Attachment pending = Attachment.pending(id, callerId, request.roomId(), fileKey(request.roomId(), id), "uploads/" + id, declared,
                request.size(), fileName(request.name()), now, false);
        Instant expiresAt = now.plus(limits.uploadUrlValidity());
        URI url = store.presignedPut(pending.uploadKey(), declared, request.size(), limits.uploadUrlValidity());
        records.persist(pending);
        return new AttachmentUploadSlot(id, url.toString(), "PUT", Map.of("Content-Type", declared), expiresAt);
    }

    /**
     * Checks what arrived for an upload slot and makes it sendable: the size must be the declared
     * one and the content of the declared, accepted type. The server first copies the upload to a
     * key only it writes and checks that copy (the upload URL can write until it expires: what is
     * checked must be what is served); an image is stripped of its metadata there and gets a
     * preview. A refused upload is removed. Completing again answers the same (a failure of the
     * store on the way can be retried: the upload stays until its URL expires).
     */
    public AttachmentView complete(String callerId, String attachmentId) {
        Attachment attachment = ownUpload(callerId, attachmentId);
        if (attachment.isReady()) {
            return attachment.view();
        }
        if (!attachment.isPending()) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no upload " + attachmentId + " of yours");
        }
        long size = store.sizeOf(attachment.uploadKey()).orElseThrow(() -> new ChatException(ErrorCode.CONFLICT,
                "nothing was uploaded for attachment " + attachmentId + " yet: PUT the file to its uploadUrl first"));
        try {
            if (size != attachment.size()) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "the upload has " + size + " bytes, " + attachment.size() + " were declared");
            }
            store.copy(attachment.uploadKey(), attachment.fileKey());
            Attachment.CheckedContent content;
            String previewKey = null;
            if (ContentTypes.isImage(attachment.mimeType())) {
                UploadChecks.Checked checked = checks.check(store.read(attachment.fileKey()), attachment.mimeType(), false);
                store.put(attachment.fileKey(), checked.content(), checked.description().mimeType());
                previewKey = storePreview(attachment, checked.preview());
                content = checked.description();
            } else {
                String type = checks.typeOf(store.head(attachment.fileKey(), ContentTypes.SNIFF_BYTES), size <= ContentTypes.SNIFF_BYTES,
                        attachment.mimeType());
                content = new Attachment.CheckedContent(type, size, sha256Of(attachment.fileKey()), null, null);
            }
            if (records.markReady(attachmentId, content, previewKey)) {
                metrics.uploaded(content.size());
            }
            Attachment now = records.find(attachmentId);
            if (now == null || !now.isReady()) {
                throw new ChatException(ErrorCode.NOT_FOUND, "no upload " + attachmentId + " of yours"); // refused meanwhile by a second completion
            }
            return now.view();
        } catch (ChatException refused) {
            if (refused.code() != ErrorCode.UNAVAILABLE && refused.code() != ErrorCode.OVERLOADED) {
                refuse(attachment);
            }
            throw refused;
        } catch (RuntimeException unreadable) {
            refuse(attachment);
            throw unreadable;
        }
    }

    /** A file sent through the server in one request: checked, stored and ready at once. */
    public AttachmentView upload(String callerId, String roomId, String name, String declaredType, InputStream content) {
        membership.requireMember(roomId, callerId);
        byte[] bytes = readBounded(content);
        limits.requireWithinQuota(records.bytesOf(callerId), bytes.length);
        rateLimit.acquireNow(callerId); // before the work: a sender over the limit costs no image decoding
        UploadChecks.Checked checked = checks.check(bytes, declaredType, true);
        String id = UUID.randomUUID().toString();
        Attachment attachment = Attachment.pending(id, callerId, roomId, fileKey(roomId, id), null, checked.description().mimeType(),
                checked.description().size(), fileName(name), DatabaseClock.now(), contents.sealing());
        records.persist(attachment); // first: objects stored for a row that then failed are swept with it
        store.put(attachment.fileKey(), stored(attachment, FILE, checked.content()), checked.description().mimeType());
        String previewKey = checked.preview() != null ? storePreview(attachment, checked.preview()) : null;
        records.markReady(id, checked.description(), previewKey);
        metrics.uploaded(checked.description().size());
        attachment.ready(checked.description(), previewKey);
        return attachment.view();
    }

    /**
     * The attachments a message may carry, in the order given, claimed for it: each the sender's
     * own checked upload to this room, not sent with another message (a resend of the same
     * message, under its id, may name them again), and not so old that the sweeper may take it
     * first. The claim is one statement: two messages never both get a file.
     *
     * @throws ChatException INVALID_FIELD naming the first that is not
     */
    public List<AttachmentView> requireSendable(String senderId, String roomId, String messageId, List<String> attachmentIds) {
        if (attachmentIds.isEmpty()) {
            return List.of();
        }
        Map<String, Attachment> found = records.byIds(attachmentIds);
        Instant oldest = DatabaseClock.now().minus(limits.sendableFor());
        List<AttachmentView> sendable = attachmentIds.stream().map(id -> {
            Attachment attachment = found.get(id);
            if (attachment == null || !attachment.ownerId().equals(senderId) || !attachment.roomId().equals(roomId)) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "attachment " + id + " is not an upload of yours to room " + roomId);
            }
            if (!attachment.isReady()) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "attachment " + id + " is not complete: POST /api/v1/attachments/" + id
                        + "/complete after its upload");
            }
            if (attachment.isSent() && !attachment.messageId().equals(messageId)) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "attachment " + id + " was sent with another message already");
            }
            if (!attachment.isSent() && attachment.createdAt().isBefore(oldest)) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "attachment " + id + " was uploaded too long ago: upload it again");
            }
            return attachment.view();
        }).toList();
        if (records.claim(attachmentIds, senderId, roomId, messageId) < attachmentIds.size()) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "an attachment of this message was sent with another message meanwhile");
        }
        return sendable;
    }

    /**
     * Links to a file and its preview for a member of its room (an upload not sent yet: for its
     * owner only), valid for {@code chat.attachments.download-url-seconds}.
     */
    public AttachmentLinks linksFor(String callerId, String attachmentId, String baseUri) {
        Attachment attachment = readable(callerId, attachmentId);
        Instant expiresAt = Instant.now().plus(limits.downloadUrlValidity());
        String file = link(baseUri, attachmentId, "content", links.sign(attachmentId, DownloadLinks.Variant.FILE, callerId, expiresAt));
        String preview = attachment.thumbnailKey() == null ? null
                : link(baseUri, attachmentId, "preview", links.sign(attachmentId, DownloadLinks.Variant.PREVIEW, callerId, expiresAt));
        return new AttachmentLinks(attachment.view(), attachment.roomId(), attachment.messageId(), file, preview, expiresAt,
                limits.downloadUrlValidity().toSeconds());
    }

    /**
     * Opens a file (or its preview) for a signed link: valid, not expired, and its user still
     * allowed to read the attachment.
     *
     * @throws ChatException FORBIDDEN (bad or expired link), NOT_A_MEMBER, NOT_FOUND
     */
    public Download open(String attachmentId, DownloadLinks.Variant variant, DownloadLinks.Signed link) {
        links.verify(attachmentId, variant, link, Instant.now());
        Attachment attachment = readable(link.userId(), attachmentId);
        if (variant == DownloadLinks.Variant.PREVIEW) {
            if (attachment.thumbnailKey() == null) {
                throw new ChatException(ErrorCode.NOT_FOUND, "attachment " + attachmentId + " has no preview");
            }
            return new Download(read(attachment, PREVIEW, attachment.thumbnailKey()), ContentTypes.JPEG, "preview.jpg", -1, true);
        }
        return new Download(read(attachment, FILE, attachment.fileKey()), attachment.mimeType(), attachment.originalName(),
                attachment.size(), false);
    }

    /**
     * The file of a checked attachment as it was uploaded (for its owner's export), whoever asks;
     * the caller closes it.
     *
     * @throws ChatException NOT_FOUND (gone: removed, or its owner's keys shredded), UNAVAILABLE (the store)
     */
    public InputStream fileOf(String attachmentId) {
        Attachment attachment = records.find(attachmentId);
        if (attachment == null || !attachment.isReady()) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no attachment " + attachmentId);
        }
        return read(attachment, FILE, attachment.fileKey());
    }

    /** An attachment's file or preview as uploaded, opened when it is stored sealed. */
    private InputStream read(Attachment attachment, String part, String key) {
        InputStream stored = store.open(key);
        return attachment.isSealed() ? contents.openingFile(attachment.ownerId(), boundTo(attachment, part), stored) : stored;
    }

    /** The files of each message that has any (history, edits). */
    public Map<String, List<AttachmentView>> ofMessages(List<String> messageIds) {
        return records.ofMessages(messageIds);
    }

    /** Marks the attachments of a message being deleted removed (in its transaction); their objects go once it has committed. */
    public void removeOfMessage(String messageId) {
        List<String> removed = records.removeOfMessage(messageId);
        if (!removed.isEmpty()) {
            sweeper.removeAfterCommit(removed);
        }
    }

    private Attachment readable(String userId, String attachmentId) {
        Attachment attachment = records.find(attachmentId);
        if (attachment == null || !attachment.isReady()) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no attachment " + attachmentId);
        }
        if (!attachment.isSent()) {
            if (!attachment.ownerId().equals(userId)) {
                throw new ChatException(ErrorCode.NOT_FOUND, "no attachment " + attachmentId); // an unsent upload is nobody else's business
            }
            return attachment;
        }
        membership.requireMember(attachment.roomId(), userId);
        if (!attachment.ownerId().equals(userId) && records.isPlaceholderFor(attachment.messageId(), userId)) {
            // its message reaches this user as a placeholder (hidden by moderation, or its sender blocked): so do its files
            throw new ChatException(ErrorCode.NOT_FOUND, "no attachment " + attachmentId);
        }
        return attachment;
    }

    private Attachment ownUpload(String callerId, String attachmentId) {
        Attachment attachment = records.find(attachmentId);
        if (attachment == null || !attachment.ownerId().equals(callerId)) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no upload " + attachmentId + " of yours");
        }
        return attachment;
    }

    private String storePreview(Attachment attachment, byte[] preview) {
        String key = attachment.fileKey() + PREVIEW_SUFFIX;
        store.put(key, stored(attachment, PREVIEW, preview), ContentTypes.JPEG);
        return key;
    }

    /** The bytes to store for an attachment's file or preview: sealed when the attachment is. */
    private byte[] stored(Attachment attachment, String part, byte[] content) {
        return attachment.isSealed() ? contents.sealFile(attachment.ownerId(), boundTo(attachment, part), content) : content;
    }

    /** What a sealed file or preview is bound to: a copy on another attachment's key does not open. */
    private static String boundTo(Attachment attachment, String part) {
        return "attachment|" + attachment.id() + "|" + part;
    }

    /**
     * An upload that failed its checks: its checked copy goes at once, the row is marked removed
     * and the sweeper takes it with the upload key once the upload URL has expired (until then
     * the URL could write it again).
     */
    private void refuse(Attachment attachment) {
        try {
            records.markRemoved(attachment.id());
            store.delete(List.of(attachment.fileKey(), attachment.fileKey() + PREVIEW_SUFFIX));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove refused upload " + attachment.id() + " now (the sweeper does)", e);
        }
    }

    private String sha256Of(String key) {
        MessageDigest digest = UploadChecks.digest();
        try (InputStream in = new DigestInputStream(store.open(key), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ChatException(ErrorCode.UNAVAILABLE, "the attachment store is unavailable, try again later");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The whole request body, refused as soon as it exceeds what a direct upload may have. */
    private byte[] readBounded(InputStream content) {
        long limit = limits.maxDirectBytes();
        try {
            byte[] bytes = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new ChatException(ErrorCode.TOO_LARGE, "files sent through the server may have at most " + limit
                        + " bytes: ask for an upload URL (POST /api/v1/attachments/uploads) for larger ones");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String link(String baseUri, String attachmentId, String variant, DownloadLinks.Signed signed) {
        return baseUri + "attachments/" + attachmentId + "/" + variant + "?user=" + signed.userId() + "&exp=" + signed.expiresAtEpochSecond()
                + "&sig=" + signed.signature();
    }

    private static String fileKey(String roomId, String id) {
        return "rooms/" + roomId + "/" + id;
    }

    /** The name as shown and downloaded: no folders, no control characters, at most 255 chars; "file" when nothing is left. */
    static String fileName(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        // control and format characters (a right-to-left override turns "gpj.exe" into "exe.jpg" on screen)
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cc}\\p{Cf}]", "").strip();
        if (base.length() > MAX_NAME_LENGTH) {
            base = base.substring(0, MAX_NAME_LENGTH);
        }
        return base.isEmpty() || base.equals(".") || base.equals("..") ? "file" : base;
    }
}
