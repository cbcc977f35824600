package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.auth.control.PemKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Short-lived download links: {@code ?user=&exp=&sig=}, an HMAC-SHA256 over the attachment, the
 * variant (the file or its preview), the user the link was made for and its expiry. A link works
 * without a bearer token (an {@code <img src>} cannot send one), only until it expires, and only
 * while its user is still a member of the room (checked again at download). The key is
 * {@code chat.attachments.link-secret}, or, when that is empty, derived from the JWT signing key
 * that every node of a deployment shares, so that a link made by one node works on all.
 */
@ApplicationScoped
public class DownloadLinks {

    /** What a link opens: the file, or its preview. */
    public enum Variant {
        FILE, PREVIEW
    }

    /** The parts of a link a client presents back. */
    public record Signed(String userId, long expiresAtEpochSecond, String signature) {
    }

    @Inject
    @ConfigProperty(name = "chat.attachments.link-secret", defaultValue = " ")
    String linkSecret;

    @Inject
    @ConfigProperty(name = "chat.auth.signing-key.location")
    String signingKeyLocation;

    private SecretKeySpec key;

    @PostConstruct
    void deriveKey() {
        byte[] secret = linkSecret.isBlank() ? PemKeys.privateKey(signingKeyLocation).getEncoded() // a path or a file: URL
                : linkSecret.strip().getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("chat attachment links\0".getBytes(StandardCharsets.US_ASCII)); // a key of its own, not the signing key
            key = new SecretKeySpec(sha256.digest(secret), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Signed sign(String attachmentId, Variant variant, String userId, Instant expiresAt) {
        long exp = expiresAt.getEpochSecond();
        return new Signed(userId, exp, signature(attachmentId, variant, userId, exp));
    }

    /**
     * Checks a presented link.
     *
     * @throws ChatException FORBIDDEN when it was not made by this deployment for this attachment, or has expired
     */
    public void verify(String attachmentId, Variant variant, Signed presented, Instant now) {
        if (presented.userId() == null || presented.signature() == null
                || !MessageDigest.isEqual(signature(attachmentId, variant, presented.userId(), presented.expiresAtEpochSecond())
                .getBytes(StandardCharsets.US_ASCII), presented.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new ChatException(ErrorCode.FORBIDDEN, "not a valid link to this attachment");
        }
        if (now.getEpochSecond() > presented.expiresAtEpochSecond()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "the link has expired: ask for a new one (GET /api/v1/attachments/" + attachmentId + ")");
        }
    }

    private String signature(String attachmentId, Variant variant, String userId, long exp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((attachmentId + '\n' + variant + '\n' + userId + '\n' + exp).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
