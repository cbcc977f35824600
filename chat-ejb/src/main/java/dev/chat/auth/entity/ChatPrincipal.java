package dev.chat.auth.entity;

import java.security.Principal;
import java.time.Instant;

/**
 * The authenticated user of a connection, from a verified access token; for a WebSocket also the
 * client address it connected from ({@code connectedFrom}, null elsewhere), which the per-address
 * connection limit counts.
 */
public record ChatPrincipal(String userId, String username, Instant expiresAt, String connectedFrom) implements Principal {

    public ChatPrincipal(String userId, String username, Instant expiresAt) {
        this(userId, username, expiresAt, null);
    }

    /** This principal on a connection from {@code address}. */
    public ChatPrincipal connectedFrom(String address) {
        return new ChatPrincipal(userId, username, expiresAt, address);
    }

    @Override
    public String getName() {
        return userId;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
