package dev.chat.auth.entity;

import java.security.Principal;
import java.time.Instant;

/** The authenticated user of a connection, from a verified access token. */
public record ChatPrincipal(String userId, String username, Instant expiresAt) implements Principal {

    @Override
    public String getName() {
        return userId;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
