package dev.chat.api.rest;

import java.time.Instant;

/** A push subscription of the caller, as registered ({@code id} names it for {@code DELETE}). */
public record PushSubscriptionView(String id, String endpoint, Instant createdAt) {
}
