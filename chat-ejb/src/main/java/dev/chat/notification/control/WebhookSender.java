package dev.chat.notification.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * POSTs each digest as JSON to the deployment's webhook ({@code chat.notifications.webhook.url}),
 * for a relay to FCM, APNs, mail or anything else. The receiver checks header
 * {@code X-Chat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">} with the shared
 * {@code chat.notifications.webhook.secret} (and refuses an old {@code t}: no replays), and
 * de-duplicates by {@code X-Chat-Delivery} (the digest's id, the same on every retry). Any 2xx is
 * success. Off while no URL is set; a URL without a secret is refused at start.
 */
@ApplicationScoped
public class WebhookSender {
    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());

    @Inject
    OutboundHttp http;

    @Inject
    @ConfigProperty(name = "chat.notifications.webhook.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "chat.notifications.webhook.secret")
    Optional<String> secret;

    private URI target;

    @PostConstruct
    void check() {
        if (url.isEmpty() || url.get().isBlank()) {
            LOG.log(Level.INFO, "The notification webhook is off (chat.notifications.webhook.url is not set)");
            return;
        }
        if (secret.isEmpty() || secret.get().length() < 16) {
            throw new IllegalStateException("chat.notifications.webhook.url is set, so chat.notifications.webhook.secret must be too"
                    + " (at least 16 characters): receivers verify each POST with it");
        }
        target = URI.create(url.get().strip());
    }

    public boolean enabled() {
        return target != null;
    }

    /** Completes when the receiver answered 2xx; fails with a {@link DeliveryFailure} otherwise. */
    public CompletionStage<Void> send(String deliveryId, byte[] json) {
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of("Content-Type", "application/json; charset=utf-8",
                "X-Chat-Delivery", deliveryId,
                "X-Chat-Signature", "t=" + timestamp + ",v1=" + signature(secret.orElseThrow(), timestamp, json));
        return http.post(target, headers, json, "webhook").thenAccept(status -> {
            if (status / 100 != 2) {
                throw DeliveryFailure.ofStatus("webhook", status);
            }
        });
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
    public static String signature(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
