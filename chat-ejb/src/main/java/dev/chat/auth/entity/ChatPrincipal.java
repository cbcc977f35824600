package dev.chat.auth.entity;

import java.security.Principal;
import java.time.Instant;

/**
 * The authenticated user of a connection, from a verified access token (issued in the account's
 * session generation {@code sessionGeneration}, claim {@code sgen}); for a WebSocket also the
 * client address it connected from ({@code connectedFrom}, null elsewhere), which the per-address
 * connection limit counts.
 */
public record ChatPrincipal(String userId, String username, int sessionGeneration, Instant expiresAt, String connectedFrom)
        implements Principal {

    public ChatPrincipal(String userId, String username, int sessionGeneration, Instant expiresAt) {
        this(userId, username, sessionGeneration, expiresAt, null);
    }

    /** This principal on a connection from {@code address}. */
    public ChatPrincipal connectedFrom(String address) {
        return new ChatPrincipal(userId, username, sessionGeneration, expiresAt, address);
    }

    /** Whether its token is of a session generation the account has ended ({@code current} is the account's now). */
    public boolean endedBy(int current) {
        return sessionGeneration < current;
    }

    @Override
    public String getName() {
        return userId;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
