package dev.chat.notification.control;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import dev.chat.auth.control.PemKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.nio.file.Files;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Sends Web Push messages (RFC 8030) to browsers' push services: the payload encrypted for the
 * subscription (RFC 8291, aes128gcm) and signed for with the server's VAPID key (RFC 8292), both
 * built by the {@code com.interaso:webpush} library on the JDK's own crypto, sent by
 * {@link OutboundHttp}. The VAPID key pair is two PEM files (P-256: PKCS#8 private, X.509 public;
 * {@code bin/chat up} makes a dev pair); without them Web Push is off and says so once.
 * A push endpoint must match {@code chat.notifications.push.allowed-endpoints}: the server POSTs
 * to what a user registered, so by default only to https URLs.
 */
@ApplicationScoped
public class WebPushSender {
    private static final Logger LOG = Logger.getLogger(WebPushSender.class.getName());

    /** A browser's subscription: where to POST, and its keys (base64url). */
    public record Subscription(String id, String userId, String endpoint, String p256dh, String auth) {
    }

    /** The push service says the subscription is gone (404, 410): remove it. */
    public static final class SubscriptionGone extends DeliveryFailure {
        public SubscriptionGone(int status) {
            super("push service answered HTTP " + status + ": subscription expired", false, null);
        }
    }

    @Inject
    OutboundHttp http;

    @Inject
    @ConfigProperty(name = "chat.notifications.push.vapid.private-key.location")
    String privateKeyLocation;

    @Inject
    @ConfigProperty(name = "chat.notifications.push.vapid.public-key.location")
    String publicKeyLocation;

    @Inject
    @ConfigProperty(name = "chat.notifications.push.subject", defaultValue = "mailto:chat-admin@localhost")
    String subject;

    @Inject
    @ConfigProperty(name = "chat.notifications.push.allowed-endpoints", defaultValue = "https://.+")
    String allowedEndpoints;

    @Inject
    @ConfigProperty(name = "chat.notifications.push.ttl-seconds", defaultValue = "86400")
    int ttlSeconds;

    private WebPush webPush;
    private Pattern allowed;

    @PostConstruct
    void loadKeys() {
        allowed = Pattern.compile(allowedEndpoints);
        if (!Files.isReadable(PemKeys.path(privateKeyLocation)) || !Files.isReadable(PemKeys.path(publicKeyLocation))) {
            LOG.log(Level.INFO, "Web Push is off: no VAPID key pair at {0} and {1} (chat.notifications.push.vapid.*)",
                    new Object[]{privateKeyLocation, publicKeyLocation});
            return;
        }
        try {
            webPush = new WebPush(subject, new VapidKeys((ECPublicKey) PemKeys.publicKey(publicKeyLocation, "EC"),
                    (ECPrivateKey) PemKeys.privateKey(privateKeyLocation, "EC")));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot use the VAPID key pair (" + privateKeyLocation + ", " + publicKeyLocation
                    + "): P-256 keys in PEM, PKCS#8 and X.509, are required", e);
        }
    }

    public boolean enabled() {
        return webPush != null;
    }

    /** The VAPID public key as browsers take it ({@code applicationServerKey}): the uncompressed point, base64url. */
    public String publicKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(webPush.getVapidKeys().getApplicationServerKey());
    }

    public boolean allows(String endpoint) {
        return allowed.matcher(endpoint).matches();
    }

    /**
     * Encrypts and POSTs {@code payload}; {@code topic} (RFC 8030, at most 32 base64url
     * characters) lets the push service replace a copy of the same digest it still holds.
     * Fails with {@link SubscriptionGone} or a {@link DeliveryFailure}.
     */
    public CompletionStage<Void> send(Subscription subscription, byte[] payload, String topic) {
        byte[] body;
        Map<String, String> headers;
        try {
            body = webPush.getBody(payload, Base64.getUrlDecoder().decode(subscription.p256dh()),
                    Base64.getUrlDecoder().decode(subscription.auth()));
            headers = webPush.getHeaders(subscription.endpoint(), ttlSeconds, topic, WebPush.Urgency.Normal);
        } catch (RuntimeException unusable) {
            return CompletableFuture.failedFuture(
                    new DeliveryFailure("push subscription " + subscription.id() + " cannot be encrypted for: " + unusable, false, unusable));
        }
        return http.post(URI.create(subscription.endpoint()), headers, body, "push service").thenAccept(status -> {
            if (status == 404 || status == 410) {
                throw new SubscriptionGone(status);
            }
            if (status / 100 != 2) {
                throw DeliveryFailure.ofStatus("push service", status);
            }
        });
    }
}
