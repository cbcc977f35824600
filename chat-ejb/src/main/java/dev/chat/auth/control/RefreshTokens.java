package dev.chat.auth.control;

import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.auth.entity.RefreshToken;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refresh tokens: 256 random bits, handed out once, stored only as SHA-256. Each use rotates the
 * token (the used one is revoked, a new one of the same family issued). A token that is used
 * again after its rotation was stolen or leaked: the whole family is revoked.
 */
@Stateless
public class RefreshTokens {
    private static final Logger LOG = Logger.getLogger(RefreshTokens.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "chat.auth.refresh-token-ttl-days", defaultValue = "30")
    long ttlDays;

    @Resource
    SessionContext context;

    /** A token of a new family, for a login. */
    public String issue(String userId) {
        return issue(userId, UUID.randomUUID().toString());
    }

    /**
     * Spends a token: returns the user it belongs to and revokes it.
     *
     * @throws ChatException UNAUTHORIZED when unknown, expired or already used
     */
    public RefreshToken spend(String token) {
        RefreshToken stored = find(token).orElseThrow(() -> new ChatException(ErrorCode.UNAUTHORIZED, "refresh token unknown"));
        Instant now = DatabaseClock.now();
        if (stored.isRevoked()) {
            LOG.log(Level.WARNING, "Refresh token reused for user {0}: revoking its family", stored.userId());
            // in a transaction of its own: the refusal below rolls back the caller's
            context.getBusinessObject(RefreshTokens.class).revokeFamily(stored.familyId());
            throw new ChatException(ErrorCode.UNAUTHORIZED, "refresh token already used");
        }
        if (stored.isExpiredAt(now)) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "refresh token expired");
        }
        stored.revoke(now);
        return stored;
    }

    /** The successor of a spent token, in the same family. */
    public String rotate(RefreshToken spent) {
        return issue(spent.userId(), spent.familyId());
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void revokeFamily(String familyId) {
        revoke(familyId);
    }

    /** Revokes the family of a token (a logout): later refreshes with it, or with its successors, are refused. */
    public void revokeFamilyOf(String token) {
        find(token).ifPresent(stored -> revoke(stored.familyId()));
    }

    public void revokeAllOf(String userId) {
        em.createNamedQuery(RefreshToken.REVOKE_USER).setParameter("now", DatabaseClock.now())
                .setParameter("userId", userId).executeUpdate();
    }

    private Optional<RefreshToken> find(String token) {
        return em.createNamedQuery(RefreshToken.BY_HASH, RefreshToken.class).setParameter("hash", hash(token))
                .getResultStream().findFirst();
    }

    private void revoke(String familyId) {
        em.createNamedQuery(RefreshToken.REVOKE_FAMILY).setParameter("now", DatabaseClock.now())
                .setParameter("family", familyId).executeUpdate();
    }

    private String issue(String userId, String familyId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = DatabaseClock.now();
        em.persist(new RefreshToken(UUID.randomUUID().toString(), familyId, userId, hash(token), now,
                now.plus(Duration.ofDays(ttlDays))));
        return token;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
