package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What uploads may be (docs/configuration.md, "Attachments"). Images are accepted only in the
 * types whose metadata the server can strip ({@link ImageMetadata}: JPEG, PNG, GIF): another image
 * type in {@code chat.attachments.allowed-types} is left out, with a warning at start.
 */
@ApplicationScoped
public class AttachmentLimits {
    private static final Logger LOG = Logger.getLogger(AttachmentLimits.class.getName());
    private static final Set<String> STRIPPABLE_IMAGES = Set.of(ContentTypes.JPEG, ContentTypes.PNG, ContentTypes.GIF);

    @Inject
    @ConfigProperty(name = "chat.attachments.max-bytes", defaultValue = "26214400")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "chat.attachments.max-direct-bytes", defaultValue = "10485760")
    long maxDirectBytes;

    @Inject
    @ConfigProperty(name = "chat.attachments.max-image-bytes", defaultValue = "20971520")
    long maxImageBytes;

    @Inject
    @ConfigProperty(name = "chat.attachments.allowed-types",
            defaultValue = "image/jpeg,image/png,image/gif,application/pdf,text/plain,application/zip")
    List<String> allowedTypes;

    @Inject
    @ConfigProperty(name = "chat.attachments.quota-bytes", defaultValue = "1073741824")
    long quotaBytes;

    @Inject
    @ConfigProperty(name = "chat.attachments.image.max-pixels", defaultValue = "16777216")
    long maxPixels;

    @Inject
    @ConfigProperty(name = "chat.attachments.image.preview-size", defaultValue = "320")
    int previewSize;

    @Inject
    @ConfigProperty(name = "chat.attachments.upload-url-seconds", defaultValue = "900")
    long uploadUrlSeconds;

    @Inject
    @ConfigProperty(name = "chat.attachments.download-url-seconds", defaultValue = "300")
    long downloadUrlSeconds;

    @Inject
    @ConfigProperty(name = "chat.attachments.unattached-ttl-seconds", defaultValue = "86400")
    long unattachedTtlSeconds;

    private Set<String> accepted;

    @PostConstruct
    void readTypes() {
        accepted = new LinkedHashSet<>();
        for (String type : allowedTypes) {
            String normalized = type.strip().toLowerCase(Locale.ROOT);
            if (ContentTypes.isImage(normalized) && !STRIPPABLE_IMAGES.contains(normalized)) {
                LOG.log(Level.WARNING, "chat.attachments.allowed-types names {0}: left out, its metadata cannot be stripped", normalized);
            } else if (!normalized.isEmpty()) {
                accepted.add(normalized);
            }
        }
    }

    /** @throws ChatException UNSUPPORTED_TYPE when uploads of this type are not accepted */
    public void requireAllowedType(String mimeType) {
        if (mimeType == null || !accepted.contains(mimeType.toLowerCase(Locale.ROOT))) {
            throw new ChatException(ErrorCode.UNSUPPORTED_TYPE, "files of type " + mimeType + " are not accepted (accepted: "
                    + String.join(", ", accepted) + ")");
        }
    }

    /** @throws ChatException TOO_LARGE above the limit of the way it is uploaded (an image: also above the image limit) */
    public void requireWithinSize(long size, boolean direct, boolean image) {
        long limit = direct ? Math.min(maxBytes, maxDirectBytes) : maxBytes;
        if (image) {
            limit = Math.min(limit, maxImageBytes);
        }
        if (size > limit) {
            throw new ChatException(ErrorCode.TOO_LARGE, (image ? "images" : direct ? "files sent through the server" : "files")
                    + " may have at most " + limit + " bytes, this one has " + size);
        }
        if (size <= 0) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "the file is empty");
        }
    }

    /** @throws ChatException QUOTA_EXCEEDED when a user who stores {@code stored} bytes cannot add {@code more} */
    public void requireWithinQuota(long stored, long more) {
        if (stored + more > quotaBytes) {
            throw new ChatException(ErrorCode.QUOTA_EXCEEDED, "your files would take " + (stored + more) + " bytes, more than your quota of "
                    + quotaBytes + " (delete messages with files to free space)");
        }
    }

    /** The most a file sent through the server may have. */
    public long maxDirectBytes() {
        return Math.min(maxBytes, maxDirectBytes);
    }

    public long maxPixels() {
        return maxPixels;
    }

    public int previewSize() {
        return previewSize;
    }

    public Duration uploadUrlValidity() {
        return Duration.ofSeconds(uploadUrlSeconds);
    }

    public Duration downloadUrlValidity() {
        return Duration.ofSeconds(downloadUrlSeconds);
    }

    /** How long an upload may wait for a message before the sweeper removes it. */
    public Duration unattachedTtl() {
        return Duration.ofSeconds(unattachedTtlSeconds);
    }

    /** How much younger than the sweep an upload must be to be sent: a message stored later than the sweep would find it gone. */
    public Duration sendableFor() {
        Duration ttl = unattachedTtl();
        return ttl.minus(ttl.dividedBy(10).compareTo(Duration.ofMinutes(5)) < 0 ? ttl.dividedBy(10) : Duration.ofMinutes(5));
    }
}
