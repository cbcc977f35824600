package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.attachment.entity.Attachment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The checks every upload passes, whichever way it came: its type is what its first bytes say,
 * that type is accepted, and it is the type the uploader declared (a declared {@code image/png}
 * that is really a script is refused, not relabelled); an image is within the pixel limit, loses
 * its metadata (turned upright first if its EXIF said it was held sideways) and gets a preview.
 */
@ApplicationScoped
public class UploadChecks {
    /** Names clients use for the types the server names otherwise. */
    private static final Map<String, String> ALIASES = Map.of(
            "image/jpg", ContentTypes.JPEG,
            "image/pjpeg", ContentTypes.JPEG,
            "application/x-zip-compressed", ContentTypes.ZIP,
            "application/x-pdf", ContentTypes.PDF);

    @Inject
    AttachmentLimits limits;

    @Inject
    ImageWorkers imageWorkers;

    /** What the checks made of a file the server holds whole: the bytes to store, what they are, and a preview (images). */
    public record Checked(byte[] content, Attachment.CheckedContent description, byte[] preview) {
    }

    /**
     * The type of a file from its first bytes, checked against what is accepted and what was declared.
     *
     * @param declaredType what the uploader said (null or {@code application/octet-stream}: they did not know)
     * @param complete     whether {@code head} is the whole file
     * @throws ChatException UNSUPPORTED_TYPE when not accepted or not what was declared
     */
    public String typeOf(byte[] head, boolean complete, String declaredType) {
        boolean cut = head.length > ContentTypes.SNIFF_BYTES;
        String found = ContentTypes.sniff(cut ? Arrays.copyOf(head, ContentTypes.SNIFF_BYTES) : head, complete && !cut);
        String declared = normalized(declaredType);
        if (declared != null && !declared.equals(ContentTypes.UNKNOWN) && !declared.equals(found)) {
            throw new ChatException(ErrorCode.UNSUPPORTED_TYPE, "the file was declared " + declared + " but its content is "
                    + (found.equals(ContentTypes.UNKNOWN) ? "of no accepted type" : found));
        }
        limits.requireAllowedType(found);
        return found;
    }

    /** Checks a file the server holds whole; for an image, strips it and draws its preview. */
    public Checked check(byte[] content, String declaredType, boolean direct) {
        String type = typeOf(content, true, declaredType);
        boolean image = ContentTypes.isImage(type);
        limits.requireWithinSize(content.length, direct, image);
        if (!image) {
            return new Checked(content, new Attachment.CheckedContent(type, content.length, sha256(content), null, null), null);
        }
        return imageWorkers.run(() -> checkImage(content, type));
    }

    private Checked checkImage(byte[] content, String type) {
        int orientation = type.equals(ContentTypes.JPEG) ? ImageMetadata.jpegOrientation(content) : 1;
        ImagePreview.Dimensions dimensions = ImagePreview.dimensions(content, orientation, limits.maxPixels());
        byte[] stripped = orientation == 1 ? ImageMetadata.strip(content, type)
                : ImageMetadata.strip(ImagePreview.uprightJpeg(content, orientation), type); // the encoder writes no EXIF, stripped anyway
        byte[] preview = ImagePreview.preview(stripped, 1, limits.previewSize());
        return new Checked(stripped, new Attachment.CheckedContent(type, stripped.length, sha256(stripped), dimensions.width(), dimensions.height()),
                preview);
    }

    /** The type as the server names it, without parameters; null when none was given. */
    public static String normalized(String declaredType) {
        if (declaredType == null || declaredType.isBlank()) {
            return null;
        }
        String bare = declaredType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(bare, bare);
    }

    /** Hex SHA-256 of the content: the checksum attachments keep. */
    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
