package dev.chat.api.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/notifications/push/subscriptions}: a browser's push subscription, as
 * {@code PushSubscription.toJSON()} gives it: the push service's {@code endpoint} and the keys the
 * payload is encrypted for (RFC 8291): {@code p256dh}, the user agent's P-256 public key, and
 * {@code auth}, its 16-byte secret, both base64url.
 */
public record PushSubscriptionRequest(
        @NotBlank(message = "is required") @Size(max = 2000, message = "must be at most 2000 characters") String endpoint,
        Long expirationTime,
        @NotNull(message = "is required") @Valid Keys keys) {

    /** The subscription's keys, base64url without padding as browsers give them. */
    public record Keys(@NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") String p256dh,
                       @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters") String auth) {
    }
}
